using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Analyzers;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

/// <summary>Frames of the street video (a fixed camera, walkers moving, 0.1 s apart) for the multi-frame tests.</summary>
internal static class Street
{
    /// <summary>Consecutive frames of one sequence; the caller owns them.</summary>
    public static List<Mat> Frames(int sequence, int count) =>
        CorpusSources.Shared.Sequences[sequence].Frames.Take(count).Select(frame => frame.Load()).ToList();

    public static Mat Frame(int sequence) => CorpusSources.Shared.Sequences[sequence].Frames[0].Load();

    public static List<Mat> Repeat(Mat frame, int count) => Enumerable.Range(0, count).Select(_ => frame.Clone()).ToList();

    public static List<Mat> Enlarge(IEnumerable<Mat> frames, Size size) =>
        frames.Select(frame => frame.Resize(size, 0, 0, InterpolationFlags.Cubic)).ToList();

    public static AnalyzerFinding Run(IFrameAnalyzer analyzer, FrameSet input, int sensitivity = Sensitivity.Default)
    {
        using (input)
        {
            using var context = new AnalysisContext(input);
            analyzer.CanAnalyze(context).ShouldBeTrue();
            return analyzer.Analyze(context, Sensitivity.Threshold(sensitivity));
        }
    }
}

public sealed class MotionDiagnoserTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(40, 30)]
    public void Analyze_TinyFramesWithReference_ReportsEveryCheck(int width, int height)
    {
        using var input = FrameSet.FromFrames(
            [new Mat(height, width, MatType.CV_8UC3, Scalar.All(90)), new Mat(height, width, MatType.CV_8UC3, Scalar.All(120))],
            reference: new Mat(height, width, MatType.CV_8UC3, Scalar.All(60)));
        var diagnoser = new FrameDiagnoser([new FrozenPictureAnalyzer(), new ShakeAnalyzer(), new SceneChangeAnalyzer(), new PtzDriftAnalyzer()]);

        var report = diagnoser.Analyze(input);

        report.Findings.Select(f => f.Kind).ShouldBe([DiagnosisKind.FrozenPicture, DiagnosisKind.SceneChange, DiagnosisKind.Shake]);
        report.Findings.ShouldAllBe(f => f.Score >= 0 && f.Score <= 1);
    }
}

public sealed class FrozenPictureAnalyzerTests
{
    private static readonly FrozenPictureAnalyzer Analyzer = new();

    [Fact]
    public void Analyze_RepeatedFrame_Detects()
    {
        using var frame = Street.Frame(0);

        var finding = Street.Run(Analyzer, FrameSet.FromFrames(Street.Repeat(frame, 3)));

        finding.Kind.ShouldBe(DiagnosisKind.FrozenPicture);
        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Score.ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Analyze_RepeatedFrameWithSameNoise_Detects()
    {
        using var frame = Street.Frame(1);
        using var noisy = PictureFaults.GaussianNoise(frame, 6, new Random(1));

        var finding = Street.Run(Analyzer, FrameSet.FromFrames(Street.Repeat(noisy, 4)));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_RepeatedFrameReencoded_Detects()
    {
        using var frame = Street.Frame(2);

        var finding = Street.Run(Analyzer, FrameSet.FromFrames([PictureFaults.Jpeg(frame, 95), PictureFaults.Jpeg(frame, 85)]));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_ConsecutiveStreetFrames_IsClean()
    {
        var finding = Street.Run(Analyzer, FrameSet.FromFrames(Street.Frames(3, 2)));

        finding.Detected.ShouldBeFalse(finding.Detail);
        finding.Region.ShouldBeNull();
    }

    [Fact]
    public void Analyze_FreshNoiseEachFrame_IsClean()
    {
        using var frame = Street.Frame(4);
        var random = new Random(2);
        var frames = Enumerable.Range(0, 3).Select(_ => PictureFaults.GaussianNoise(frame, 4, random)).ToList();

        var finding = Street.Run(Analyzer, FrameSet.FromFrames(frames));

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_LiveFrameAfterRepeats_IsClean()
    {
        var live = Street.Frames(5, 2);
        var frames = new List<Mat> { live[0].Clone(), live[0], live[1] };

        var finding = Street.Run(Analyzer, FrameSet.FromFrames(frames));

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_Frozen1080p_RegionIsWholeOriginalFrame()
    {
        using var frame = Street.Frame(6);
        var frames = Street.Enlarge(Street.Repeat(frame, 2), new Size(1920, 1080));

        var finding = Street.Run(Analyzer, FrameSet.FromFrames(frames));

        finding.Region.ShouldBe(new FindingRegion(0, 0, 1920, 1080));
    }

    [Fact]
    public void CanAnalyze_OneFrame_IsFalse()
    {
        using var input = FrameSet.FromFrames([Street.Frame(0)]);
        using var context = new AnalysisContext(input);

        Analyzer.CanAnalyze(context).ShouldBeFalse();
    }
}

public sealed class ShakeAnalyzerTests
{
    private static readonly ShakeAnalyzer Analyzer = new();

    private static FrameSet Shaken(int sequence, params CameraPose[] poses)
    {
        var scenes = Street.Frames(sequence, poses.Length);
        var frames = scenes.Select((scene, i) => CameraView.Capture(scene, poses[i])).ToList();
        foreach (var scene in scenes)
        {
            scene.Dispose();
        }

        return FrameSet.FromFrames(frames);
    }

    [Fact]
    public void Analyze_SteadyStreetFrames_IsClean()
    {
        var finding = Street.Run(Analyzer, FrameSet.FromFrames(Street.Frames(7, 5)));

        finding.Kind.ShouldBe(DiagnosisKind.Shake);
        finding.Detected.ShouldBeFalse(finding.Detail);
        finding.Score.ShouldBe(0, 0.05);
    }

    [Fact]
    public void Analyze_VibratingPan_Detects()
    {
        var finding = Street.Run(Analyzer, Shaken(8, new(0.02, 0.01), new(-0.02, -0.01), new(0.015, 0.01)));

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Region.ShouldNotBeNull();
    }

    [Fact]
    public void Analyze_RollingShake_Detects()
    {
        var finding = Street.Run(Analyzer, Shaken(9, new(RollDegrees: 1.5), new(RollDegrees: -1.5)));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_SubPixelJitter_IsClean()
    {
        var finding = Street.Run(Analyzer, Shaken(0, new(0.0005, 0), new(-0.0005, 0), new(0.0005, 0.0005)));

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_JumpBeyondTracker_IsMeasured()
    {
        var finding = Street.Run(Analyzer, Shaken(1, new(-0.12, 0), new(0.12, 0)));

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Detail.ShouldContain("1 of 1 pairs measured");
    }

    [Fact]
    public void CanAnalyze_OneFrame_IsFalse()
    {
        using var input = FrameSet.FromFrames([Street.Frame(0)]);
        using var context = new AnalysisContext(input);

        Analyzer.CanAnalyze(context).ShouldBeFalse();
    }
}
