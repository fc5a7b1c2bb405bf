using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>The light a current view is taken in, against a reference taken by day.</summary>
public sealed record Lighting(string Name, double Gain, double Gamma, double NoiseSigma, bool Monochrome)
{
    public static readonly Lighting Same = new("same-light", 1, 1, 0, false);

    /// <summary>
    /// Picks the light of one sample: unchanged, brighter, dimmer, or dusk (darker mid-tones, sensor noise of sigma 3,
    /// infrared monochrome half the time). Dusk stays above the mean luma a night picture keeps while it is normal.
    /// </summary>
    public static Lighting Pick(Random random) => random.Next(4) switch
    {
        0 => Same,
        1 => new("brighter", 1.1 + random.NextDouble() * 0.15, 0.85 + random.NextDouble() * 0.1, 0, false),
        2 => new("dimmer", 0.7 + random.NextDouble() * 0.15, 1.1 + random.NextDouble() * 0.2, 0, false),
        _ => new("dusk", 0.85 + random.NextDouble() * 0.15, 1.5 + random.NextDouble() * 0.4, 3, random.Next(2) == 0),
    };

    /// <summary>Applies the light to one frame; a dusk frame too dark to be normal gets the dimmer light instead.</summary>
    public Mat Apply(Mat view, Random random)
    {
        var lit = PictureFaults.Exposure(view, Gain, Gamma);
        if (NoiseSigma > 0)
        {
            using var dark = lit;
            lit = PictureFaults.GaussianNoise(dark, NoiseSigma, random, monochrome: Monochrome);
        }

        if (Monochrome)
        {
            using var colored = lit;
            lit = PictureFaults.Monochrome(colored);
        }

        if (Still.MeanLuma(lit) < NightGenerator.MinimumMeanLuma)
        {
            lit.Dispose();
            return PictureFaults.Exposure(view, 0.8, 1.2);
        }

        return lit;
    }
}

/// <summary>Helpers shared by the generators of frame sequences.</summary>
internal static class Footage
{
    public static readonly IReadOnlyList<int> FrameCounts = [2, 3, 5];

    /// <summary>Encodes as a camera's JPEG snapshot at a quality of 70 to 90.</summary>
    public static Mat Encode(Mat picture, Random random) => PictureFaults.Jpeg(picture, 70 + random.Next(21));

    public static List<Mat> Repeat(Mat picture, int count) => Enumerable.Range(0, count).Select(_ => picture.Clone()).ToList();

    public static List<Mat> LoadFrames(SourceSequence sequence, int count) =>
        sequence.Frames.Take(count).Select(frame => frame.Load()).ToList();

    public static void DisposeAll(IEnumerable<Mat> pictures)
    {
        foreach (var picture in pictures)
        {
            picture.Dispose();
        }
    }

    public static CorpusSample Sample(
        string generator, string source, string variant, DiagnosisKind? label, double strength, List<Mat> frames,
        bool borderline = false, Mat? reference = null, bool parkedAtPreset = false) =>
        new()
        {
            Id = $"{generator}/{source}/{variant}",
            Source = source,
            Label = label,
            Strength = strength,
            Borderline = borderline,
            Frames = frames,
            Reference = reference,
            ParkedAtPreset = parkedAtPreset,
            Interval = TimeSpan.FromSeconds(0.1),
        };
}

/// <summary>
/// Frozen pictures against live ones. Frozen: one picture repeated 2, 3 or 5 times, exactly, with noise added once
/// (sigma 2 or 6, so every frame carries the same noise), re-encoded as JPEG at a quality of 80 to 95 per frame, or
/// with fresh noise of sigma 0.7 (near-identical). Live: consecutive frames of the street video, 0.1 s apart, and a
/// quiet scene, one picture whose sensor noise (sigma 3.5) is drawn anew for every frame. Fresh noise of sigma 2 is
/// borderline: a frozen encoder does not add it, but a quiet camera with little noise shows no more.
/// </summary>
public sealed class FrozenPictureGenerator : ICorpusGenerator
{
    public const double QuietSceneNoise = 4;

    public string Name => "frozen";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var sequence in sources.Sequences)
        {
            var count = random.Pick(Footage.FrameCounts);
            var frames = Footage.LoadFrames(sequence, count);
            var live = frames.Select(frame => Footage.Encode(frame, random)).ToList();
            yield return Footage.Sample(Name, sequence.Name, $"live-{count}", null, 0, live);

            foreach (var sample in FromStill(sequence.Name, frames[0], count, random))
            {
                yield return sample;
            }

            Footage.DisposeAll(frames);
        }

        foreach (var photograph in sources.Photographs)
        {
            using var picture = photograph.Load();
            foreach (var sample in FromStill(photograph.Name, picture, random.Pick(Footage.FrameCounts), random))
            {
                yield return sample;
            }
        }
    }

    private IEnumerable<CorpusSample> FromStill(string source, Mat still, int count, Random random)
    {
        var frozen = DiagnosisKind.FrozenPicture;
        using var encoded = Footage.Encode(still, random);
        yield return Footage.Sample(Name, source, $"exact-{count}", frozen, 0, Footage.Repeat(encoded, count));

        foreach (var sigma in new[] { 2.0, 6.0 })
        {
            using var noisy = PictureFaults.GaussianNoise(still, sigma, random);
            using var noisyEncoded = Footage.Encode(noisy, random);
            yield return Footage.Sample(Name, source, $"same-noise-s{sigma}-{count}", frozen, sigma, Footage.Repeat(noisyEncoded, count));
        }

        var reencoded = Enumerable.Range(0, count).Select(_ => PictureFaults.Jpeg(still, 85 + random.Next(11))).ToList();
        yield return Footage.Sample(Name, source, $"re-encoded-{count}", frozen, 0, reencoded);

        yield return Footage.Sample(Name, source, $"fresh-noise-s0.7-{count}", frozen, 0.7, FreshNoise(still, 0.7, count, random));
        yield return Footage.Sample(Name, source, $"fresh-noise-s2-{count}", frozen, 2, FreshNoise(still, 2, count, random), borderline: true);
        yield return Footage.Sample(Name, source, $"quiet-scene-{count}", null, QuietSceneNoise, FreshNoise(still, QuietSceneNoise, count, random));
    }

    private static List<Mat> FreshNoise(Mat still, double sigma, int count, Random random) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            using var noisy = PictureFaults.GaussianNoise(still, sigma, random);
            return PictureFaults.Jpeg(noisy, 90);
        }).ToList();
}

/// <summary>
/// Shaking cameras against steady ones: views of 2, 3 or 5 consecutive street frames (or of a photograph with fresh
/// sensor noise per view) taken from poses that vibrate about the home view, the pan and tilt swinging to the
/// opposite side each frame and the roll alternating. Graded by the true mean movement between consecutive views:
/// from <see cref="ShakenShare"/> of the width a shake, below <see cref="SteadyShare"/> steady, borderline between.
/// </summary>
public sealed class ShakeGenerator : ICorpusGenerator
{
    public const double ShakenShare = 0.01;
    public const double SteadyShare = 0.0025;

    private static readonly IReadOnlyList<(string Name, double Pan, double Roll)> Amplitudes =
    [
        ("steady", 0, 0), ("jitter-0.08", 0.0008, 0), ("pan-0.3", 0.003, 0), ("pan-0.8", 0.008, 0), ("pan-1.5", 0.015, 0),
        ("pan-3", 0.03, 0), ("pan-6", 0.06, 0), ("roll-0.3", 0, 0.3), ("roll-1", 0, 1), ("roll-2", 0, 2), ("pan-1.5-roll-1", 0.015, 1),
    ];

    public string Name => "shake";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var sequence in sources.Sequences)
        {
            var count = random.Pick(Footage.FrameCounts);
            var scenes = Footage.LoadFrames(sequence, count);
            foreach (var sample in Shaken(sequence.Name, scenes, random, sensorNoise: 0))
            {
                yield return sample;
            }

            Footage.DisposeAll(scenes);
        }

        foreach (var photograph in sources.Photographs)
        {
            using var picture = photograph.Load();
            var scenes = Footage.Repeat(picture, random.Pick(Footage.FrameCounts));
            foreach (var sample in Shaken(photograph.Name, scenes, random, FrozenPictureGenerator.QuietSceneNoise))
            {
                yield return sample;
            }

            Footage.DisposeAll(scenes);
        }
    }

    /// <summary>Views of <paramref name="scenes"/> at vibrating poses, with fresh sensor noise added to each view when asked.</summary>
    private IEnumerable<CorpusSample> Shaken(string source, List<Mat> scenes, Random random, double sensorNoise)
    {
        foreach (var (name, pan, roll) in Amplitudes)
        {
            var poses = Vibrate(scenes.Count, pan, roll, random);
            var frames = scenes.Select((scene, i) =>
            {
                using var view = CameraView.Capture(scene, poses[i]);
                using var noisy = sensorNoise > 0 ? PictureFaults.GaussianNoise(view, sensorNoise, random) : view.Clone();
                return Footage.Encode(noisy, random);
            }).ToList();

            var sceneSize = scenes[0].Size();
            var truth = Enumerable.Range(0, poses.Count - 1).Average(i => CameraView.Displacement(sceneSize, poses[i], poses[i + 1]));
            var label = truth >= SteadyShare ? DiagnosisKind.Shake : (DiagnosisKind?)null;
            yield return Footage.Sample(Name, source, $"{name}-{scenes.Count}", label, truth, frames, borderline: label is not null && truth < ShakenShare);
        }
    }

    /// <summary>Poses that swing to the opposite side every frame, each swing 60–100 % of the amplitude.</summary>
    private static List<CameraPose> Vibrate(int count, double pan, double roll, Random random)
    {
        var direction = random.NextDouble() * Math.PI * 2;
        var poses = new List<CameraPose>(count);
        for (var i = 0; i < count; i++)
        {
            var angle = direction + i * Math.PI + (random.NextDouble() - 0.5);
            var swing = 0.6 + random.NextDouble() * 0.4;
            var side = i % 2 == 0 ? 1 : -1;
            poses.Add(new CameraPose(pan * swing * Math.Cos(angle), pan * swing * Math.Sin(angle), side * roll * swing));
        }

        return poses;
    }
}
