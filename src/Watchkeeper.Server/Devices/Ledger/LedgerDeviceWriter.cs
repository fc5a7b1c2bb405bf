using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// Writes many devices inside the import's open transaction without EF Core's change tracker, whose cost grows
/// with every tracked entity. Table and column names and value conversions come from the EF Core model.
/// </summary>
internal abstract class LedgerDeviceWriter
{
    protected LedgerDeviceWriter(WatchkeeperDbContext db)
    {
        Db = db;
        var entity = db.Model.FindEntityType(typeof(Device))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        Table = sql.DelimitIdentifier(table.Name, table.Schema);
        TableName = table.Name;
        Columns = entity.GetProperties()
            .Select(p => new DeviceColumn(sql.DelimitIdentifier(p.GetColumnName(table)!), p.PropertyInfo!, p.GetRelationalTypeMapping()))
            .OrderBy(c => c.Property.Name == nameof(Device.Id) ? 0 : 1)
            .ToList();
    }

    protected WatchkeeperDbContext Db { get; }

    /// <summary>The delimited table name, e.g. <c>"devices"</c>.</summary>
    protected string Table { get; }

    protected string TableName { get; }

    /// <summary>Every mapped column, the key first.</summary>
    protected IReadOnlyList<DeviceColumn> Columns { get; }

    public static LedgerDeviceWriter For(WatchkeeperDbContext db) =>
        db.Database.IsNpgsql() ? new PostgreSqlLedgerDeviceWriter(db) : new SqliteLedgerDeviceWriter(db);

    /// <summary>Takes <paramref name="count"/> ids that no other insert will use.</summary>
    public abstract Task<IReadOnlyList<long>> ReserveIdsAsync(int count, CancellationToken cancellationToken);

    /// <summary>Inserts devices whose ids are already set, each parent before its children.</summary>
    public abstract Task InsertAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken);

    /// <summary>Rewrites every column of existing devices, matched by id.</summary>
    public abstract Task UpdateAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken);

    protected DbCommand CreateCommand(string sql)
    {
        var command = Db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The ledger import writes inside a transaction; begin one first.");
        command.CommandTimeout = 0;
        return command;
    }

    /// <summary>A column of the devices table and how to get its database value from a device.</summary>
    protected sealed record DeviceColumn(string Name, PropertyInfo Property, RelationalTypeMapping Mapping)
    {
        public object? ProviderValue(Device device)
        {
            var value = Property.GetValue(device);
            return value is null || Mapping.Converter is null ? value : Mapping.Converter.ConvertToProvider(value);
        }
    }
}

/// <summary>SQLite: one prepared statement, run once per row inside the transaction.</summary>
internal sealed class SqliteLedgerDeviceWriter(WatchkeeperDbContext db) : LedgerDeviceWriter(db)
{
    public override async Task<IReadOnlyList<long>> ReserveIdsAsync(int count, CancellationToken cancellationToken)
    {
        // The import's transaction holds SQLite's write lock (BEGIN IMMEDIATE), so no other writer can take these ids.
        // An AUTOINCREMENT table never reuses an id, so the highest one ever used is in sqlite_sequence.
        await using var command = CreateCommand(
            $"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{TableName}'), 0), COALESCE((SELECT MAX(id) FROM {Table}), 0))");
        var highest = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(1, count).Select(offset => highest + offset).ToList();
    }

    public override Task InsertAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", Columns.Select(c => c.Name));
        var values = string.Join(", ", Columns.Select((_, i) => $"$p{i}"));
        return ExecuteForEachAsync($"INSERT INTO {Table} ({names}) VALUES ({values})", devices, cancellationToken);
    }

    public override Task UpdateAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var assignments = string.Join(", ", Columns.Skip(1).Select((c, i) => $"{c.Name} = $p{i + 1}"));
        return ExecuteForEachAsync($"UPDATE {Table} SET {assignments} WHERE {Columns[0].Name} = $p0", devices, cancellationToken);
    }

    private async Task ExecuteForEachAsync(string sql, IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        var parameters = Columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"$p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToList();
        command.Prepare();

        foreach (var device in devices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < Columns.Count; i++)
            {
                parameters[i].Value = Columns[i].ProviderValue(device) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>PostgreSQL: binary COPY, straight into the table for inserts and through a temporary table for updates.</summary>
internal sealed class PostgreSqlLedgerDeviceWriter(WatchkeeperDbContext db) : LedgerDeviceWriter(db)
{
    private const string StagingTable = "ledger_import_devices";

    public override async Task<IReadOnlyList<long>> ReserveIdsAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(
            $"SELECT nextval(pg_get_serial_sequence('{Table.Replace("'", "''", StringComparison.Ordinal)}', 'id')) FROM generate_series(1, {count})");
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public override Task InsertAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken) =>
        CopyAsync(Table, devices, cancellationToken);

    public override async Task UpdateAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        await using (var create = CreateCommand($"CREATE TEMPORARY TABLE {StagingTable} (LIKE {Table}) ON COMMIT DROP"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(StagingTable, devices, cancellationToken);

        var assignments = string.Join(", ", Columns.Skip(1).Select(c => $"{c.Name} = s.{c.Name}"));
        var key = Columns[0].Name;
        await using var update = CreateCommand(
            $"UPDATE {Table} AS d SET {assignments} FROM {StagingTable} AS s WHERE d.{key} = s.{key}; DROP TABLE {StagingTable}");
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CopyAsync(string table, IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        var names = string.Join(", ", Columns.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var device in devices)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in Columns)
            {
                if (column.ProviderValue(device) is { } value)
                {
                    await importer.WriteAsync(value, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
