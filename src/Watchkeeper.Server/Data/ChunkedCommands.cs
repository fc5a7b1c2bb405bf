using System.Data.Common;

namespace Watchkeeper.Server.Data;

/// <summary>Runs a statement over many rows in commands of a fixed number of rows, reusing the full-size command.</summary>
/// <remarks>
/// SQLite keeps a command's prepared statements while its text stays the same, so one reused command saves preparing
/// the statement again for every row. On PostgreSQL a command of many rows saves round trips.
/// </remarks>
internal static class ChunkedCommands
{
    /// <summary>
    /// Calls <paramref name="execute"/> for every chunk of up to <paramref name="rowsPerCommand"/> items, with a command
    /// that <paramref name="create"/> made for that many rows. Every full chunk shares one command.
    /// </summary>
    public static async Task ForEachAsync<T>(IEnumerable<T> items, int rowsPerCommand, Func<int, DbCommand> create, Func<DbCommand, T[], Task> execute)
    {
        DbCommand? full = null;
        try
        {
            foreach (var chunk in items.Chunk(rowsPerCommand))
            {
                var command = chunk.Length == rowsPerCommand ? full ??= create(rowsPerCommand) : create(chunk.Length);
                try
                {
                    await execute(command, chunk);
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
}
