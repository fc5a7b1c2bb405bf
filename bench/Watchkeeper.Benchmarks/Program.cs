using Watchkeeper.Benchmarks.Alarms;
using Watchkeeper.Benchmarks.Audit;
using Watchkeeper.Benchmarks.Devices;
using Watchkeeper.Benchmarks.Diagnosis;
using Watchkeeper.Benchmarks.Gb28181;
using Watchkeeper.Benchmarks.Ledger;
using Watchkeeper.Benchmarks.Monitoring;
using Watchkeeper.Benchmarks.Notifications;
using Watchkeeper.Benchmarks.Recording;
using Watchkeeper.Benchmarks.Tickets;

namespace Watchkeeper.Benchmarks;

/// <summary>Runs one benchmark, named by the first argument, so that one project contains every load driver.</summary>
/// <remarks>Not a top-level program: that would declare a second global <c>Program</c> beside the server's.</remarks>
internal static class Benchmarks
{
    public static async Task<int> Main(string[] args)
    {
        // WebApplicationFactory looks for MvcTestingAppManifest.json, which names the server's content root, in the
        // current directory, but `dotnet run --project` starts in the repository root instead of the output folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        switch (args.FirstOrDefault())
        {
            case "ledger-import":
                return await LedgerImportBenchmark.RunAsync(args[1..]);
            case "device-list":
                return await DeviceListBenchmark.RunAsync(args[1..]);
            case "probe-throughput":
                return await ProbeThroughputBenchmark.RunAsync(args[1..]);
            case "gb-keepalive":
                return await GbKeepaliveBenchmark.RunAsync(args[1..]);
            case "gb-catalog":
                return await GbCatalogBenchmark.RunAsync(args[1..]);
            case "frame-analysis":
                return await FrameAnalysisBenchmark.RunAsync(args[1..]);
            case "diagnosis-throughput":
                return await DiagnosisThroughputBenchmark.RunAsync(args[1..]);
            case "recording-gaps":
                return await RecordingGapBenchmark.RunAsync(args[1..]);
            case "alarm-pipeline":
                return await AlarmPipelineBenchmark.RunAsync(args[1..]);
            case "audit-append":
                return await AuditAppendBenchmark.RunAsync(args[1..]);
            case "notification-routing":
                return await NotificationRoutingBenchmark.RunAsync(args[1..]);
            case "switch-outage":
                return await SwitchOutageBenchmark.RunAsync(args[1..]);
            case "ticket-clocks":
                return await TicketClockBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Watchkeeper.Benchmarks -- <benchmark> [options]");
                Console.Error.WriteLine("Benchmarks:");
                Console.Error.WriteLine("  ledger-import [--rows N] [--database sqlite|postgresql|both] [--format csv|xlsx|both]");
                Console.Error.WriteLine("  device-list [--devices N] [--iterations N] [--database sqlite|postgresql|both]");
                Console.Error.WriteLine("  probe-throughput [--probe rtsp|tcp] [--devices N] [--interval S] [--seconds S] [--cameras N] [--concurrency N] [--database sqlite|postgresql] [--simulator internal|external]");
                Console.Error.WriteLine("  gb-keepalive [--devices N] [--rate N] [--seconds S] [--runs N] [--limit N] [--monitoring on|off] [--peer platform|sipp]");
                Console.Error.WriteLine("  gb-catalog [--channels N] [--runs N] [--database sqlite|postgresql|both]");
                Console.Error.WriteLine("  frame-analysis [--frames N] [--rounds N]   (run under taskset -c 1 for one core)");
                Console.Error.WriteLine("  diagnosis-throughput [--cameras N] [--frames N] [--interval-ms N] [--concurrency N] [--seconds S] [--format bmp|jpeg] [--simulator internal|external]");
                Console.Error.WriteLine("  recording-gaps [--channels N] [--runs N]");
                Console.Error.WriteLine("  alarm-pipeline [--devices N] [--site-size N] [--recur N] [--database sqlite|postgresql]");
                Console.Error.WriteLine("  audit-append [--writes N] [--database sqlite|postgresql|both]");
                Console.Error.WriteLine("  notification-routing [--alarms N] [--database sqlite|postgresql|both]");
                Console.Error.WriteLine("  switch-outage [--cameras N] [--runs N] [--database sqlite|postgresql]");
                Console.Error.WriteLine("  ticket-clocks [--tickets N] [--due N] [--seconds S] [--database sqlite|postgresql|both]");
                return 2;
        }
    }
}
