using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Writes the bulk of a monitoring batch's alarm changes with prepared statements instead of SaveChanges: new alarms,
/// the changed columns of existing alarms (every recurrence, resolution and reopening) and the alarms' new activities.
/// Everything else stays with SaveChanges.
/// </summary>
/// <remarks>
/// Change tracking writes one command per entity and compares every tracked entity again on each save. In the alarm
/// pipeline benchmark, a batch of 20,000 recurring faults spent more than half of its time there. The written entries are marked unchanged, inserted ones with
/// the keys the store returned, so the following SaveChanges neither writes them again nor loses track of them. Values go through each
/// property's own value converter, so both providers' mappings (enum names, SQLite's Unix milliseconds) apply.
/// </remarks>
internal sealed class AlarmBatchWriter
{
    // SQLite runs in process, where one prepared single-row statement reused for every row is fastest. PostgreSQL
    // needs several statements per command to save round trips.
    private const int StatementsPerCommandOnServer = 100;

    private readonly WatchkeeperDbContext _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly int _statementsPerCommand;

    private AlarmBatchWriter(WatchkeeperDbContext db, IDbContextTransaction transaction)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _transaction = transaction.GetDbTransaction();
        _statementsPerCommand = db.Database.IsSqlite() ? 1 : StatementsPerCommandOnServer;
    }

    public static AlarmBatchWriter For(WatchkeeperDbContext db) =>
        new(db, db.Database.CurrentTransaction ?? throw new InvalidOperationException("AlarmBatchWriter needs an open transaction."));

    /// <summary>Writes the new alarms, the changes of existing ones and their new activities, and returns how many rows it wrote.</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        var tracker = _db.ChangeTracker;
        tracker.DetectChanges();

        // Listing the tracked entries would detect changes again on every call, although nothing changes them meanwhile.
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var written = await InsertAlarmsAsync(cancellationToken);
            written += await UpdateAlarmsAsync(cancellationToken);
            written += await InsertActivitiesAsync(cancellationToken);
            return written;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task<int> UpdateAlarmsAsync(CancellationToken cancellationToken)
    {
        // Alarms that changed the same columns share one statement, because a batch of recurrences changes the same few.
        var groups = _db.ChangeTracker.Entries<Alarm>()
            .Where(e => e.State == EntityState.Modified)
            .Select(e => (Entry: e, Columns: e.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray()))
            .Where(x => x.Columns.Length > 0)
            .GroupBy(x => string.Join(",", x.Columns.Select(p => p.Name)));

        var entity = _db.Model.FindEntityType(typeof(Alarm))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var count = 0;
        foreach (var group in groups)
        {
            var columns = group.First().Columns;
            var set = string.Join(", ", columns.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{{0}}_{i}"));
            var sql = $"UPDATE {Quote(entity.GetTableName()!)} SET {set} WHERE {Quote(key.GetColumnName(table)!)} = @p{{0}}_{columns.Length}";
            var entries = group.Select(x => x.Entry).ToList();
            await ExecuteAsync(entries, sql, columns.Length + 1, (entry, values) =>
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    values[i] = ToProvider(columns[i], entry.CurrentValues[columns[i]]);
                }

                values[columns.Length] = ToProvider(key, entry.CurrentValues[key]);
            }, cancellationToken);

            foreach (var entry in entries)
            {
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }

            count += entries.Count;
        }

        return count;
    }

    /// <summary>Inserts the new alarms that reference no unsaved row and gives them their store keys.</summary>
    private Task<int> InsertAlarmsAsync(CancellationToken cancellationToken) =>
        InsertAsync(_db.ChangeTracker.Entries<Alarm>()
            .Where(e => e.State == EntityState.Added && !e.Properties.Any(p => p.IsTemporary && !p.Metadata.IsPrimaryKey()))
            .ToList(), cancellationToken);

    /// <summary>
    /// Inserts the activities of alarms that are in the store. Setting an inserted alarm's key updated its activities'
    /// foreign key, so that includes the activities of the alarms just inserted.
    /// </summary>
    private Task<int> InsertActivitiesAsync(CancellationToken cancellationToken) =>
        InsertAsync(_db.ChangeTracker.Entries<AlarmActivity>()
            .Where(e => e.State == EntityState.Added && e.Entity.AlarmId > 0 && !e.Property(a => a.AlarmId).IsTemporary)
            .ToList(), cancellationToken);

    private async Task<int> InsertAsync<T>(List<EntityEntry<T>> entries, CancellationToken cancellationToken)
        where T : class
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        var entity = _db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => p != key).ToArray();
        var names = string.Join(", ", columns.Select(p => Quote(p.GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select((_, i) => $"@p{{0}}_{i}"));
        var sql = $"INSERT INTO {Quote(entity.GetTableName()!)} ({names}) VALUES ({values}) RETURNING {Quote(key.GetColumnName(table)!)}";

        var ids = await QueryKeysAsync(entries, sql, columns.Length, (entry, row) =>
        {
            for (var i = 0; i < columns.Length; i++)
            {
                row[i] = ToProvider(columns[i], entry.CurrentValues[columns[i]]);
            }
        }, cancellationToken);

        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Property(key.Name).CurrentValue = ids[i];
            entries[i].State = EntityState.Unchanged;
        }

        return entries.Count;
    }

    private async Task ExecuteAsync<TEntry>(List<TEntry> entries, string statement, int parameterCount, Action<TEntry, object[]> bind,
        CancellationToken cancellationToken)
    {
        var values = new object[parameterCount];
        DbCommand? full = null;
        try
        {
            foreach (var chunk in entries.Chunk(_statementsPerCommand))
            {
                var command = chunk.Length == _statementsPerCommand
                    ? full ??= Command(statement, parameterCount, chunk.Length)
                    : Command(statement, parameterCount, chunk.Length);
                try
                {
                    Bind(command, chunk, values, bind);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                finally
                {
                    if (!ReferenceEquals(command, full))
                    {
                        await command.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    /// <summary>Runs one INSERT … RETURNING per entry and returns the keys in the entries' order.</summary>
    private async Task<List<long>> QueryKeysAsync<TEntry>(List<TEntry> entries, string statement, int parameterCount, Action<TEntry, object[]> bind,
        CancellationToken cancellationToken)
    {
        var keys = new List<long>(entries.Count);
        var values = new object[parameterCount];
        DbCommand? full = null;
        try
        {
            foreach (var chunk in entries.Chunk(_statementsPerCommand))
            {
                var command = chunk.Length == _statementsPerCommand
                    ? full ??= Command(statement, parameterCount, chunk.Length)
                    : Command(statement, parameterCount, chunk.Length);
                try
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
                }
                finally
                {
                    if (!ReferenceEquals(command, full))
                    {
                        await command.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

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
