using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Alarms;

/// <summary>
/// Measures alarm events processed per second through the health processor: health state machine, alarm rules
/// (de-duplication, reopening), topology attribution, severity rules and site-outage grouping, written to a real database.
/// </summary>
/// <remarks>
/// Probe rounds are written straight into the monitoring queue (probing is off), so the figure is the pipeline's
/// capacity without the probes. The ledger is made of sites of one switch and <c>--site-size</c> cameras. In every other
/// site the cameras hang below the switch, so their alarms become root-cause consequences. In the others the cameras
/// have no parent, so the site-outage correlation groups them into an incident.
/// </remarks>
internal static class AlarmPipelineBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var deviceCount = BenchmarkOptions.Number(args, "--devices", 20_000);
        var siteSize = Math.Max(1, BenchmarkOptions.Number(args, "--site-size", 48));
        var recurRounds = Math.Max(1, BenchmarkOptions.Number(args, "--recur", 3));
        var database = BenchmarkOptions.Text(args, "--database") ?? "sqlite";
        if (database is not ("sqlite" or "postgresql"))
        {
            Console.Error.WriteLine("--database is sqlite or postgresql");
            return 2;
        }

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{deviceCount:N0} devices in sites of 1 switch + {siteSize} cameras, {database}");

        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword,
            new Dictionary<string, string?>
            {
                ["Monitoring:OfflineAfterFailedRounds"] = "1",

                // The health processor logs every state change and alarm at Information: 20,000 console lines per
                // phase would measure the console, not the pipeline.
                ["Serilog:MinimumLevel:Default"] = "Information",
                ["Serilog:MinimumLevel:Override:Watchkeeper.Server.Monitoring"] = "Warning",
                ["Serilog:MinimumLevel:Override:Watchkeeper.Server.Alarms"] = "Warning",
            });
        using var client = await host.CreateAdminClientAsync();

        var seeding = Stopwatch.StartNew();
        var deviceIds = await SeedAsync(host.Services, deviceCount, siteSize);
        await host.Services.GetRequiredService<DeviceDirectory>().LoadAllAsync(CancellationToken.None);
        Console.WriteLine($"Seeded {deviceIds.Count:N0} devices in {seeding.Elapsed.TotalSeconds:F1} s");

        using var meter = new RoundMeter();
        var queue = host.Services.GetRequiredService<MonitoringQueue>();
        var phases = new List<(string Name, int Rounds, TimeSpan Elapsed)>
        {
            await RunPhaseAsync("open (every device goes offline)", queue, meter, deviceIds, down: true),
        };
        for (var i = 1; i <= recurRounds; i++)
        {
            phases.Add(await RunPhaseAsync($"recur {i} (same faults again: de-duplication)", queue, meter, deviceIds, down: true));
        }

        phases.Add(await RunPhaseAsync("resolve (every device answers)", queue, meter, deviceIds, down: false));
        phases.Add(await RunPhaseAsync("reopen (faults back within the flapping period)", queue, meter, deviceIds, down: true));

        Console.WriteLine();
        Console.WriteLine("| phase | events | time | events/s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, rounds, elapsed) in phases)
        {
            Console.WriteLine($"| {name} | {rounds:N0} | {elapsed.TotalSeconds:F1} s | {rounds / elapsed.TotalSeconds:N0} |");
        }

        var total = phases.Sum(p => p.Rounds);
        var totalTime = TimeSpan.FromTicks(phases.Sum(p => p.Elapsed.Ticks));
        Console.WriteLine($"| all | {total:N0} | {totalTime.TotalSeconds:F1} s | {total / totalTime.TotalSeconds:N0} |");

        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>().CreateDbContextAsync())
        {
            var alarms = await db.Alarms.CountAsync();
            var consequences = await db.Alarms.CountAsync(a => a.Suppression == AlarmSuppression.RootCause);
            var incidents = await db.AlarmIncidents.CountAsync();
            Console.WriteLine($"Alarms {alarms:N0} (root-cause suppressed {consequences:N0}), site-outage incidents {incidents:N0}");
        }

        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1L << 20)} MiB");
        if (connectionString is not null)
        {
            await host.DisposeAsync();
            PostgresServer.DropDatabase(connectionString);
        }

        return 0;
    }

    private static async Task<(string, int, TimeSpan)> RunPhaseAsync(string name, MonitoringQueue queue, RoundMeter meter, List<long> deviceIds, bool down)
    {
        var before = meter.Processed;
        var clock = Stopwatch.StartNew();
        var completed = DateTimeOffset.UtcNow;
        foreach (var id in deviceIds)
        {
            IReadOnlyList<ProbeOutcome> outcomes = down
                ? [ProbeOutcome.Unreachable(ProbeKind.Http, ProbeReason.ConnectionRefused, "connection refused")]
                : [ProbeOutcome.Reachable(ProbeKind.Http, TimeSpan.FromMilliseconds(3), "ok")];
            await queue.WriteAsync(new ProbeRound(id, completed.AddMilliseconds(-50), completed, outcomes), CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (meter.Processed - before < deviceIds.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Phase '{name}' did not finish within 10 minutes.");
            }

            await Task.Delay(5);
        }

        clock.Stop();
        Console.WriteLine($"{name}: {deviceIds.Count:N0} rounds in {clock.Elapsed.TotalSeconds:F2} s");
        return (name, deviceIds.Count, clock.Elapsed);
    }

    /// <summary>Writes the sites and returns the device ids, each site's switch before its cameras.</summary>
    private static async Task<List<long>> SeedAsync(IServiceProvider services, int deviceCount, int siteSize)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<long>(deviceCount);
        var siteCount = (deviceCount + siteSize) / (siteSize + 1);
        for (var site = 0; site < siteCount; site++)
        {
            await using var db = await factory.CreateDbContextAsync();
            var organization = new Organization { Name = $"压测站点 {site:D4}", CreatedAt = now };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();

            var switchDevice = new Device
            {
                Code = $"SW-{site:D4}", Name = $"交换机 {site}", Kind = DeviceKind.Switch, OrganizationId = organization.Id,
                Probes = ProbeSet.Http, CreatedAt = now, UpdatedAt = now,
            };
            db.Devices.Add(switchDevice);
            await db.SaveChangesAsync();
            ids.Add(switchDevice.Id);

            var cameras = Enumerable.Range(0, Math.Min(siteSize, deviceCount - ids.Count)).Select(i => new Device
            {
                Code = $"CAM-{site:D4}-{i:D2}", Name = $"摄像机 {site}-{i}", Kind = DeviceKind.Camera, OrganizationId = organization.Id,
                ParentId = site % 2 == 0 ? switchDevice.Id : null, Probes = ProbeSet.Http, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Devices.AddRange(cameras);
            await db.SaveChangesAsync();
            ids.AddRange(cameras.Select(c => c.Id));
        }

        return ids;
    }

    /// <summary>Counts the rounds the health processor wrote, from its <c>rounds.processed</c> instrument.</summary>
    private sealed class RoundMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _processed;

        public RoundMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MonitoringMetrics.MeterName && instrument.Name == "rounds.processed")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _processed, value));
            _listener.Start();
        }

        public long Processed => Interlocked.Read(ref _processed);

        public void Dispose() => _listener.Dispose();
    }
}
