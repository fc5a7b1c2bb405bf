using System.Diagnostics;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Benchmarks.Recording;

/// <summary>
/// Measures the gap computation of the daily recording check on its own. Each of N channels has one local day
/// (Asia/Shanghai) of hour-long recordings, unsorted, with a few gaps and segments reaching into the days around it.
/// The day is measured against the 24×7 schedule and an office-hours schedule. Fetching and storing are not counted.
/// </summary>
internal static class RecordingGapBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var channels = BenchmarkOptions.Number(args, "--channels", 10_000);
        var runs = BenchmarkOptions.Number(args, "--runs", 5);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var date = new DateOnly(2026, 12, 4);
        var (office, _) = RecordingSchedule.Parse(Enum.GetValues<DayOfWeek>().Select(d => ((string?)d.ToString(), (string?)"08:00", (string?)"18:00")));
        var days = BuildSegments(channels, date, zone);

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{channels:N0} channels × 1 day, {days.Sum(d => d.Count):N0} segments in all");
        Console.WriteLine();
        Console.WriteLine("| schedule | run | time | per channel | allocated | gaps found |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, schedule) in new[] { ("24×7", RecordingSchedule.AllWeek), ("08:00-18:00", office!) })
        {
            for (var run = 1; run <= runs; run++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var gaps = 0;
                foreach (var segments in days)
                {
                    gaps += RecordingDayAnalysis.Analyze(date, zone, schedule, segments).Gaps.Count;
                }

                watch.Stop();
                var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Console.WriteLine($"| {name} | {run} | {watch.Elapsed.TotalMilliseconds:0} ms | {watch.Elapsed.TotalMicroseconds / channels:0.0} µs | {bytes / (1 << 20):0} MiB | {gaps:N0} |");
            }
        }

        return Task.FromResult(0);
    }

    private static List<List<TimeInterval>> BuildSegments(int channels, DateOnly date, TimeZoneInfo zone)
    {
        var random = new Random(20261204);
        var window = LocalDay.Window(date, zone);
        var all = new List<List<TimeInterval>>(channels);
        for (var channel = 0; channel < channels; channel++)
        {
            var segments = new List<TimeInterval>();
            for (var hour = -1; hour <= 24; hour++)
            {
                var start = window.Start.AddHours(hour);
                var end = start.AddHours(1);
                if (random.Next(10) == 0)
                {
                    // A gap of 1 to 40 minutes inside this file.
                    var cut = start.AddMinutes(random.Next(0, 20));
                    segments.Add(new TimeInterval(start, cut));
                    start = cut.AddMinutes(random.Next(1, 41));
                }

                segments.Add(new TimeInterval(start, end));
            }

            all.Add(segments.OrderBy(_ => random.Next()).ToList());
        }

        return all;
    }
}
