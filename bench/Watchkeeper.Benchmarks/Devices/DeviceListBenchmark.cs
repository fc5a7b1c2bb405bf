using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Devices;

/// <summary>
/// Times the device list (GET /api/v1/devices) with its filters and paging on a ledger of 100,000 devices, as the
/// console calls it: each request is the whole server path (authentication, query, count, JSON).
/// </summary>
internal static class DeviceListBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var deviceCount = BenchmarkOptions.Number(args, "--devices", 100_000);
        var iterations = BenchmarkOptions.Number(args, "--iterations", 200);
        var databases = (BenchmarkOptions.Text(args, "--database") ?? "both") switch
        {
            "both" => new[] { "sqlite", "postgresql" },
            var one => [one],
        };

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{deviceCount:N0} devices, {iterations} requests per query");
        Console.WriteLine();
        Console.WriteLine("| database | query | rows matched | p50 | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var database in databases)
        {
            await RunOneAsync(database, deviceCount, iterations);
        }

        return 0;
    }

    private static async Task RunOneAsync(string database, int deviceCount, int iterations)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        await using (var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword))
        {
            using var client = await host.CreateAdminClientAsync();
            var (branchId, siteId) = await SeedAsync(host.Services, deviceCount);

            var queries = new (string Name, string Url)[]
            {
                ("first page, no filter", "/api/v1/devices?page=1&pageSize=50"),
                ("page 1,000, no filter", "/api/v1/devices?page=1000&pageSize=50"),
                ("kind=Recorder", "/api/v1/devices?kind=Recorder&pageSize=50"),
                ("state=Offline", "/api/v1/devices?state=Offline&pageSize=50"),
                ("state=Unknown", "/api/v1/devices?state=Unknown&pageSize=50"),
                ("vendor=Dahua", "/api/v1/devices?vendor=Dahua&pageSize=50"),
                ("organization (branch, 200 sites)", $"/api/v1/devices?organizationId={branchId}&pageSize=50"),
                ("organization (one site)", $"/api/v1/devices?organizationId={siteId}&pageSize=50"),
                ("branch + Camera + Online", $"/api/v1/devices?organizationId={branchId}&kind=Camera&state=Online&pageSize=50"),
                ("search by code prefix", "/api/v1/devices?search=CAM-0123&pageSize=50"),
            };

            foreach (var (name, url) in queries)
            {
                var times = new List<double>(iterations);
                var matched = 0;
                for (var i = 0; i < iterations + 5; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await client.GetAsync(url);
                    var body = await response.Content.ReadAsStringAsync();
                    clock.Stop();
                    response.EnsureSuccessStatusCode();
                    if (i >= 5)
                    {
                        times.Add(clock.Elapsed.TotalMilliseconds);
                    }

                    matched = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("totalCount").GetInt32();
                }

                times.Sort();
                Console.WriteLine($"| {database} | {name} | {matched:N0} | {Percentile(times, 0.50):F1} ms | {Percentile(times, 0.95):F1} ms | {times[^1]:F1} ms |");
            }
        }

        if (connectionString is not null)
        {
            PostgresServer.DropDatabase(connectionString);
        }
    }

    /// <summary>
    /// Writes 10 branches × 200 sites, 50 devices a site (48 cameras, a recorder, a switch), three vendors, and
    /// health rows: 90 % Online, 5 % Offline, 3 % Degraded, the rest never probed.
    /// </summary>
    private static async Task<(long BranchId, long SiteId)> SeedAsync(IServiceProvider services, int deviceCount)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var now = DateTimeOffset.UtcNow;
        var sites = new List<long>();
        long firstBranch = 0;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var root = new Organization { Name = "某市公安局", CreatedAt = now };
            db.Organizations.Add(root);
            await db.SaveChangesAsync();
            for (var b = 0; b < 10; b++)
            {
                var branch = new Organization { Name = $"第{b + 1}分局", ParentId = root.Id, CreatedAt = now };
                db.Organizations.Add(branch);
                await db.SaveChangesAsync();
                firstBranch = firstBranch == 0 ? branch.Id : firstBranch;
                var branchSites = Enumerable.Range(0, 200).Select(s => new Organization { Name = $"派出所{s + 1:D3}", ParentId = branch.Id, CreatedAt = now }).ToList();
                db.Organizations.AddRange(branchSites);
                await db.SaveChangesAsync();
                sites.AddRange(branchSites.Select(s => s.Id));
            }
        }

        string[] vendors = ["Hikvision", "Dahua", "Uniview"];
        const int chunk = 5_000;
        for (var start = 0; start < deviceCount; start += chunk)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<Device>();
            for (var i = start; i < Math.Min(deviceCount, start + chunk); i++)
            {
                var position = i % 50;
                var kind = position == 48 ? DeviceKind.Recorder : position == 49 ? DeviceKind.Switch : DeviceKind.Camera;
                batch.Add(new Device
                {
                    Code = kind switch { DeviceKind.Recorder => $"NVR-{i:D6}", DeviceKind.Switch => $"SW-{i:D6}", _ => $"CAM-{i:D6}" },
                    Name = $"设备 {i}",
                    Kind = kind,
                    OrganizationId = sites[i / 50 % sites.Count],
                    IpAddress = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}",
                    Vendor = vendors[i % vendors.Length],
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            db.Devices.AddRange(batch);
            await db.SaveChangesAsync();
            foreach (var device in batch.Where(d => d.Id % 100 < 98))
            {
                var state = (device.Id % 100) switch
                {
                    < 90 => HealthState.Online,
                    < 95 => HealthState.Offline,
                    _ => HealthState.Degraded,
                };
                db.DeviceHealth.Add(DeviceHealth.Restore(device.Id, state, now, "seeded", null, 0, 1, now));
            }

            await db.SaveChangesAsync();
        }

        // Fresh tables have no planner statistics yet; a running server has them from autovacuum (PostgreSQL) or
        // the start-up PRAGMA optimize (SQLite).
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE;" : "ANALYZE devices; ANALYZE device_health;");
        }

        return (firstBranch, sites[0]);
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
