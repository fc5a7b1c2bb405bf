using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Monitoring;

/// <summary>
/// Measures how many probes a second the monitoring pipeline completes against simulated cameras on loopback,
/// with the health state machine and the database writes in the loop.
/// </summary>
/// <remarks>
/// The ledger gets more devices than one round interval can serve (by default 100,000 on a 10 s interval, a demand
/// of 10,000 probes/s), so the scheduler always has due work and the completed rate is the pipeline's capacity.
/// RTSP mode: cameras probed with OPTIONS and DESCRIBE, Digest authentication included. TCP mode: servers probed
/// with a TCP connect to the simulated cameras' HTTP port. Simulator, platform and database share this process.
/// </remarks>
internal static class ProbeThroughputBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var probe = BenchmarkOptions.Text(args, "--probe") ?? "rtsp";
        var deviceCount = BenchmarkOptions.Number(args, "--devices", 100_000);
        var intervalSeconds = BenchmarkOptions.Number(args, "--interval", 10);
        var seconds = BenchmarkOptions.Number(args, "--seconds", 60);
        var cameraCount = BenchmarkOptions.Number(args, "--cameras", 200);
        var concurrency = BenchmarkOptions.Number(args, "--concurrency", 256);
        var database = BenchmarkOptions.Text(args, "--database") ?? "sqlite";

        // "external": the cameras run in a separate simulator process started by hand with the same layout, so
        // that this process's CPU time is the platform's alone.
        var externalSimulator = BenchmarkOptions.Text(args, "--simulator") == "external";
        if (probe is not ("rtsp" or "tcp") || database is not ("sqlite" or "postgresql"))
        {
            Console.Error.WriteLine("--probe is rtsp or tcp; --database is sqlite or postgresql");
            return 2;
        }

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"Probe {probe}, {deviceCount:N0} devices every {intervalSeconds} s (demand {deviceCount / (double)intervalSeconds:N0}/s), " +
            $"{cameraCount} simulated cameras, {concurrency} concurrent probes, {database}, {seconds} s measured");

        var fleetOptions = new FleetOptions
        {
            CameraCount = cameraCount,
            RecorderCount = 0,
            SwitchCount = 0,
            CameraAddressBase = "127.0.30",
            RtspPort = 30554,
            HttpPort = 30080,
            CodePrefix = "BENCH",
            MaxConnectionsPerService = 4096,
        };
        var started = await BenchmarkFleet.StartAsync(fleetOptions, externalSimulator);
        if (started is null)
        {
            return 1;
        }

        await using var fleet = started;

        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword,
            new Dictionary<string, string?>
            {
                ["Monitoring:Enabled"] = "true",
                ["Monitoring:MaxConcurrentProbes"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Monitoring:ProbeTimeoutSeconds"] = "5",
                ["Monitoring:MaxBatchSize"] = "5000",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        using var client = await host.CreateAdminClientAsync();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(host.Services, fleet, probe, deviceCount, intervalSeconds);
        Console.WriteLine($"Seeded {deviceCount:N0} devices in {seeding.Elapsed.TotalSeconds:F1} s");

        using var meter = new PipelineMeter();
        host.Services.GetRequiredService<IMonitoringControl>().LedgerReloaded();
        var warmUp = TimeSpan.FromSeconds(intervalSeconds + 5);
        Console.WriteLine($"Warming up for {warmUp.TotalSeconds:F0} s");
        await Task.Delay(warmUp);

        var before = meter.Snapshot();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = meter.Snapshot();
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var queue = host.Services.GetRequiredService<MonitoringQueue>().Count;

        var probes = after.ProbesRun - before.ProbesRun;
        var failed = after.ProbesFailed - before.ProbesFailed;
        var rounds = after.RoundsProcessed - before.RoundsProcessed;
        Console.WriteLine();
        Console.WriteLine($"Platform CPU per 1,000 probes: {cpu / Math.Max(1, probes) * 1000:F3} s{(externalSimulator ? "" : " (simulator included)")}");
        Console.WriteLine("| probe | devices | database | probes/s | failed | rounds written/s | mean latency | CPU (cores) | queue at end |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {probe} | {deviceCount:N0} | {database} | {probes / elapsed:N0} | {failed:N0} | {rounds / elapsed:N0} | " +
            $"{(after.LatencySum - before.LatencySum) / Math.Max(1, probes) * 1000:F1} ms | {cpu / elapsed:F2} | {queue:N0} |");
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1L << 20)} MiB");

        if (connectionString is not null)
        {
            await host.DisposeAsync();
            PostgresServer.DropDatabase(connectionString);
        }

        return failed > probes / 100 ? 1 : 0;
    }

    private static async Task SeedAsync(IServiceProvider services, SimulatedFleet fleet, string probe, int deviceCount, int intervalSeconds)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var password = services.GetRequiredService<CredentialProtector>().Protect(fleet.Devices[0].Password);
        var now = DateTimeOffset.UtcNow;

        long organizationId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var organization = new Organization { Name = "压测单位 Load test", CreatedAt = now };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            organizationId = organization.Id;
        }

        const int chunk = 5_000;
        for (var start = 0; start < deviceCount; start += chunk)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(deviceCount, start + chunk); i++)
            {
                var camera = fleet.Devices[i % fleet.Devices.Count];
                db.Devices.Add(probe == "rtsp"
                    ? new Device
                    {
                        Code = $"LOAD-{i:D6}",
                        Name = $"压测摄像机 {i}",
                        Kind = DeviceKind.Camera,
                        OrganizationId = organizationId,
                        IpAddress = camera.IpAddress,
                        RtspUrl = camera.RtspUrl,
                        UserName = camera.UserName,
                        EncryptedPassword = password,
                        Probes = ProbeSet.Rtsp,
                        ProbeIntervalSeconds = intervalSeconds,
                        CreatedAt = now,
                        UpdatedAt = now,
                    }
                    : new Device
                    {
                        Code = $"LOAD-{i:D6}",
                        Name = $"压测服务器 {i}",
                        Kind = DeviceKind.Server,
                        OrganizationId = organizationId,
                        IpAddress = camera.IpAddress,
                        HttpPort = camera.HttpPort,
                        Probes = ProbeSet.Tcp,
                        ProbeIntervalSeconds = intervalSeconds,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
            }

            await db.SaveChangesAsync();
        }
    }

    /// <summary>Totals of the monitoring instruments since the listener started.</summary>
    private sealed class PipelineMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _probesRun;
        private long _probesFailed;
        private long _roundsProcessed;
        private double _latencySum;

        public PipelineMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MonitoringMetrics.MeterName
                    && instrument.Name is "probes.run" or "probes.failed" or "rounds.processed" or "probe.latency")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                switch (instrument.Name)
                {
                    case "probes.run":
                        Interlocked.Add(ref _probesRun, value);
                        break;
                    case "probes.failed":
                        Interlocked.Add(ref _probesFailed, value);
                        break;
                    case "rounds.processed":
                        Interlocked.Add(ref _roundsProcessed, value);
                        break;
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                if (instrument.Name == "probe.latency")
                {
                    lock (_listener)
                    {
                        _latencySum += value;
                    }
                }
            });
            _listener.Start();
        }

        public (long ProbesRun, long ProbesFailed, long RoundsProcessed, double LatencySum) Snapshot()
        {
            lock (_listener)
            {
                return (Interlocked.Read(ref _probesRun), Interlocked.Read(ref _probesFailed), Interlocked.Read(ref _roundsProcessed), _latencySum);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
