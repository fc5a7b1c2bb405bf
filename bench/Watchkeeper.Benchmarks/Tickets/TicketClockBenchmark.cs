using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Server.Tickets;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Tickets;

/// <summary>
/// The ticket clock benchmark: how late the server's own clock worker fires each escalation after its due time, and how
/// fast the "breaching within the hour" queue returns, among many open tickets on the real clock.
/// </summary>
/// <remarks>
/// One ticket in a hundred is already breached and the others fall due over the next week. A sample falls due evenly
/// over the measured window (60 s by default). The benchmark polls the log every 20 ms, so a measured latency can
/// exceed the real one by up to 20 ms.
/// </remarks>
internal static class TicketClockBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";
    private const int SeedBatch = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var tickets = BenchmarkOptions.Number(args, "--tickets", 100_000);
        var sample = BenchmarkOptions.Number(args, "--due", 200);
        var seconds = BenchmarkOptions.Number(args, "--seconds", 60);
        var databases = (BenchmarkOptions.Text(args, "--database") ?? "both") switch
        {
            "both" => new[] { "sqlite", "postgresql" },
            var database => [database],
        };

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{tickets:N0} open tickets; {sample} escalations due within {seconds} s; the clock worker with its default settings");
        foreach (var database in databases)
        {
            await RunOneAsync(database, tickets, sample, seconds);
        }

        return 0;
    }

    private static async Task RunOneAsync(string database, int ticketCount, int sample, int seconds)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;

        // The host's own worker stays off, so the benchmark starts one of its own once the tickets are in.
        await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword,
            new Dictionary<string, string?>
            {
                ["Tickets:ClockWorkerEnabled"] = "false",
                ["Notifications:Enabled"] = "false",
                ["Notifications:Routing:Enabled"] = "false",
                ["Gb28181:Enabled"] = "false",
                ["Diagnosis:Enabled"] = "false",
                ["Recording:Enabled"] = "false",
            });
        using var client = await host.CreateAdminClientAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();

        var seeding = Stopwatch.StartNew();
        var sites = await SeedSitesAsync(factory);
        await SeedAsync(factory, sites, ticketCount - sample, sample: false, DateTimeOffset.UtcNow, 0);
        host.Services.GetRequiredService<OrganizationDirectory>().Invalidate();
        Console.WriteLine();
        Console.WriteLine($"{database}: seeded {ticketCount - sample:N0} tickets in {seeding.Elapsed.TotalSeconds:F1} s");

        // One ticket in a hundred was breached before the worker ran, so the first pass records those breaches.
        var worker = host.Services.GetRequiredService<TicketClockWorker>();
        var backlog = Stopwatch.StartNew();
        var caughtUp = await worker.RunOnceAsync(CancellationToken.None);
        Console.WriteLine($"{database}: first pass recorded {caughtUp:N0} earlier breaches in {backlog.Elapsed.TotalSeconds:F1} s");

        var start = DateTimeOffset.UtcNow.AddSeconds(10);
        var dueAt = await SeedAsync(factory, sites, sample, sample: true, start, seconds);
        var queueTimes = await MeasureQueueAsync(client, 30);
        Console.WriteLine($"{database}: GET /api/v1/tickets?queue=breachingSoon (count and first 50): p50 {Percentile(queueTimes, 0.5):F1} ms, " +
            $"p95 {Percentile(queueTimes, 0.95):F1} ms, max {queueTimes[^1]:F1} ms over {queueTimes.Count} requests");

        // A second worker with the default settings runs the server's own loop, as a host runs it.
        var running = ActivatorUtilities.CreateInstance<TicketClockWorker>(host.Services, Options.Create(new TicketOptions()));
        await running.StartAsync(CancellationToken.None);
        var firstSeen = await WatchAsync(factory, dueAt, start.AddSeconds(seconds + 10));
        await running.StopAsync(CancellationToken.None);

        var latencies = dueAt.Where(d => firstSeen.ContainsKey(d.Key)).Select(d => (firstSeen[d.Key] - d.Value).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"{database}: escalations fired {latencies.Count} of {dueAt.Count}; after their due time: p50 {Percentile(latencies, 0.5):F0} ms, " +
            $"p95 {Percentile(latencies, 0.95):F0} ms, max {latencies.LastOrDefault():F0} ms");
    }

    private static async Task<long[]> SeedSitesAsync(IDbContextFactory<WatchkeeperDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var organizations = Enumerable.Range(0, 100).Select(i => new Organization { Name = $"站点{i}", CreatedAt = DateTimeOffset.UtcNow }).ToList();
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync();
        return [.. organizations.Select(o => o.Id)];
    }

    /// <summary>
    /// Seeds tickets and returns the breach due time of each. The sample falls due evenly over the measured window
    /// from <paramref name="start"/>. Of the others, one in a hundred is already breached and the rest fall due
    /// evenly over the next 7 days.
    /// </summary>
    private static async Task<Dictionary<long, DateTimeOffset>> SeedAsync(IDbContextFactory<WatchkeeperDbContext> factory, long[] sites, int count,
        bool sample, DateTimeOffset start, int seconds)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(7);
        var seeded = new Dictionary<Ticket, DateTimeOffset>();
        for (var first = 0; first < count; first += SeedBatch)
        {
            await using var db = await factory.CreateDbContextAsync();
            var clocks = await TicketClocks.LoadAsync(db, CancellationToken.None);
            foreach (var i in Enumerable.Range(first, Math.Min(SeedBatch, count - first)))
            {
                DateTimeOffset due;
                if (sample)
                {
                    due = start.AddSeconds(seconds * (double)i / count);
                }
                else
                {
                    due = i % 100 == 0 ? now.AddHours(-random.Next(1, 48)) : now.AddMinutes(random.Next(2, 7 * 24 * 60));
                }

                var report = new TicketReport($"摄像机 {i} 无图像", "", 3, FaultCategory.Camera, TicketSource.Api, sites[i % sites.Length], "值班室", "");
                var ticket = Ticket.Open(report, Terms(), "bench", due.AddMinutes(-60));
                ticket.AssignNumber($"GD-BENCH-{(sample ? "S" : "T")}{i:D7}");
                clocks.Refresh(ticket, now);
                db.Tickets.Add(ticket);
                seeded[ticket] = due;
            }

            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE;" : "ANALYZE tickets; ANALYZE ticket_activities;");
        }

        return seeded.ToDictionary(s => s.Key.Id, s => s.Value);
    }

    /// <summary>Returns a 60-minute response target around the clock, with its breach as the only escalation.</summary>
    private static SlaTermsSnapshot Terms() => new(null, null, 3,
        [new SlaTargetSnapshot(SlaClockKind.Response, 60, null), new SlaTargetSnapshot(SlaClockKind.Resolution, 7 * 24 * 60, null)],
        [new SlaMarkSnapshot("breach", SlaClockKind.Response, SlaMarkKind.Breach, 100, 0, [])]);

    private static async Task<List<double>> MeasureQueueAsync(HttpClient client, int requests)
    {
        var times = new List<double>();
        for (var i = 0; i < requests + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/v1/tickets?queue=breachingSoon&pageSize=50");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 3)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times;
    }

    /// <summary>Polls the log every 20 ms and returns when each sampled ticket's breach was first seen.</summary>
    private static async Task<Dictionary<long, DateTimeOffset>> WatchAsync(IDbContextFactory<WatchkeeperDbContext> factory,
        Dictionary<long, DateTimeOffset> dueAt, DateTimeOffset until)
    {
        var seen = new Dictionary<long, DateTimeOffset>();
        var ids = dueAt.Keys.ToList();
        while (DateTimeOffset.UtcNow < until && seen.Count < ids.Count)
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                var fired = await db.TicketActivities.AsNoTracking()
                    .Where(a => a.Action == TicketAction.ClockBreached && ids.Contains(a.TicketId))
                    .Select(a => a.TicketId).ToListAsync();
                var at = DateTimeOffset.UtcNow;
                foreach (var id in fired.Where(id => !seen.ContainsKey(id)))
                {
                    seen[id] = at;
                }
            }

            await Task.Delay(20);
        }

        return seen;
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
