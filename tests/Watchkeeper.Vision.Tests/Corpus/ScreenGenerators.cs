using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// Part of the lens covered by an out-of-focus object (a hand, tape, a leaf, a bag) at a corner or an edge: dark
/// colours (luma 15–60) with a soft edge. A cover of at least <see cref="VisibleFraction"/> of the frame is a fault;
/// a smaller one (from the 5 % size) is borderline.
/// </summary>
public sealed class OcclusionGenerator : ICorpusGenerator
{
    public const double VisibleFraction = 0.10;

    private static readonly IReadOnlyList<Scalar> Colors =
    [
        new(15, 15, 15), new(30, 35, 45), new(40, 50, 70), new(25, 45, 30), new(55, 55, 60),
    ];

    public string Name => "occlusion";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var target in new[] { 0.05, 0.15, 0.25, 0.4 })
            {
                var (anchor, axes, place) = Place(original.Size(), target, random);
                using var covered = PictureFaults.Occlude(original, anchor, axes, random.Next(0, 60) - 30, random.Pick(Colors), random);
                var fraction = PictureFaults.CoveredFraction(original, covered);
                var picture = PictureFaults.GaussianNoise(covered, 2, random, monochrome: true);
                yield return Still.Sample(Name, source, $"{place}{target}", DiagnosisKind.Occlusion, fraction, picture, borderline: fraction < VisibleFraction);
            }
        }
    }

    /// <summary>An anchor at a corner (a quarter of the ellipse shows) or at the middle of an edge (half of it shows).</summary>
    private static (Point Anchor, Size Axes, string Place) Place(Size frame, double target, Random random)
    {
        var area = target * frame.Width * frame.Height;
        var aspect = 0.7 + random.NextDouble() * 0.8;
        var place = random.Next(8);
        var visibleShare = place < 4 ? 0.25 : 0.5;
        var b = Math.Sqrt(area / (Math.PI * visibleShare * aspect));
        var axes = new Size((int)(b * aspect), (int)b);
        var (anchor, name) = place switch
        {
            0 => (new Point(0, 0), "top-left-"),
            1 => (new Point(frame.Width, 0), "top-right-"),
            2 => (new Point(0, frame.Height), "bottom-left-"),
            3 => (new Point(frame.Width, frame.Height), "bottom-right-"),
            4 => (new Point(frame.Width / 2, frame.Height), "bottom-"),
            5 => (new Point(0, frame.Height / 2), "left-"),
            6 => (new Point(frame.Width, frame.Height / 2), "right-"),
            _ => (new Point(frame.Width / 2, 0), "top-"),
        };
        return (anchor, axes, name);
    }
}

/// <summary>
/// Signal loss as recorders and encoders show it: black, blue, grey and green screens with the faint noise of the
/// video path, half of them with the recorder's "no video" message, a channel name or a clock in on-screen text.
/// </summary>
public sealed class SignalLossGenerator : ICorpusGenerator
{
    private static readonly IReadOnlyList<(string Name, Scalar Color)> Screens =
    [
        ("black", new Scalar(0, 0, 0)), ("near-black", new Scalar(12, 10, 14)), ("blue", new Scalar(255, 0, 0)),
        ("dark-blue", new Scalar(160, 40, 16)), ("grey", new Scalar(128, 128, 128)), ("green", new Scalar(0, 140, 0)),
    ];

    private static readonly IReadOnlyList<string> Messages = ["NO VIDEO", "VIDEO LOSS", "NO SIGNAL", "Signal Lost"];

    private static readonly IReadOnlyList<Size> Sizes = [new(768, 576), new(704, 576), new(1280, 720), new(640, 360)];

    public string Name => "signal-loss";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var (screenName, color) in Screens)
        {
            foreach (var size in Sizes)
            {
                var noise = random.NextDouble() * 2.5;
                var picture = PictureFaults.Screen(size, color, noise, random);
                var withText = random.Next(2) == 0;
                if (withText)
                {
                    var scale = size.Width / 500.0;
                    var white = new Scalar(235, 235, 235);
                    PictureFaults.DrawText(picture, random.Pick(Messages), new Point(size.Width * 3 / 10, size.Height / 2), scale * 1.2, white, Math.Max(2, (int)(scale * 2)));
                    PictureFaults.DrawText(picture, $"CH{random.Next(1, 33):D2} Camera {random.Next(1, 200)}", new Point(size.Width / 20, size.Height * 9 / 10), scale * 0.6, white);
                    PictureFaults.DrawText(picture, $"2026-03-{random.Next(1, 29):D2} 0{random.Next(10)}:{random.Next(60):D2}:{random.Next(60):D2}", new Point(size.Width / 20, size.Height / 12), scale * 0.6, white);
                }

                var variant = $"{screenName}-{size.Width}x{size.Height}{(withText ? "-text" : string.Empty)}";
                yield return new CorpusSample
                {
                    Id = $"{Name}/{variant}",
                    Source = "synthetic screen",
                    Label = DiagnosisKind.SignalLoss,
                    Strength = 1,
                    Frames = [picture],
                };
            }
        }
    }
}
