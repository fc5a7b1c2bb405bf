using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Organizations;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Notifications;

/// <summary>
/// Measures the notification dispatcher on a seeded fleet: how many open alarms one dispatcher pass routes into
/// notification groups per second, how fast the due groups are rendered and enqueued, and how fast resolved notices
/// go out. The alarms are written straight into the database as the alarm pipeline leaves them. The dispatcher's
/// background loop is off and each pass is called directly, so the figures are the dispatcher's alone.
/// </summary>
internal static class NotificationRoutingBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var alarms = BenchmarkOptions.Number(args, "--alarms", 20000);
        var databases = (BenchmarkOptions.Text(args, "--database") ?? "sqlite") switch
        {
            "both" => new[] { "sqlite", "postgresql" },
            var database => [database],
        };

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{alarms} open alarms on {alarms} cameras in 100 sites; 12 rules, 2 channels, 5 users");
        Console.WriteLine();
        Console.WriteLine("| database | pass | items | time | per second |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var database in databases)
        {
            await RunOneAsync(database, alarms);
        }

        return 0;
    }

    private static async Task RunOneAsync(string database, int alarmCount)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword,
            new Dictionary<string, string?>
            {
                ["Notifications:Routing:Enabled"] = "false",

                // The seeded channels have no addresses to send to: the messages are enqueued, which is what is measured.
                ["Notifications:Enabled"] = "false",
                ["Gb28181:Enabled"] = "false",
                ["Diagnosis:Enabled"] = "false",
                ["Recording:Enabled"] = "false",
            });
        using var client = await host.CreateAdminClientAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        await SeedAsync(factory, alarmCount);
        host.Services.GetRequiredService<OrganizationDirectory>().Invalidate();
        var dispatcher = host.Services.GetRequiredService<NotificationDispatcher>();

        var clock = Stopwatch.StartNew();
        var routed = await dispatcher.RunOnceAsync(CancellationToken.None);
        Print(database, "route open alarms into groups", routed.AlarmsRouted, clock.Elapsed);

        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.NotificationGroups.ExecuteUpdateAsync(u => u.SetProperty(g => g.DueAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        clock.Restart();
        var sent = await dispatcher.RunOnceAsync(CancellationToken.None);
        var deliveries = await CountDeliveriesAsync(factory);
        Print(database, $"send due groups ({deliveries} messages)", sent.GroupsHandled, clock.Elapsed);

        await ResolveAllAsync(factory);
        clock.Restart();
        var resolved = await dispatcher.RunOnceAsync(CancellationToken.None);
        Print(database, $"resolved notices ({await CountDeliveriesAsync(factory) - deliveries} messages)", resolved.AlarmsResolved, clock.Elapsed);
    }

    private static async Task SeedAsync(IDbContextFactory<WatchkeeperDbContext> factory, int alarmCount)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await factory.CreateDbContextAsync();
        var regions = Enumerable.Range(1, 10).Select(i => new Organization { Name = $"分局{i}", CreatedAt = now }).ToList();
        db.Organizations.AddRange(regions);
        await db.SaveChangesAsync();
        var sites = Enumerable.Range(0, 100).Select(i => new Organization { Name = $"站点{i}", ParentId = regions[i % 10].Id, CreatedAt = now }).ToList();
        db.Organizations.AddRange(sites);

        var email = new NotificationChannel { Name = "运维邮件", Kind = NotificationChannelKind.Email, CreatedAt = now, UpdatedAt = now };
        var robot = new NotificationChannel { Name = "运维钉钉群", Kind = NotificationChannelKind.DingTalk, CreatedAt = now, UpdatedAt = now };
        db.NotificationChannels.AddRange(email, robot);
        var users = Enumerable.Range(1, 5).Select(i => new Server.Identity.ApplicationUser
        {
            UserName = $"engineer{i}", NormalizedUserName = $"ENGINEER{i}", Email = $"engineer{i}@example.com", PhoneNumber = $"1380000000{i}", CreatedAt = now,
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();

        var policy = new EscalationPolicy { Name = "两级升级", Steps = [new EscalationStep(15, [users[3].Id], [], false, []), new EscalationStep(60, [users[4].Id], [], false, [])],
            CreatedAt = now, UpdatedAt = now };
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync();
        db.NotificationRules.Add(Rule("紧急告警", 0, [email.Id, robot.Id], [users[0].Id], now, r =>
        {
            r.Severities = [AlarmSeverity.Critical];
            r.Continue = true;
        }));
        for (var i = 0; i < 10; i++)
        {
            var region = regions[i].Id;
            db.NotificationRules.Add(Rule($"分局{i + 1}", 10 + i, [robot.Id], [users[1].Id], now, r =>
            {
                r.OrganizationId = region;
                r.GroupBy = [AlarmGroupField.Organization, AlarmGroupField.AlarmType];
                r.Continue = true;
            }));
        }

        db.NotificationRules.Add(Rule("全部告警", 100, [email.Id], [users[2].Id], now, r =>
        {
            r.GroupBy = [AlarmGroupField.Organization];
            r.EscalationPolicyId = policy.Id;
        }));
        await db.SaveChangesAsync();

        for (var start = 0; start < alarmCount; start += 5000)
        {
            await using var batch = await factory.CreateDbContextAsync();
            batch.ChangeTracker.AutoDetectChangesEnabled = false;
            var devices = Enumerable.Range(start, Math.Min(5000, alarmCount - start)).Select(i => new Device
            {
                Code = $"CAM-{i:D6}", Name = $"摄像机 {i}", Kind = DeviceKind.Camera, OrganizationId = sites[i % 100].Id, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            batch.Devices.AddRange(devices);
            await batch.SaveChangesAsync();
            batch.Alarms.AddRange(devices.Select((d, i) => Alarm.Open(d.Id, (start + i) % 7 == 0 ? AlarmType.DiskFull : AlarmType.Offline, "",
                "benchmark fault", now)));
            await batch.SaveChangesAsync();
        }
    }

    private static NotificationRule Rule(string name, int position, List<long> channelIds, List<string> userIds, DateTimeOffset now, Action<NotificationRule> configure)
    {
        var rule = new NotificationRule
        {
            Name = name, Position = position, ChannelIds = channelIds, UserIds = userIds, GroupWaitSeconds = 300, CreatedAt = now, UpdatedAt = now,
        };
        configure(rule);
        return rule;
    }

    private static async Task ResolveAllAsync(IDbContextFactory<WatchkeeperDbContext> factory)
    {
        var now = DateTimeOffset.UtcNow;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var open = await db.Alarms.Where(a => a.ResolvedAt == null).OrderBy(a => a.Id).Take(5000).ToListAsync();
            if (open.Count == 0)
            {
                return;
            }

            foreach (var alarm in open)
            {
                alarm.Resolve(now, "benchmark recovery");
            }

            await db.SaveChangesAsync();
        }
    }

    private static async Task<int> CountDeliveriesAsync(IDbContextFactory<WatchkeeperDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.NotificationDeliveries.CountAsync();
    }

    private static void Print(string database, string pass, int items, TimeSpan elapsed) =>
        Console.WriteLine($"| {database} | {pass} | {items} | {elapsed.TotalSeconds:F2} s | {items / Math.Max(elapsed.TotalSeconds, 1e-6):F0} |");
}
