using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// Current views against a reference view taken earlier. For the street video the reference is the home view of
/// one time and the current frames (1 to 3, consecutive) are views of another time 24 s later, so other walkers are
/// about; for a photograph, and for a view replaced by another photograph, the current views add fresh sensor noise as a
/// quiet live scene shows. Each sample's current frames share one pose and
/// one <see cref="Lighting"/>. Graded by the true mean movement of the view from the reference: from
/// <see cref="MovedShare"/> of the width a fault, below <see cref="SteadyShare"/> the same view, borderline between.
/// A view replaced by another photograph is a fault.
/// </summary>
public abstract class ReferenceViewGenerator : ICorpusGenerator
{
    public const double MovedShare = 0.03;
    public const double SteadyShare = 0.005;

    private static readonly IReadOnlyList<int> CurrentCounts = [1, 2, 3];

    public abstract string Name { get; }

    protected abstract DiagnosisKind Kind { get; }

    /// <summary>True for a PTZ camera parked at the preset the reference belongs to.</summary>
    protected abstract bool ParkedAtPreset { get; }

    /// <summary>The moves to make, each a pose whose pan and tilt are turned to a random direction.</summary>
    protected abstract IReadOnlyList<(string Name, CameraPose Pose)> Moves { get; }

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        var sequences = sources.Sequences;
        for (var i = 0; i < sequences.Count; i++)
        {
            using var referenceScene = sequences[i].Frames[0].Load();
            var later = sequences[(i + 3) % sequences.Count];
            var scenes = Footage.LoadFrames(later, random.Pick(CurrentCounts));
            foreach (var sample in Compared(sequences[i].Name, referenceScene, scenes, sensorNoise: 0, sources, random))
            {
                yield return sample;
            }

            Footage.DisposeAll(scenes);
        }

        foreach (var photograph in sources.Photographs)
        {
            using var picture = photograph.Load();
            var scenes = Footage.Repeat(picture, random.Pick(CurrentCounts));
            foreach (var sample in Compared(photograph.Name, picture, scenes, FrozenPictureGenerator.QuietSceneNoise, sources, random))
            {
                yield return sample;
            }

            Footage.DisposeAll(scenes);
        }
    }

    private IEnumerable<CorpusSample> Compared(string source, Mat referenceScene, List<Mat> scenes, double sensorNoise, CorpusSources sources, Random random)
    {
        var sceneSize = referenceScene.Size();
        using var home = CameraView.Capture(referenceScene, CameraPose.Home);
        foreach (var (name, move) in Moves)
        {
            var pose = Orient(sceneSize, move, random);
            var lighting = Lighting.Pick(random);
            var frames = scenes.Select(scene =>
            {
                using var view = CameraView.Capture(scene, pose);
                return Finish(view, lighting, sensorNoise, random);
            }).ToList();

            var truth = CameraView.Displacement(sceneSize, CameraPose.Home, pose);
            var label = truth >= SteadyShare ? Kind : (DiagnosisKind?)null;
            yield return Footage.Sample(Name, source, $"{name}-{lighting.Name}-{frames.Count}", label, truth, frames,
                borderline: label is not null && truth < MovedShare, reference: Footage.Encode(home, random), parkedAtPreset: ParkedAtPreset);
        }

        var other = random.Pick(sources.Photographs.Where(p => p.Name != source).ToList());
        using var otherPicture = other.Load();
        using var replacement = otherPicture.Resize(home.Size(), 0, 0, InterpolationFlags.Area);
        var replacedLighting = Lighting.Pick(random);
        var replaced = scenes.Select(_ => Finish(replacement, replacedLighting, FrozenPictureGenerator.QuietSceneNoise, random)).ToList();
        yield return Footage.Sample(Name, source, $"replaced-by-{other.Name}-{replaced.Count}", Kind, 1, replaced,
            reference: Footage.Encode(home, random), parkedAtPreset: ParkedAtPreset);
    }

    private static Mat Finish(Mat view, Lighting lighting, double sensorNoise, Random random)
    {
        using var lit = lighting.Apply(view, random);
        using var noisy = sensorNoise > 0 ? PictureFaults.GaussianNoise(lit, sensorNoise, random) : lit.Clone();
        return Footage.Encode(noisy, random);
    }

    /// <summary>Turns the pan and tilt of <paramref name="move"/> to a random direction in which the view stays inside the scene.</summary>
    private static CameraPose Orient(Size scene, CameraPose move, Random random)
    {
        var length = Math.Sqrt(move.PanShare * move.PanShare + move.TiltShare * move.TiltShare);
        var roll = random.Next(2) == 0 ? move.RollDegrees : -move.RollDegrees;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var angle = random.NextDouble() * Math.PI * 2;
            var pose = move with { PanShare = length * Math.Cos(angle), TiltShare = length * Math.Sin(angle), RollDegrees = roll };
            if (CameraView.FitsInside(scene, pose))
            {
                return pose;
            }
        }

        return move with { PanShare = length, TiltShare = 0, RollDegrees = roll };
    }
}

/// <summary>
/// Fixed cameras that were moved: pans and tilts of 4 to 22 % of the width, rolls of 5 to 20°, zooms of 0.85 to
/// 1.25, and views replaced by another scene; the home view, a 0.3 % nudge and a 0.3° roll are the same view.
/// </summary>
public sealed class SceneChangeGenerator : ReferenceViewGenerator
{
    public override string Name => "scene-change";

    protected override DiagnosisKind Kind => DiagnosisKind.SceneChange;

    protected override bool ParkedAtPreset => false;

    protected override IReadOnlyList<(string Name, CameraPose Pose)> Moves { get; } =
    [
        ("home", CameraPose.Home), ("nudge-0.3", new(PanShare: 0.003)), ("roll-0.3", new(RollDegrees: 0.3)),
        ("pan-1.5", new(PanShare: 0.015)), ("roll-2", new(RollDegrees: 2)), ("zoom-1.03", new(Zoom: 1.03)),
        ("pan-4", new(PanShare: 0.04)), ("pan-8", new(PanShare: 0.08)), ("pan-15", new(PanShare: 0.15)), ("pan-22", new(PanShare: 0.22)),
        ("roll-5", new(RollDegrees: 5)), ("roll-10", new(RollDegrees: 10)), ("roll-20", new(RollDegrees: 20)),
        ("zoom-1.1", new(Zoom: 1.1)), ("zoom-1.25", new(Zoom: 1.25)), ("zoom-0.85", new(Zoom: 0.85)),
    ];
}

/// <summary>
/// PTZ cameras parked at a preset whose view is the reference: missed presets (pans and tilts of 4 to 22 % of the
/// width), lost zoom (0.85 to 1.25), both together, and a camera pointing somewhere else entirely (a replaced view);
/// the preset itself and repeatability errors of 0.2 and 0.4 % are the same view.
/// </summary>
public sealed class PtzDriftGenerator : ReferenceViewGenerator
{
    public override string Name => "ptz-drift";

    protected override DiagnosisKind Kind => DiagnosisKind.PtzDrift;

    protected override bool ParkedAtPreset => true;

    protected override IReadOnlyList<(string Name, CameraPose Pose)> Moves { get; } =
    [
        ("preset", CameraPose.Home), ("repeatability-0.2", new(PanShare: 0.002)), ("repeatability-0.4", new(PanShare: 0.004)),
        ("pan-1.5", new(PanShare: 0.015)),
        ("zoom-1.03", new(Zoom: 1.03)), ("pan-4", new(PanShare: 0.04)), ("pan-8", new(PanShare: 0.08)),
        ("pan-15", new(PanShare: 0.15)), ("pan-22", new(PanShare: 0.22)), ("zoom-1.1", new(Zoom: 1.1)),
        ("zoom-1.25", new(Zoom: 1.25)), ("zoom-0.85", new(Zoom: 0.85)), ("pan-6-zoom-1.15", new(PanShare: 0.06, Zoom: 1.15)),
    ];
}
