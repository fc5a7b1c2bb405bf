using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Vision;

namespace Watchkeeper.Benchmarks.Diagnosis;

/// <summary>
/// Times the single-frame picture checks on decoded 1080p frames, one thread, beside ffmpeg's signalstats,
/// blurdetect and blackdetect filters on the same frames as raw YUV (y4m), so that neither side counts decoding.
/// JPEG decoding of the same frames is timed on its own. The frames are vtest.avi (Debian package opencv-doc) scaled
/// to 1920x1080 by ffmpeg. Run the whole process on one core, e.g. under `taskset -c 1`.
/// </summary>
internal static class FrameAnalysisBenchmark
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static async Task<int> RunAsync(string[] args)
    {
        var frameCount = BenchmarkOptions.Number(args, "--frames", 60);
        var rounds = BenchmarkOptions.Number(args, "--rounds", 5);
        var folder = Directory.CreateTempSubdirectory("watchkeeper-bench-frames-").FullName;
        try
        {
            Cv2.SetNumThreads(1);
            Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}; OpenCV threads: {Cv2.GetNumThreads()}");
            Console.WriteLine($"{frameCount} frames of vtest.avi scaled to 1920x1080, {rounds} rounds over them");
            Console.WriteLine();

            var y4m = Path.Combine(folder, "frames.y4m");
            await RunAsync("ffmpeg", "-v", "error", "-i", Video, "-frames:v", Text(frameCount), "-vf", "scale=1920:1080", "-pix_fmt", "yuv420p", "-y", y4m);
            await RunAsync("ffmpeg", "-v", "error", "-i", Video, "-frames:v", Text(frameCount), "-vf", "scale=1920:1080", "-q:v", "3", "-y", Path.Combine(folder, "frame-%03d.jpg"));
            var jpegs = Directory.GetFiles(folder, "frame-*.jpg").Order().Select(File.ReadAllBytes).ToList();

            var (decodeTimes, frames) = Decode(jpegs, rounds);
            var analysisTimes = Analyze(frames, rounds);
            var breakdown = Breakdown(frames);
            var ffmpegPerFrame = await FfmpegPerFrameAsync(y4m, frameCount, rounds);

            Console.WriteLine("| step | mean | p50 | p95 | max |");
            Console.WriteLine("|---|---|---|---|---|");
            Print("JPEG decode (Cv2.ImDecode, 1080p)", decodeTimes);
            Print("all single-frame checks (FrameDiagnoser, from a decoded 1080p frame)", analysisTimes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| ffmpeg -threads 1 -filter_threads 1, signalstats,blurdetect,blackdetect (y4m input, minus -vf null) | {ffmpegPerFrame:F2} ms | | | |"));
            Console.WriteLine();
            Console.WriteLine("| part | mean per frame |");
            Console.WriteLine("|---|---|");
            foreach (var (part, milliseconds) in breakdown)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {part} | {milliseconds:F2} ms |"));
            }

            MotionCheckTimes.Print(frames, rounds);

            foreach (var frame in frames)
            {
                frame.Dispose();
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (List<double> Times, List<Mat> Frames) Decode(List<byte[]> jpegs, int rounds)
    {
        var times = new List<double>();
        var frames = new List<Mat>();
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var jpeg in jpegs)
            {
                var started = Stopwatch.GetTimestamp();
                var frame = Cv2.ImDecode(jpeg, ImreadModes.Color);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

                // Round 0 warms up and keeps the frames for the analysis.
                if (round == 0)
                {
                    frames.Add(frame);
                }
                else
                {
                    times.Add(elapsed);
                    frame.Dispose();
                }
            }
        }

        return (times, frames);
    }

    private static List<double> Analyze(List<Mat> frames, int rounds)
    {
        var diagnoser = VisionAnalyzers.CreateDiagnoser();
        var times = new List<double>();
        var detected = 0;
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var frame in frames)
            {
                // FromFrames takes ownership, so each run gets a copy; the copy is made outside the timed part.
                using var set = FrameSet.FromFrames([frame.Clone()]);
                var started = Stopwatch.GetTimestamp();
                var report = diagnoser.Analyze(set);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                detected += report.Detected.Count();
                if (round > 0)
                {
                    times.Add(elapsed);
                }
            }
        }

        Console.WriteLine($"Findings detected over all runs: {detected} (the street frames are clean, so 0 is expected)");
        return times;
    }

    /// <summary>The mean time of each part: the working copies, then every analyzer on copies already made.</summary>
    private static List<(string Part, double Milliseconds)> Breakdown(List<Mat> frames)
    {
        var analyzers = VisionAnalyzers.CreateDefault().Where(a => !Core.Diagnosis.DiagnosisKinds.NeedsSeveralFrames(a.Kind) && !Core.Diagnosis.DiagnosisKinds.NeedsReference(a.Kind)).ToList();
        var totals = new double[analyzers.Count + 1];

        // The first frame runs twice and counts once, so that JIT compilation is not timed.
        foreach (var frame in frames.Take(1).Concat(frames))
        {
            using var set = FrameSet.FromFrames([frame.Clone()]);
            using var context = new AnalysisContext(set);
            var started = Stopwatch.GetTimestamp();
            _ = context.SmallGray;
            if (ReferenceEquals(frame, frames[0]) && totals[0] == 0)
            {
                totals[0] = double.Epsilon;
                foreach (var analyzer in analyzers)
                {
                    analyzer.Analyze(context, 0.5);
                }

                continue;
            }

            totals[0] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            for (var i = 0; i < analyzers.Count; i++)
            {
                started = Stopwatch.GetTimestamp();
                analyzers[i].Analyze(context, 0.5);
                totals[i + 1] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return totals
            .Select((total, i) => (i == 0 ? "working copies (downscale to 640 px, grey)" : analyzers[i - 1].Kind.ToString(), total / frames.Count))
            .ToList();
    }

    /// <summary>ffmpeg's wall time per frame for the three filters, less the same run with no filter.</summary>
    private static async Task<double> FfmpegPerFrameAsync(string y4m, int frameCount, int rounds)
    {
        var withFilters = new List<double>();
        var without = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            withFilters.Add(await TimeFfmpegAsync(y4m, "signalstats,blurdetect,blackdetect"));
            without.Add(await TimeFfmpegAsync(y4m, "null"));
        }

        var perFrame = (withFilters.Min() - without.Min()) / frameCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ffmpeg runs (best of {rounds}): filters {withFilters.Min():F0} ms, no filter {without.Min():F0} ms for {frameCount} frames"));
        return perFrame;
    }

    private static async Task<double> TimeFfmpegAsync(string y4m, string filters)
    {
        var started = Stopwatch.GetTimestamp();
        await RunAsync("ffmpeg", "-v", "error", "-threads", "1", "-filter_threads", "1", "-i", y4m, "-vf", filters, "-f", "null", "-");
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await errors}");
        }
    }

    private static void Print(string step, List<double> times)
    {
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {times.Average():F2} ms | {times[times.Count / 2]:F2} ms | {times[(int)(times.Count * 0.95)]:F2} ms | {times[^1]:F2} ms |"));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
