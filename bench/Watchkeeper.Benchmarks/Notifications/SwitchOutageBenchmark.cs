using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Notifications;

/// <summary>
/// A switch outage that takes its cameras down, through the real alarm path. Failed probe rounds for the switch and
/// then for every camera behind it are written to the monitoring queue. The health processor opens the alarms, with
/// the cameras' attributed to the offline switch and suppressed, and publishes the changes that wake the notification
/// dispatcher. Measures the time from writing the rounds to the root notification in the delivery log, and counts
/// the messages about cameras, which must be zero.
/// </summary>
internal static class SwitchOutageBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var cameras = BenchmarkOptions.Number(args, "--cameras", 5000);
        var runs = BenchmarkOptions.Number(args, "--runs", 3);
        var database = BenchmarkOptions.Text(args, "--database") ?? "sqlite";

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"One switch with {cameras} cameras behind it; one rule (group wait 0 s, grouped by device) to one e-mail receiver; {database}");
        Console.WriteLine();
        Console.WriteLine("| run | root notification enqueued | all alarms written | alarms | suppressed as consequences | messages | messages about cameras |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var failed = false;
        for (var run = 1; run <= runs; run++)
        {
            failed |= !await RunOneAsync(run, database, cameras);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> RunOneAsync(int run, string database, int cameraCount)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var provider = database == "postgresql" ? "PostgreSql" : "Sqlite";
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        var settings = new Dictionary<string, string?>
        {
            ["Gb28181:Enabled"] = "false",
            ["Diagnosis:Enabled"] = "false",
            ["Recording:Enabled"] = "false",
            ["Monitoring:OfflineAfterFailedRounds"] = "1",
            ["Notifications:Routing:Enabled"] = "false",
        };

        // The first server creates the database and the fleet; the second loads the fleet at start, as after a restart.
        long switchId;
        await using (var seeding = new BenchmarkHost(dataDirectory, provider, connectionString, AdminPassword, settings))
        {
            using var client = await seeding.CreateAdminClientAsync();
            switchId = await SeedAsync(seeding.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>(), cameraCount);
        }

        settings["Notifications:Routing:Enabled"] = "true";
        await using var host = new BenchmarkHost(dataDirectory, provider, connectionString, AdminPassword, settings);
        using var started = await host.CreateAdminClientAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var queue = host.Services.GetRequiredService<MonitoringQueue>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var ids = await db.Devices.Where(d => d.ParentId == switchId).Select(d => d.Id).ToListAsync();
            var clock = Stopwatch.StartNew();
            var at = DateTimeOffset.UtcNow;
            await queue.WriteAsync(FailedRound(switchId, at, ProbeKind.Tcp), CancellationToken.None);
            foreach (var id in ids)
            {
                // A camera's reachability is judged by its video services, so its round fails RTSP as well as TCP.
                await queue.WriteAsync(FailedRound(id, at, ProbeKind.Rtsp, ProbeKind.Tcp), CancellationToken.None);
            }

            TimeSpan? notified = null, written = null;
            var deadline = TimeSpan.FromMinutes(5);
            while (clock.Elapsed < deadline && (notified is null || written is null))
            {
                await using var poll = await factory.CreateDbContextAsync();
                notified ??= await poll.NotificationDeliveries.AnyAsync() ? clock.Elapsed : null;
                written ??= await poll.Alarms.CountAsync() >= ids.Count + 1 ? clock.Elapsed : null;
                await Task.Delay(10);
            }

            // Let the dispatcher run a few more passes, so that a late message about a camera would be counted.
            await Task.Delay(TimeSpan.FromSeconds(10));
            await using var result = await factory.CreateDbContextAsync();
            var alarms = await result.Alarms.CountAsync();
            var suppressed = await result.Alarms.CountAsync(a => a.Suppression == AlarmSuppression.RootCause);
            var messages = await result.NotificationDeliveries.CountAsync();
            var aboutCameras = await (from link in result.NotificationDeliveryAlarms
                                      join alarm in result.Alarms on link.AlarmId equals alarm.Id
                                      where alarm.DeviceId != switchId
                                      select link.DeliveryId).Distinct().CountAsync();
            Console.WriteLine($"| {run} | {Seconds(notified)} | {Seconds(written)} | {alarms} | {suppressed} | {messages} | {aboutCameras} |");
            return notified is not null && aboutCameras == 0 && suppressed == ids.Count;
        }
    }

    private static string Seconds(TimeSpan? elapsed) => elapsed is { } known ? $"{known.TotalSeconds:F2} s" : "not within 5 min";

    private static ProbeRound FailedRound(long deviceId, DateTimeOffset at, params ProbeKind[] probes) =>
        new(deviceId, at, at, [.. probes.Select(probe => ProbeOutcome.Unreachable(probe, ProbeReason.Timeout, "benchmark: no answer"))]);

    private static async Task<long> SeedAsync(IDbContextFactory<WatchkeeperDbContext> factory, int cameraCount)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await factory.CreateDbContextAsync();
        var site = new Organization { Name = "停电站点", CreatedAt = now };
        db.Organizations.Add(site);
        var email = new NotificationChannel { Name = "运维邮件", Kind = NotificationChannelKind.Email, CreatedAt = now, UpdatedAt = now };
        db.NotificationChannels.Add(email);
        var user = new Server.Identity.ApplicationUser { UserName = "oncall", NormalizedUserName = "ONCALL", Email = "oncall@example.com", CreatedAt = now };
        db.Users.Add(user);
        await db.SaveChangesAsync();

        var switchDevice = new Device { Code = "SW-CORE", Name = "汇聚交换机", Kind = DeviceKind.Switch, OrganizationId = site.Id, IpAddress = "127.0.0.1",
            CreatedAt = now, UpdatedAt = now };
        db.Devices.Add(switchDevice);
        db.NotificationRules.Add(new NotificationRule
        {
            Name = "全部告警", ChannelIds = [email.Id], UserIds = [user.Id], GroupWaitSeconds = 0, GroupBy = [Core.Notifications.AlarmGroupField.Device],
            CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        db.Devices.AddRange(Enumerable.Range(0, cameraCount).Select(i => new Device
        {
            Code = $"CAM-{i:D5}", Name = $"摄像机 {i}", Kind = DeviceKind.Camera, OrganizationId = site.Id, ParentId = switchDevice.Id, IpAddress = "127.0.0.1",
            CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        return switchDevice.Id;
    }
}
