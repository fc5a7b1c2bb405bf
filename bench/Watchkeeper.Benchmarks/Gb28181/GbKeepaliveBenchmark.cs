using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Benchmarks.Gb28181;

/// <summary>
/// Measures keepalive intake over UDP: 100,000 GB/T 28181 cameras registered in the database, the platform in this
/// process with its SIP server on 127.0.0.1, and Debian's sipp sending their keepalive MESSAGEs at a target rate
/// from one socket. Each keepalive goes through SIP parsing, the transaction table, MANSCDP parsing and the
/// session's keepalive update, and is answered 200 OK.
/// </summary>
internal static class GbKeepaliveBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";
    private const string ServerId = "34020000002000000001";
    private const string Domain = "3402000000";

    public static async Task<int> RunAsync(string[] args)
    {
        var deviceCount = BenchmarkOptions.Number(args, "--devices", 100_000);
        var rate = BenchmarkOptions.Number(args, "--rate", 30_000);
        var seconds = BenchmarkOptions.Number(args, "--seconds", 60);
        var runs = BenchmarkOptions.Number(args, "--runs", 3);
        var limit = BenchmarkOptions.Number(args, "--limit", 10_000);
        var monitored = BenchmarkOptions.Text(args, "--monitoring") == "on";
        var peer = BenchmarkOptions.Text(args, "--peer") ?? "platform";
        if (!SippRun.IsInstalled())
        {
            Console.Error.WriteLine($"{SippRun.Executable} is missing: install the Debian package sip-tester");
            return 2;
        }

        if (peer is not ("platform" or "sipp"))
        {
            Console.Error.WriteLine("--peer is platform (the Watchkeeper SIP server) or sipp (a sipp answerer, to measure sipp itself)");
            return 2;
        }

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}, load average {LoadAverage()}");
        Console.WriteLine($"{deviceCount:N0} registered cameras, sipp at {rate:N0}/s for {seconds} s (-l {limit}), {runs} runs, " +
            $"monitoring {(monitored ? "on" : "off")}, answered by {peer}");

        var workDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-gb-").FullName;
        var injectionFile = WriteInjectionFile(workDirectory, deviceCount);
        var sippPort = FreeUdpPort();
        try
        {
            return peer == "sipp"
                ? await RunAgainstSippAsync(workDirectory, injectionFile, sippPort, rate, seconds, runs, limit)
                : await RunAgainstPlatformAsync(workDirectory, injectionFile, sippPort, deviceCount, rate, seconds, runs, limit, monitored);
        }
        finally
        {
            // The database of 100,000 cameras and sipp's statistics take about 100 MB.
            DeleteQuietly(workDirectory);
        }
    }

    internal static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {exception.Message}");
        }
    }

    private static async Task<int> RunAgainstPlatformAsync(string workDirectory, string injectionFile, int sippPort, int deviceCount,
        int rate, int seconds, int runs, int limit, bool monitored)
    {
        var dataDirectory = Path.Combine(workDirectory, "data");
        await WriteCamerasAndWeighSessionsAsync(dataDirectory, deviceCount, sippPort, monitored);

        await using var host = new BenchmarkHost(dataDirectory, "Sqlite", null, AdminPassword, new Dictionary<string, string?>
        {
            ["Monitoring:Enabled"] = monitored ? "true" : "false",
            ["Gb28181:Enabled"] = "true",
            ["Gb28181:ListenAddress"] = "127.0.0.1",
            ["Gb28181:SipPort"] = "0",
            ["Gb28181:ServerId"] = ServerId,
            ["Gb28181:Domain"] = Domain,
            ["Gb28181:Password"] = "Bench-Gb-1",
            ["Gb28181:EnableTcp"] = "false",

            // The refreshes would send DeviceStatus and Catalog queries to sipp's socket, which does not respond to them.
            ["Gb28181:CatalogRefreshMinutes"] = "0",
            ["Gb28181:StatusRefreshMinutes"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",

            // At start the keepalive timer logs each device's change from Unknown to Alive: 100,000 lines.
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Watchkeeper.Server.Gb28181"] = "Warning",
        });
        using var client = await host.CreateAdminClientAsync();
        var server = host.Services.GetRequiredService<GbSipServer>();
        var book = host.Services.GetRequiredService<GbSessionBook>();
        if (server.UdpPort == 0)
        {
            Console.Error.WriteLine($"The SIP server did not start: {server.StartFailure}");
            return 1;
        }

        Console.WriteLine($"Platform: SIP on 127.0.0.1:{server.UdpPort} (UDP), {book.Count:N0} sessions loaded; sipp on 127.0.0.1:{sippPort}");
        var idle = Memory.Measure(forceCollection: true);
        Console.WriteLine($"Before load (after a full GC): GC heap {idle.HeapMiB:N0} MiB, working set {idle.WorkingSetMiB:N0} MiB");
        Console.WriteLine();
        Console.WriteLine("| run | answered 200/s (steady) | answered 200/s (whole run) | answered | failed | timeouts | retransmissions | platform CPU (cores) | sipp CPU (cores) | GC heap max | working set max | keepalives applied |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");

        var failedRuns = 0;
        for (var run = 1; run <= runs; run++)
        {
            var startedAt = DateTimeOffset.UtcNow;
            using var sampler = new MemorySampler();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = await SippRun.RunKeepalivesAsync(workDirectory, injectionFile, server.UdpPort, sippPort, rate, limit, (long)rate * seconds,
                new Dictionary<string, string> { ["server_id"] = ServerId, ["domain"] = Domain });
            var wall = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var peak = sampler.Stop();
            var applied = book.Sessions.Count(s => s.LastKeepaliveAt >= startedAt);

            Console.WriteLine($"| {run} | {result.SteadyRate:N0} | {result.Rate:N0} | {result.Successful:N0} | {result.Failed:N0} | {result.TimeoutFailures:N0} | " +
                $"{result.Retransmissions:N0} | {cpu / wall:F2} | {result.CpuSeconds / wall:F2} | {peak.HeapMiB:N0} MiB | {peak.WorkingSetMiB:N0} MiB | {applied:N0} |");
            if (result.Successful == 0 || !string.IsNullOrEmpty(result.Diagnostics) && result.Failed > 0)
            {
                Console.WriteLine($"  sipp exit code {result.ExitCode}: {result.Diagnostics}");
            }

            failedRuns += result.Failed > 0 ? 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var after = Memory.Measure(forceCollection: true);
        Console.WriteLine();
        Console.WriteLine($"After the runs (after a full GC): GC heap {after.HeapMiB:N0} MiB, working set {after.WorkingSetMiB:N0} MiB; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1L << 20):N0} MiB; load average {LoadAverage()}");
        return failedRuns == 0 ? 0 : 1;
    }

    /// <summary>
    /// Creates the database with a first server start, writes the cameras, and weighs the session book by loading
    /// it once between two full collections. The benchmark then starts a second server on the same database.
    /// </summary>
    private static async Task WriteCamerasAndWeighSessionsAsync(string dataDirectory, int deviceCount, int sippPort, bool monitored)
    {
        await using var host = new BenchmarkHost(dataDirectory, "Sqlite", null, AdminPassword, new Dictionary<string, string?>
        {
            ["Gb28181:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var client = await host.CreateAdminClientAsync();

        var writing = Stopwatch.StartNew();
        await GbCameraLedger.WriteRegisteredCamerasAsync(host.Services, deviceCount, sippPort, monitored);
        Console.WriteLine($"Wrote {deviceCount:N0} registered cameras in {writing.Elapsed.TotalSeconds:F1} s");

        var book = host.Services.GetRequiredService<GbSessionBook>();
        var empty = Memory.Measure(forceCollection: true);
        await book.LoadAsync(CancellationToken.None);
        var loaded = Memory.Measure(forceCollection: true);
        Console.WriteLine($"Session book: {book.Count:N0} sessions take {loaded.HeapMiB - empty.HeapMiB:N1} MiB of GC heap " +
            $"({(loaded.HeapBytes - empty.HeapBytes) / (double)Math.Max(1, book.Count):N0} bytes a device)");
    }

    private static async Task<int> RunAgainstSippAsync(string workDirectory, string injectionFile, int sippPort, int rate, int seconds, int runs, int limit)
    {
        var answererPort = FreeUdpPort();
        using var answerer = SippRun.StartAnswerer(answererPort);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Console.WriteLine($"sipp answerer (pid {answerer.Id}) on 127.0.0.1:{answererPort}");
        Console.WriteLine();
        Console.WriteLine("| run | answered 200/s (steady) | answered 200/s (whole run) | answered | failed | timeouts | retransmissions | sipp UAC CPU (cores) | sipp UAS CPU (cores) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                answerer.Refresh();
                var answererCpuBefore = answerer.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = await SippRun.RunKeepalivesAsync(workDirectory, injectionFile, answererPort, sippPort, rate, limit, (long)rate * seconds,
                    new Dictionary<string, string> { ["server_id"] = ServerId, ["domain"] = Domain });
                var wall = clock.Elapsed.TotalSeconds;
                answerer.Refresh();
                var answererCpu = (answerer.TotalProcessorTime - answererCpuBefore).TotalSeconds;
                Console.WriteLine($"| {run} | {result.SteadyRate:N0} | {result.Rate:N0} | {result.Successful:N0} | {result.Failed:N0} | {result.TimeoutFailures:N0} | " +
                    $"{result.Retransmissions:N0} | {result.CpuSeconds / wall:F2} | {answererCpu / wall:F2} |");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            answerer.Kill();
            await answerer.WaitForExitAsync();
        }

        return 0;
    }

    /// <summary>Writes sipp's injection file: SEQUENTIAL, then one camera ID a line (field0), in a random order.</summary>
    private static string WriteInjectionFile(string directory, int deviceCount)
    {
        var path = Path.Combine(directory, "cameras.csv");
        var order = Enumerable.Range(0, deviceCount).ToArray();
        new Random(28181).Shuffle(order);
        using var writer = new StreamWriter(path);
        writer.WriteLine("SEQUENTIAL");
        foreach (var index in order)
        {
            writer.Write(GbCameraLedger.CameraId(index));
            writer.WriteLine(';');
        }

        return path;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private readonly record struct Memory(long HeapBytes, long WorkingSetBytes)
    {
        public double HeapMiB => HeapBytes / (double)(1L << 20);

        public double WorkingSetMiB => WorkingSetBytes / (double)(1L << 20);

        public static Memory Measure(bool forceCollection)
        {
            if (forceCollection)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            using var process = Process.GetCurrentProcess();
            return new Memory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
        }
    }

    /// <summary>Samples the GC heap and the working set twice a second and keeps the largest values.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<Memory> _loop;

        public MemorySampler() => _loop = Task.Run(() => SampleAsync(_stop.Token));

        public Memory Stop()
        {
            _stop.Cancel();
            return _loop.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();

        private static async Task<Memory> SampleAsync(CancellationToken cancellationToken)
        {
            var peak = new Memory(0, 0);
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = Memory.Measure(forceCollection: false);
                peak = new Memory(Math.Max(peak.HeapBytes, now.HeapBytes), Math.Max(peak.WorkingSetBytes, now.WorkingSetBytes));
                try
                {
                    await Task.Delay(500, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return peak;
        }
    }
}
