using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Gb28181;

/// <summary>
/// Measures how long a 2,000-channel recorder's catalog takes to be stored when the recorder responds with one-item
/// MESSAGEs sent all at once in a random order: a simulated NVR (type code 118) registers over UDP to the platform
/// in this process, which enrolls it and queries its catalog. Every channel must end up as a GbChannels row and a
/// ledger device under the recorder.
/// </summary>
internal static class GbCatalogBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";
    private const string ServerId = "34020000002000000001";
    private const string Password = "Bench-Gb-1";
    private const string RecorderId = "34020000001180000001";

    public static async Task<int> RunAsync(string[] args)
    {
        var channelCount = BenchmarkOptions.Number(args, "--channels", 2_000);
        var runs = BenchmarkOptions.Number(args, "--runs", 3);
        var databases = (BenchmarkOptions.Text(args, "--database") ?? "both") switch
        {
            "both" => new[] { "sqlite", "postgresql" },
            var one => [one],
        };

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"Recorder {RecorderId} with {channelCount:N0} channels, catalog in one-item messages sent concurrently, out of order");
        Console.WriteLine();
        Console.WriteLine("| database | run | first catalog: registered → all stored | MESSAGEs from the recorder | repeat query (API) → stored | outcome | channels stored | ledger devices |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");

        var failures = 0;
        foreach (var database in databases)
        {
            for (var run = 1; run <= runs; run++)
            {
                failures += await RunOneAsync(database, run, channelCount) ? 0 : 1;
            }
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<bool> RunOneAsync(string database, int run, int channelCount)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword,
            new Dictionary<string, string?>
            {
                ["Gb28181:Enabled"] = "true",
                ["Gb28181:ListenAddress"] = "127.0.0.1",
                ["Gb28181:SipPort"] = "0",
                ["Gb28181:ServerId"] = ServerId,
                ["Gb28181:Domain"] = ServerId[..10],
                ["Gb28181:Password"] = Password,
                ["Gb28181:UnknownDevices"] = "Enroll",
                ["Gb28181:CatalogRefreshMinutes"] = "0",
                ["Gb28181:StatusRefreshMinutes"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        try
        {
            using var client = await host.CreateAdminClientAsync();
            var sipPort = host.Services.GetRequiredService<GbSipServer>().UdpPort;
            var created = SimulatedGbDevice.Create(new GbDeviceOptions
            {
                DeviceId = RecorderId,
                LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                PlatformEndPoint = new IPEndPoint(IPAddress.Loopback, sipPort),
                ServerId = ServerId,
                Password = Password,
                ChannelCount = channelCount,
                HeartbeatInterval = TimeSpan.FromSeconds(30),
            });
            await using var recorder = created.Value;
            recorder.SetFault(GbFault.CatalogConcurrentOutOfOrder);

            // The platform queries DeviceInfo, then the catalog, as soon as the registration is accepted.
            var clock = Stopwatch.StartNew();
            var started = await recorder.StartAsync();
            if (!started.IsSuccess || !await recorder.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(30)))
            {
                Console.WriteLine($"| {database} | {run} | the recorder did not register: {(started.IsSuccess ? "no 200 OK within 30 s" : started.Error!.Message)} | | | | | |");
                return false;
            }

            clock.Restart();
            var stored = await WaitUntilStoredAsync(host, channelCount, TimeSpan.FromMinutes(3));
            var first = clock.Elapsed;
            var messages = recorder.Counters.MessagesSent;

            clock.Restart();
            using var response = await client.PostAsync($"/api/v1/gb28181/devices/{RecorderId}/catalog", null);
            var repeat = clock.Elapsed;
            response.EnsureSuccessStatusCode();
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            var outcome = result.GetProperty("outcome").ToString();
            var (channels, ledgerDevices, _) = await CountAsync(host);

            Console.WriteLine($"| {database} | {run} | {(stored ? $"{first.TotalSeconds:F2} s" : "not within 3 min")} | {messages:N0} | " +
                $"{repeat.TotalSeconds:F2} s | {outcome} | {channels:N0} | {ledgerDevices:N0} |");
            return stored && channels == channelCount && ledgerDevices == channelCount && outcome == nameof(GbQueryOutcome.Complete);
        }
        finally
        {
            await host.DisposeAsync();
            if (connectionString is not null)
            {
                PostgresServer.DropDatabase(connectionString);
            }

            GbKeepaliveBenchmark.DeleteQuietly(dataDirectory);
        }
    }

    /// <summary>Polls until the recorder's catalog query is complete with every channel stored, or the time is up.</summary>
    private static async Task<bool> WaitUntilStoredAsync(BenchmarkHost host, int channelCount, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var (channels, ledgerDevices, outcome) = await CountAsync(host);
            if (channels == channelCount && ledgerDevices == channelCount && outcome == GbQueryOutcome.Complete)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Counts the recorder's catalog rows with a ledger device, the ledger devices under it, and its catalog outcome.</summary>
    private static async Task<(int Channels, int LedgerDevices, GbQueryOutcome? Outcome)> CountAsync(BenchmarkHost host)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var profile = await db.GbDevices.AsNoTracking().Where(d => d.GbId == RecorderId)
            .Select(d => new { d.DeviceId, d.CatalogOutcome })
            .FirstOrDefaultAsync();
        if (profile is null)
        {
            return (0, 0, null);
        }

        var channels = await db.GbChannels.CountAsync(c => c.OwnerDeviceId == profile.DeviceId && c.LedgerDeviceId != null);
        var ledgerDevices = await db.Devices.CountAsync(d => d.ParentId == profile.DeviceId);
        return (channels, ledgerDevices, profile.CatalogOutcome);
    }
}
