using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Vision;
using Watchkeeper.Vision.Analyzers;

namespace Watchkeeper.Benchmarks.Diagnosis;

/// <summary>
/// Times the multi-frame and reference checks on decoded 1080p frames: each analyzer's call on working copies
/// already made, over consecutive frames of the street video (5 at most), with a frame 2 s later as the reference.
/// </summary>
internal static class MotionCheckTimes
{
    public static void Print(List<Mat> frames, int rounds)
    {
        var reference = frames[Math.Min(frames.Count - 1, 20)];
        var cases = new List<(string Name, int Frames, bool Reference, bool Parked, IFrameAnalyzer Analyzer)>
        {
            ("FrozenPicture, 2 frames", 2, false, false, new FrozenPictureAnalyzer()),
            ("FrozenPicture, 5 frames", 5, false, false, new FrozenPictureAnalyzer()),
            ("Shake, 2 frames", 2, false, false, new ShakeAnalyzer()),
            ("Shake, 5 frames", 5, false, false, new ShakeAnalyzer()),
            ("SceneChange, 1 frame and a reference", 1, true, false, new SceneChangeAnalyzer()),
            ("PtzDrift, 1 frame and a preset view", 1, true, true, new PtzDriftAnalyzer()),
        };

        Console.WriteLine();
        Console.WriteLine("| multi-frame and reference check (working copies already made) | mean | p50 | max |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, count, withReference, parked, analyzer) in cases)
        {
            var times = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                for (var start = 0; start + count <= Math.Min(frames.Count, 20); start += count)
                {
                    var copies = frames.Skip(start).Take(count).Select(frame => frame.Clone()).ToList();
                    using var set = FrameSet.FromFrames(copies, reference: withReference ? reference.Clone() : null, parkedAtPreset: parked);
                    using var context = new AnalysisContext(set);
                    _ = context.SmallGray;
                    _ = context.SmallReferenceGray;
                    var started = Stopwatch.GetTimestamp();
                    analyzer.Analyze(context, 0.5);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

                    // Round 0 warms up.
                    if (round > 0)
                    {
                        times.Add(elapsed);
                    }
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {times.Average():F2} ms | {times[times.Count / 2]:F2} ms | {times[^1]:F2} ms |"));
        }
    }
}
