using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Audit;

/// <summary>
/// Measures what the audit log adds to a write. In process, the same device update is saved with a user scope (the
/// interceptor appends an entry in the same transaction) and without one (no entry), alternating. Over HTTP, the time
/// of PUT /api/v1/devices/{id}, which is always audited, gives the whole request for comparison.
/// </summary>
internal static class AuditAppendBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var writes = BenchmarkOptions.Number(args, "--writes", 500);
        var databases = (BenchmarkOptions.Text(args, "--database") ?? "both") switch
        {
            "both" => new[] { "sqlite", "postgresql" },
            var one => [one],
        };

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{writes} writes per mode");
        Console.WriteLine();
        Console.WriteLine("| database | write | mean | p50 | p95 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var database in databases)
        {
            await RunOneAsync(database, writes);
        }

        return 0;
    }

    private static async Task RunOneAsync(string database, int writes)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword);
        using var client = await host.CreateAdminClientAsync();
        var organization = await (await client.PostAsJsonAsync("/api/v1/organizations", new { name = "基准组织" })).Content.ReadFromJsonAsync<JsonElement>();
        var organizationId = organization.GetProperty("id").GetInt64();
        var created = await client.PostAsJsonAsync("/api/v1/devices", Body(organizationId, "初始"));
        created.EnsureSuccessStatusCode();
        var deviceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var factory = host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var audited = new List<double>(writes);
        var unaudited = new List<double>(writes);
        for (var i = 0; i < writes + 10; i++)
        {
            var withAudit = await TimeSaveAsync(factory, deviceId, $"审计-{i}", OrganizationScope.Unrestricted);
            var withoutAudit = await TimeSaveAsync(factory, deviceId, $"无审计-{i}", null);
            if (i >= 10)
            {
                audited.Add(withAudit);
                unaudited.Add(withoutAudit);
            }
        }

        var requests = new List<double>(writes);
        for (var i = 0; i < writes + 10; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.PutAsJsonAsync($"/api/v1/devices/{deviceId}", Body(organizationId, $"接口-{i}"));
            clock.Stop();
            response.EnsureSuccessStatusCode();
            if (i >= 10)
            {
                requests.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        Print(database, "SaveChanges, no audit entry", unaudited);
        Print(database, "SaveChanges + audit entry", audited);
        Print(database, "PUT /api/v1/devices/{id} (audited)", requests);

        var verification = await host.Services.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Console.WriteLine($"| {database} | verify {verification.Checked} entries: intact {verification.Intact} | | | |");
    }

    private static async Task<double> TimeSaveAsync(IDbContextFactory<WatchkeeperDbContext> factory, long deviceId, string name, OrganizationScope? scope)
    {
        OrganizationScope.Current = scope;
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            var device = await db.Devices.SingleAsync(d => d.Id == deviceId);
            device.Name = name;
            var clock = Stopwatch.StartNew();
            await db.SaveChangesAsync();
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            OrganizationScope.Current = null;
        }
    }

    private static object Body(long organizationId, string name) => new
    {
        code = "BENCH-001",
        name,
        kind = "Camera",
        organizationId,
        ipAddress = "127.0.0.1",
    };

    private static void Print(string database, string write, List<double> times)
    {
        times.Sort();
        Console.WriteLine($"| {database} | {write} | {times.Average():F2} ms | {times[times.Count / 2]:F2} ms | {times[(int)(times.Count * 0.95)]:F2} ms |");
    }
}
