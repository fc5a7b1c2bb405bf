using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// <c>Watchkeeper.Server audit verify [--Database:Provider=… --Database:ConnectionString=…]</c>: verifies the audit
/// chain of the configured database without starting the web server. Exit code 0 when intact, 1 when broken, 2 when
/// the database cannot be read.
/// </summary>
public static class AuditCommand
{
    public const int Intact = 0;
    public const int Broken = 1;
    public const int Failed = 2;

    public static bool Matches(string[] args) =>
        args.Length >= 2 && args[0].Equals("audit", StringComparison.OrdinalIgnoreCase) && args[1].Equals("verify", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the command; <paramref name="settings"/> are the arguments after <c>audit verify</c>.</summary>
    public static async Task<int> RunAsync(string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // The same configuration sources as the server (appsettings.json, environment, command line), without logging,
        // so that the output is the verdict alone.
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        try
        {
            var dataDirectory = StorageOptions.Resolve(builder.Configuration);
            builder.Services.AddWatchkeeperData(builder.Configuration, dataDirectory);
            builder.Services.AddSingleton<AuditVerifier>();
            using var host = builder.Build();

            if (MissingSqliteFile(host.Services.GetRequiredService<DatabaseOptions>()) is { } missing)
            {
                error.WriteLine(Bilingual.Join($"无法校验审计日志：数据库文件 {missing} 不存在。", $"The audit log cannot be verified: the database file {missing} does not exist."));
                return Failed;
            }

            var result = await host.Services.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken);
            if (result.Intact)
            {
                output.WriteLine(Bilingual.Join($"审计日志完整：已校验 {result.Checked} 条记录。", $"The audit log is intact: {result.Checked} entries checked."));
                return Intact;
            }

            output.WriteLine(Bilingual.Join(
                $"审计日志已损坏：第一处断链在第 {result.FirstBrokenId} 条记录（此前 {result.Checked} 条完好）。",
                $"The audit log is broken: the first broken link is entry {result.FirstBrokenId} ({result.Checked} entries before it are intact)."));
            output.WriteLine(result.Reason);
            return Broken;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(Bilingual.Join($"无法校验审计日志：{exception.Message}", $"The audit log cannot be verified: {exception.Message}"));
            return Failed;
        }
    }

    /// <summary>Returns the path of a SQLite database file that does not exist; opening it would create an empty one.</summary>
    private static string? MissingSqliteFile(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var path = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        return string.IsNullOrEmpty(path) || path == ":memory:" || File.Exists(path) ? null : path;
    }
}
