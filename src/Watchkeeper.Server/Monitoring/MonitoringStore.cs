using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Writes the hot path of monitoring (latest probe results, device health, state intervals) with multi-row
/// upserts instead of change tracking: at 100,000 devices on a 60 s round that is thousands of rows a second.
/// </summary>
/// <remarks>
/// <c>INSERT … ON CONFLICT … DO UPDATE</c> has the same syntax on SQLite (3.24+) and PostgreSQL. Table and column
/// names come from the EF model, so they follow its naming convention. Values are converted as each provider's
/// model stores them: SQLite keeps times as Unix milliseconds.
/// </remarks>
internal sealed class MonitoringStore
{
    // SQLite runs in process, where one prepared single-row statement reused for every row is fastest; a server
    // across the network needs multi-row statements to save round trips.
    private const int RowsPerStatementOnServer = 200;

    private readonly WatchkeeperDbContext _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly bool _sqlite;
    private readonly int _rowsPerStatement;

    private MonitoringStore(WatchkeeperDbContext db, IDbContextTransaction transaction)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _transaction = transaction.GetDbTransaction();
        _sqlite = db.Database.IsSqlite();
        _rowsPerStatement = _sqlite ? 1 : RowsPerStatementOnServer;
    }

    public static MonitoringStore For(WatchkeeperDbContext db) =>
        new(db, db.Database.CurrentTransaction ?? throw new InvalidOperationException("MonitoringStore needs an open transaction."));

    public async Task UpsertProbeResultsAsync(IEnumerable<ProbeRound> rounds, CancellationToken cancellationToken)
    {
        var table = Table<LatestProbeResult>(out var entity);
        string[] columns =
        [
            Column(entity, nameof(LatestProbeResult.DeviceId)),
            Column(entity, nameof(LatestProbeResult.Kind)),
            Column(entity, nameof(LatestProbeResult.Status)),
            Column(entity, nameof(LatestProbeResult.Reason)),
            Column(entity, nameof(LatestProbeResult.Detail)),
            Column(entity, nameof(LatestProbeResult.LatencyMilliseconds)),
            Column(entity, nameof(LatestProbeResult.Findings)),
            Column(entity, nameof(LatestProbeResult.CheckedAt)),
        ];

        var rows = new Dictionary<(long, ProbeKind), object?[]>();
        foreach (var round in rounds)
        {
            foreach (var outcome in round.Outcomes)
            {
                // A batch may hold two rounds of one device; the later one is the latest result.
                rows[(round.DeviceId, outcome.Kind)] =
                [
                    round.DeviceId,
                    outcome.Kind.ToString(),
                    outcome.Status.ToString(),
                    outcome.Reason.ToString(),
                    Truncate(outcome.Detail, 2000),
                    (int)Math.Min(int.MaxValue, outcome.Latency.TotalMilliseconds),
                    Truncate(FormatFindings(outcome.Findings), 4000),
                    Time(round.CompletedAt),
                ];
            }
        }

        await UpsertRowsAsync(table, columns, keyCount: 2, rows.Values, cancellationToken);
    }

    public async Task UpsertHealthAsync(IEnumerable<DeviceHealth> healths, CancellationToken cancellationToken)
    {
        var table = Table<DeviceHealth>(out var entity);
        string[] columns =
        [
            Column(entity, nameof(DeviceHealth.DeviceId)),
            Column(entity, nameof(DeviceHealth.State)),
            Column(entity, nameof(DeviceHealth.StateSince)),
            Column(entity, nameof(DeviceHealth.StateReason)),
            Column(entity, nameof(DeviceHealth.OfflineCause)),
            Column(entity, nameof(DeviceHealth.FailedRounds)),
            Column(entity, nameof(DeviceHealth.SucceededRounds)),
            Column(entity, nameof(DeviceHealth.LastRoundAt)),
            Column(entity, nameof(DeviceHealth.OnvifBlockedCredentialVersion)),
        ];

        var rows = healths.Select(health => new object?[]
        {
            health.DeviceId,
            health.State.ToString(),
            Time(health.StateSince),
            Truncate(health.StateReason, 2000),
            health.OfflineCause?.ToString(),
            health.FailedRounds,
            health.SucceededRounds,
            health.LastRoundAt is { } last ? Time(last) : null,
            health.OnvifBlockedCredentialVersion,
        });
        await UpsertRowsAsync(table, columns, keyCount: 1, rows, cancellationToken);
    }

    /// <summary>Closes each device's open interval and opens one in its new state.</summary>
    /// <remarks>
    /// On PostgreSQL each change's two statements go into commands of up to <see cref="RowsPerStatementOnServer"/>
    /// statements: one round trip per statement made an outage of 20,000 devices take 14 s here. A batch may change one
    /// device twice, which the statements' order keeps right.
    /// </remarks>
    public async Task RecordStateChangesAsync(IEnumerable<HealthChange> changes, CancellationToken cancellationToken)
    {
        var table = Table<StateInterval>(out var entity);
        var deviceId = Column(entity, nameof(StateInterval.DeviceId));
        var state = Column(entity, nameof(StateInterval.State));
        var startAt = Column(entity, nameof(StateInterval.StartAt));
        var endAt = Column(entity, nameof(StateInterval.EndAt));
        var changesPerCommand = Math.Max(1, _rowsPerStatement / 2);

        string Statements(int count) => string.Join(";\n", Enumerable.Range(0, count).Select(i =>
            $"UPDATE {table} SET {endAt} = @p{i * 3 + 2} WHERE {deviceId} = @p{i * 3} AND {endAt} IS NULL;\n"
            + $"INSERT INTO {table} ({deviceId}, {state}, {startAt}, {endAt}) VALUES (@p{i * 3}, @p{i * 3 + 1}, @p{i * 3 + 2}, NULL)"));

        await ChunkedCommands.ForEachAsync(changes.Where(c => c.From != c.To), changesPerCommand, count => Command(Statements(count), count * 3),
            async (command, chunk) =>
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Parameters[i * 3].Value = chunk[i].DeviceId;
                    command.Parameters[i * 3 + 1].Value = chunk[i].To.ToString();
                    command.Parameters[i * 3 + 2].Value = Time(chunk[i].At);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            });
    }

    /// <summary>Returns which of <paramref name="deviceIds"/> still exist in the ledger.</summary>
    public static async Task<HashSet<long>> ExistingDevicesAsync(WatchkeeperDbContext db, IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken)
    {
        var existing = new HashSet<long>();
        foreach (var chunk in deviceIds.Chunk(500))
        {
            existing.UnionWith(await db.Devices.Where(d => chunk.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken));
        }

        return existing;
    }

    internal static string FormatFindings(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var finding in findings)
        {
            builder.Append(finding.Type).Append('|').Append(finding.Subject.Replace('|', '/')).Append('|')
                .Append(finding.Detail.Replace('\n', ' ')).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Parses findings stored by <see cref="FormatFindings"/>, skipping a line with an unknown alarm type.</summary>
    internal static IReadOnlyList<Finding> ParseFindings(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var findings = new List<Finding>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('|', 3);
            if (parts.Length == 3 && Enum.TryParse<AlarmType>(parts[0], out var type) && Enum.IsDefined(type))
            {
                findings.Add(new Finding(type, parts[1], parts[2]));
            }
        }

        return findings;
    }

    /// <summary>
    /// Upserts rows in statements of up to <see cref="_rowsPerStatement"/> rows: on PostgreSQL one round trip per
    /// chunk instead of one per row. Keys must be unique among <paramref name="rows"/>, because PostgreSQL rejects
    /// a statement that updates one row twice.
    /// </summary>
    private async Task UpsertRowsAsync(string table, string[] columns, int keyCount, IEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        await ChunkedCommands.ForEachAsync(rows, _rowsPerStatement, count => Upsert(table, columns, keyCount, count), async (command, chunk) =>
        {
            for (var row = 0; row < chunk.Length; row++)
            {
                for (var column = 0; column < columns.Length; column++)
                {
                    command.Parameters[row * columns.Length + column].Value = chunk[row][column] ?? DBNull.Value;
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private DbCommand Upsert(string table, string[] columns, int keyCount, int rowCount)
    {
        var values = string.Join(", ", Enumerable.Range(0, rowCount)
            .Select(row => "(" + string.Join(", ", columns.Select((_, column) => $"@p{row * columns.Length + column}")) + ")"));
        var keys = string.Join(", ", columns.Take(keyCount));
        var updates = string.Join(", ", columns.Skip(keyCount).Select(c => $"{c} = excluded.{c}"));
        return Command(
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {values} ON CONFLICT ({keys}) DO UPDATE SET {updates}",
            rowCount * columns.Length);
    }

    private DbCommand Command(string sql, int parameterCount)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private object Time(DateTimeOffset value) => _sqlite ? value.ToUnixTimeMilliseconds() : value.ToUniversalTime();

    private string Table<T>(out IEntityType entity)
    {
        entity = _db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        return Quote(entity.GetTableName()!);
    }

    private static string Column(IEntityType entity, string property)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return Quote(entity.FindProperty(property)!.GetColumnName(table)!);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
