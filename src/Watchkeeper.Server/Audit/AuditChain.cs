using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Appends entries to the hash chain inside the caller's open transaction. It locks the chain head, numbers and
/// hashes the entries after the last one, inserts them and moves the head. The entries therefore commit or roll
/// back with the change they describe.
/// </summary>
/// <remarks>
/// The statements are written by hand because the interceptor appends after EF has saved the change, where a second
/// SaveChanges on the same context is not possible. Column types come from the EF model, so both providers store
/// the same values that EF itself would.
/// </remarks>
internal static class AuditChain
{
    /// <summary>Rows per INSERT statement; 15 parameters each stays far below SQLite's limit of 32,766.</summary>
    private const int RowsPerStatement = 100;

    private static readonly string[] Columns =
    [
        nameof(AuditEntry.Id), nameof(AuditEntry.At), nameof(AuditEntry.UserId), nameof(AuditEntry.UserName),
        nameof(AuditEntry.Channel), nameof(AuditEntry.RemoteAddress), nameof(AuditEntry.Action), nameof(AuditEntry.EntityType),
        nameof(AuditEntry.EntityId), nameof(AuditEntry.Summary), nameof(AuditEntry.Before), nameof(AuditEntry.After),
        nameof(AuditEntry.Outcome), nameof(AuditEntry.PreviousHash), nameof(AuditEntry.Hash),
    ];

    public static async Task AppendAsync(WatchkeeperDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Audit entries must be appended inside a transaction.");
        var connection = transaction.Connection ?? throw new InvalidOperationException("The audit transaction has no connection.");

        // The UPDATE comes first: it takes the head's row lock on PostgreSQL and SQLite's write lock, so no other
        // writer can read the same head between this read and the commit.
        await ExecuteAsync(connection, transaction, $"UPDATE {AuditChainHeadConfiguration.Table} SET last_id = last_id WHERE id = {AuditChainHead.SingletonId}", cancellationToken);
        var (lastId, lastHash) = await ReadHeadAsync(connection, transaction, cancellationToken);

        foreach (var entry in entries)
        {
            entry.Id = ++lastId;
            entry.PreviousHash = lastHash;
            entry.Hash = AuditHash.Compute(entry);
            lastHash = entry.Hash;
        }

        var entryType = db.Model.FindEntityType(typeof(AuditEntry))!;
        foreach (var chunk in entries.Chunk(RowsPerStatement))
        {
            await InsertAsync(connection, transaction, entryType, chunk, cancellationToken);
        }

        await using var moveHead = connection.CreateCommand();
        moveHead.Transaction = transaction;
        moveHead.CommandText = $"UPDATE {AuditChainHeadConfiguration.Table} SET last_id = @last_id, last_hash = @last_hash WHERE id = {AuditChainHead.SingletonId}";
        AddParameter(moveHead, "@last_id", lastId);
        AddParameter(moveHead, "@last_hash", lastHash);
        await moveHead.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads the chain head; the caller must hold its lock.</summary>
    internal static async Task<(long LastId, string LastHash)> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT last_id, last_hash FROM {AuditChainHeadConfiguration.Table} WHERE id = {AuditChainHead.SingletonId}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The audit chain head row is missing from {AuditChainHeadConfiguration.Table}; the audit migration was not applied or the row was deleted.");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEntityType entryType,
        IReadOnlyList<AuditEntry> rows, CancellationToken cancellationToken)
    {
        var properties = Columns.Select(name => entryType.FindProperty(name)!).ToArray();
        var sql = new StringBuilder($"INSERT INTO {AuditEntryConfiguration.Table} (");
        sql.AppendJoin(", ", properties.Select(p => $"\"{p.GetColumnName()}\""));
        sql.Append(") VALUES ");

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var row = 0; row < rows.Count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < properties.Length; column++)
            {
                var name = $"@p{row}_{column}";
                sql.Append(column == 0 ? name : ", " + name);
                var value = properties[column].GetGetter().GetClrValueUsingContainingEntity(rows[row]);
                command.Parameters.Add(properties[column].GetRelationalTypeMapping().CreateParameter(command, name, value, nullable: true));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
