using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Watchkeeper.Server.Data;

/// <summary>
/// Writes the tracked inserts and updates of chosen entity types with prepared statements instead of SaveChanges, for
/// the background workers that change thousands of rows at once (the health processor, the notification dispatcher).
/// Deletions and the other entity types stay with the SaveChanges that must follow in the same transaction.
/// </summary>
/// <remarks>
/// Change tracking writes one command per entity and compares every tracked entity again on each save. In the alarm
/// pipeline benchmark, a batch of 20,000 recurring faults spent more than half of its time there. The written entries
/// are marked unchanged, inserted ones with the keys the store returned, so the following SaveChanges neither writes
/// them again nor loses track of them. Values go through each property's own value converter, so both providers'
/// mappings (enum names, SQLite's Unix milliseconds) apply. The writer bypasses the audit interceptor, so user actions
/// must keep to SaveChanges.
/// </remarks>
internal sealed class TrackedBatchWriter
{
    // SQLite runs in process, where one prepared single-row statement reused for every row is fastest. PostgreSQL
    // needs several statements per command to save round trips.
    private const int StatementsPerCommandOnServer = 100;

    private readonly WatchkeeperDbContext _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly int _statementsPerCommand;

    private TrackedBatchWriter(WatchkeeperDbContext db, IDbContextTransaction transaction)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _transaction = transaction.GetDbTransaction();
        _statementsPerCommand = db.Database.IsSqlite() ? 1 : StatementsPerCommandOnServer;
    }

    public static TrackedBatchWriter For(WatchkeeperDbContext db) =>
        new(db, db.Database.CurrentTransaction ?? throw new InvalidOperationException("TrackedBatchWriter needs an open transaction."));

    /// <summary>
    /// Saves the context's changes in a transaction of their own, writing <paramref name="entityTypes"/> with the batch
    /// writer first. Start it only when the batch is ready: on SQLite the transaction holds the write lock until it commits.
    /// </summary>
    public static async Task SaveInTransactionAsync(WatchkeeperDbContext db, IReadOnlyList<Type> entityTypes, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await For(db).SaveAsync(entityTypes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts the added and updates the modified entries of <paramref name="entityTypes"/>, principals before their
    /// dependents in the order given, and returns how many rows it wrote.
    /// </summary>
    /// <remarks>
    /// An added entry that still refers to an unsaved row (a temporary foreign key) is left to SaveChanges. Setting an
    /// inserted principal's key updates its dependents' foreign keys, so dependents listed after it are written too.
    /// </remarks>
    public async Task<int> WriteAsync(IReadOnlyList<Type> entityTypes, CancellationToken cancellationToken)
    {
        var tracker = _db.ChangeTracker;
        tracker.DetectChanges();

        // Listing the tracked entries would detect changes again on every call, although nothing changes them meanwhile.
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var written = 0;
            foreach (var type in entityTypes)
            {
                var entity = WritableEntity(type);
                written += await InsertAsync(entity, cancellationToken);
                written += await UpdateAsync(entity, cancellationToken);
            }

            return written;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Writes <paramref name="entityTypes"/> as <see cref="WriteAsync"/> does, then saves the rest with SaveChanges without
    /// comparing every tracked entity again: the writer has just detected the changes.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<Type> entityTypes, CancellationToken cancellationToken)
    {
        await WriteAsync(entityTypes, cancellationToken);
        var tracker = _db.ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Returns the model's entity type, which must be a plain table of scalar columns.</summary>
    private IEntityType WritableEntity(Type type)
    {
        var entity = _db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var key = entity.FindPrimaryKey()?.Properties ?? throw new NotSupportedException($"{type.Name} has no primary key.");
        if (entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetComplexProperties().Any() || entity.GetTableName() is null
            || entity.GetProperties().Any(p => p.ValueGenerated != ValueGenerated.Never && !(key.Count == 1 && p == key[0])))
        {
            throw new NotSupportedException($"{type.Name} has owned, complex or store-generated columns that TrackedBatchWriter does not write.");
        }

        return entity;
    }

    private async Task<int> UpdateAsync(IEntityType entity, CancellationToken cancellationToken)
    {
        // Rows that changed the same columns share one statement, because a batch of recurrences changes the same few.
        var groups = _db.ChangeTracker.Entries()
            .Where(e => e.Metadata == entity && e.State == EntityState.Modified)
            .Select(e => (Entry: e, Columns: e.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray()))
            .Where(x => x.Columns.Length > 0)
            .GroupBy(x => string.Join(",", x.Columns.Select(p => p.Name)));

        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties;
        var count = 0;
        foreach (var group in groups)
        {
            var columns = group.First().Columns;
            var parameters = columns.Concat(key).ToArray();
            var set = string.Join(", ", columns.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{{0}}_{i}"));
            var where = string.Join(" AND ", key.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{{0}}_{columns.Length + i}"));
            var sql = $"UPDATE {Quote(entity.GetTableName()!)} SET {set} WHERE {where}";
            var entries = group.Select(x => x.Entry).ToList();
            await ExecuteAsync(entries, sql, parameters.Length, (entry, values) => Read(entry, parameters, values), cancellationToken);

            foreach (var entry in entries)
            {
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }

            count += entries.Count;
        }

        return count;
    }

    private async Task<int> InsertAsync(IEntityType entity, CancellationToken cancellationToken)
    {
        var key = entity.FindPrimaryKey()!.Properties;
        var generated = key.Count == 1 && key[0].ValueGenerated != ValueGenerated.Never ? key[0] : null;
        var entries = _db.ChangeTracker.Entries()
            .Where(e => e.Metadata == entity && e.State == EntityState.Added && !e.Properties.Any(p => p.IsTemporary && p.Metadata != generated))
            .ToList();
        if (entries.Count == 0)
        {
            return 0;
        }

        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p != generated).ToArray();
        var names = string.Join(", ", columns.Select(p => Quote(p.GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select((_, i) => $"@p{{0}}_{i}"));
        var sql = $"INSERT INTO {Quote(entity.GetTableName()!)} ({names}) VALUES ({values})";
        if (generated is null)
        {
            await ExecuteAsync(entries, sql, columns.Length, (entry, row) => Read(entry, columns, row), cancellationToken);
        }
        else
        {
            var ids = await QueryKeysAsync(entries, $"{sql} RETURNING {Quote(generated.GetColumnName(table)!)}", columns.Length,
                (entry, row) => Read(entry, columns, row), cancellationToken);
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].Property(generated.Name).CurrentValue = Convert.ChangeType(ids[i], generated.ClrType, CultureInfo.InvariantCulture);
            }
        }

        foreach (var entry in entries)
        {
            entry.State = EntityState.Unchanged;
        }

        return entries.Count;
    }

    private static void Read(EntityEntry entry, IProperty[] properties, object[] values)
    {
        for (var i = 0; i < properties.Length; i++)
        {
            values[i] = ToProvider(properties[i], entry.CurrentValues[properties[i]]);
        }
    }

    private async Task ExecuteAsync<TEntry>(List<TEntry> entries, string statement, int parameterCount, Action<TEntry, object[]> bind,
        CancellationToken cancellationToken)
    {
        var values = new object[parameterCount];
        await ChunkedCommands.ForEachAsync(entries, _statementsPerCommand, rows => Command(statement, parameterCount, rows), async (command, chunk) =>
        {
            Bind(command, chunk, values, bind);
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }

    /// <summary>Runs one INSERT … RETURNING per entry and returns the keys in the entries' order.</summary>
    private async Task<List<long>> QueryKeysAsync<TEntry>(List<TEntry> entries, string statement, int parameterCount, Action<TEntry, object[]> bind,
        CancellationToken cancellationToken)
    {
        var keys = new List<long>(entries.Count);
        var values = new object[parameterCount];
        await ChunkedCommands.ForEachAsync(entries, _statementsPerCommand, rows => Command(statement, parameterCount, rows), async (command, chunk) =>
        {
            Bind(command, chunk, values, bind);

            // Each statement returns its own result set, so the keys come back in the statements' order.
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add(reader.GetInt64(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        });

        if (keys.Count != entries.Count)
        {
            throw new InvalidOperationException($"Inserted {entries.Count} rows but read {keys.Count} keys back.");
        }

        return keys;
    }

    private static void Bind<TEntry>(DbCommand command, TEntry[] chunk, object[] values, Action<TEntry, object[]> bind)
    {
        for (var row = 0; row < chunk.Length; row++)
        {
            bind(chunk[row], values);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[row * values.Length + i].Value = values[i];
            }
        }
    }

    /// <summary>A command of <paramref name="statements"/> copies of <paramref name="statement"/>, whose parameters are @p{row}_{column}.</summary>
    private DbCommand Command(string statement, int parameterCount, int statements)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = string.Join(";\n", Enumerable.Range(0, statements).Select(row => string.Format(CultureInfo.InvariantCulture, statement, row)));
        for (var row = 0; row < statements; row++)
        {
            for (var i = 0; i < parameterCount; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{row}_{i}";
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private static object ToProvider(IProperty property, object? value)
    {
        if (value is not null && property.GetTypeMapping().Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
