using System.Diagnostics;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Audit.AuditHarness;

namespace Watchkeeper.Server.Tests.Audit;

public sealed class AuditCommandTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Verify_IntactLog_ExitsWithZero(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using (var app = new WatchkeeperApp(database))
        {
            using var client = await app.CreateAdminClientAsync();
            await CreateOrganizationAsync(client);
        }

        var (exitCode, output) = await RunAsync(database);

        exitCode.ShouldBe(AuditCommand.Intact, output);
        output.ShouldContain("审计日志完整");
        output.ShouldContain("2 entries checked");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Verify_TamperedLog_ExitsWithOne(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using (var app = new WatchkeeperApp(database))
        {
            using var client = await app.CreateAdminClientAsync();
            await CreateOrganizationAsync(client);
            var dropTrigger = provider == DatabaseProvider.PostgreSql
                ? $"DROP TRIGGER {AuditSchema.RejectUpdateTrigger} ON audit_entries"
                : $"DROP TRIGGER {AuditSchema.RejectUpdateTrigger}";
            await ExecuteSqlAsync(app, dropTrigger);
            await ExecuteSqlAsync(app, "UPDATE audit_entries SET remote_address = '127.0.0.2' WHERE id = 1");
        }

        var (exitCode, output) = await RunAsync(database);

        exitCode.ShouldBe(AuditCommand.Broken, output);
        output.ShouldContain("first broken link is entry 1");
    }

    [Fact]
    public async Task Verify_MissingDatabaseFile_ExitsWithTwo()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"watchkeeper-missing-{Guid.NewGuid():N}", "watchkeeper.db");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AuditCommand.RunAsync(["--Database:Provider=Sqlite", $"--Database:ConnectionString=Data Source={missing}",
            $"--Storage:DataDirectory={Path.GetTempPath()}"], output, error, Cancellation);

        exitCode.ShouldBe(AuditCommand.Failed);
        error.ToString().ShouldContain("does not exist");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task Verify_DatabaseWithoutAuditTables_ExitsWithTwo()
    {
        var directory = Directory.CreateTempSubdirectory("watchkeeper-empty-").FullName;
        var path = Path.Combine(directory, "empty.db");
        await File.WriteAllBytesAsync(path, [], Cancellation);

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AuditCommand.RunAsync(["--Database:Provider=Sqlite", $"--Database:ConnectionString=Data Source={path};Pooling=False",
            $"--Storage:DataDirectory={directory}"], output, error, Cancellation);

        exitCode.ShouldBe(AuditCommand.Failed, output.ToString());
        error.ToString().ShouldContain("cannot be verified");
    }

    [Fact]
    public async Task ServerProgram_AuditVerify_ReturnsExitCode()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var app = new WatchkeeperApp(database))
        {
            using var client = await app.CreateAdminClientAsync();
        }

        var server = Path.Combine(AppContext.BaseDirectory, "Watchkeeper.Server.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var argument in new[] { server, "audit", "verify", "--Database:Provider=Sqlite", $"--Database:ConnectionString={database.ConnectionString}", "--Storage:DataDirectory=" + Path.GetTempPath() })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);

        process.ExitCode.ShouldBe(AuditCommand.Intact, output + await process.StandardError.ReadToEndAsync(Cancellation));
        output.ShouldContain("1 entries checked");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TestDatabase database)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AuditCommand.RunAsync(["--Database:Provider=" + database.Provider, "--Database:ConnectionString=" + database.ConnectionString,
            "--Storage:DataDirectory=" + Path.GetTempPath()], output, error, Cancellation);
        return (exitCode, output.ToString() + error);
    }
}
