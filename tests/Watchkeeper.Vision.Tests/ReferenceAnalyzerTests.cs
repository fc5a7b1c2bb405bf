using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Analyzers;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

/// <summary>Views of the street against a reference home view taken 24 s earlier, with other walkers about.</summary>
internal static class StreetViews
{
    public static FrameSet Compared(CameraPose pose, bool parkedAtPreset = false, double gain = 1, double gamma = 1, Size? size = null)
    {
        using var earlier = Street.Frame(0);
        using var later = Street.Frame(3);
        using var home = CameraView.Capture(earlier, CameraPose.Home);
        using var view = CameraView.Capture(later, pose);
        using var lit = PictureFaults.Exposure(view, gain, gamma);
        var target = size ?? home.Size();
        return FrameSet.FromFrames(
            [lit.Resize(target, 0, 0, InterpolationFlags.Cubic)], reference: home.Resize(target, 0, 0, InterpolationFlags.Cubic),
            parkedAtPreset: parkedAtPreset);
    }

    public static FrameSet Replaced(bool parkedAtPreset = false)
    {
        using var earlier = Street.Frame(0);
        var home = CameraView.Capture(earlier, CameraPose.Home);
        using var building = Cv2.ImRead(Path.Combine(CorpusSources.DataFolder, "building.jpg"));
        return FrameSet.FromFrames([building.Resize(home.Size(), 0, 0, InterpolationFlags.Area)], reference: home, parkedAtPreset: parkedAtPreset);
    }
}

public sealed class SceneChangeAnalyzerTests
{
    private static readonly SceneChangeAnalyzer Analyzer = new();

    [Fact]
    public void Analyze_SameViewOtherWalkers_IsClean()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(CameraPose.Home));

        finding.Kind.ShouldBe(DiagnosisKind.SceneChange);
        finding.Detected.ShouldBeFalse(finding.Detail);
        finding.Score.ShouldBe(0);
    }

    [Fact]
    public void Analyze_SameViewAtDusk_IsClean()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(CameraPose.Home, gain: 0.85, gamma: 1.8));

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_PannedView_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.06, TiltShare: 0.02)));

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Detail.ShouldContain("view moved");
    }

    [Fact]
    public void Analyze_RolledView_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(RollDegrees: 6)));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_ZoomedView_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(Zoom: 1.15)));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_ReplacedView_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Replaced());

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Detail.ShouldContain("view replaced");
    }

    [Fact]
    public void Analyze_BlackFrame_IsLeftToOtherChecks()
    {
        using var earlier = Street.Frame(0);
        var reference = CameraView.Capture(earlier, CameraPose.Home);
        var black = new Mat(reference.Size(), MatType.CV_8UC3, Scalar.All(0));

        var finding = Street.Run(Analyzer, FrameSet.FromFrames([black], reference: reference));

        finding.Detected.ShouldBeFalse(finding.Detail);
        finding.Detail.ShouldContain("too little detail");
    }

    [Fact]
    public void Analyze_SmallPan_DetectedOnlyAtHighSensitivity()
    {
        var atDefault = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.015)));
        var atHighest = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.015)), Sensitivity.Maximum);

        atDefault.Detected.ShouldBeFalse(atDefault.Detail);
        atHighest.Detected.ShouldBeTrue(atHighest.Detail);
    }

    [Fact]
    public void Analyze_Moved1080p_RegionIsWholeOriginalFrame()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.1), size: new Size(1920, 1080)));

        finding.Region.ShouldBe(new FindingRegion(0, 0, 1920, 1080));
    }

    [Fact]
    public void CanAnalyze_WithoutReference_IsFalse()
    {
        using var input = FrameSet.FromFrames([Street.Frame(0)]);
        using var context = new AnalysisContext(input);

        Analyzer.CanAnalyze(context).ShouldBeFalse();
    }

    [Fact]
    public void CanAnalyze_ParkedAtPreset_IsFalse()
    {
        using var input = StreetViews.Compared(CameraPose.Home, parkedAtPreset: true);
        using var context = new AnalysisContext(input);

        Analyzer.CanAnalyze(context).ShouldBeFalse();
    }
}

public sealed class PtzDriftAnalyzerTests
{
    private static readonly PtzDriftAnalyzer Analyzer = new();

    [Fact]
    public void Analyze_AtPreset_IsClean()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.003), parkedAtPreset: true));

        finding.Kind.ShouldBe(DiagnosisKind.PtzDrift);
        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_MissedPreset_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Compared(new(PanShare: 0.08, Zoom: 1.1), parkedAtPreset: true));

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Detail.ShouldContain("preset view");
    }

    [Fact]
    public void Analyze_PointingElsewhere_Detects()
    {
        var finding = Street.Run(Analyzer, StreetViews.Replaced(parkedAtPreset: true));

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void CanAnalyze_NotParked_IsFalse()
    {
        using var input = StreetViews.Compared(CameraPose.Home);
        using var context = new AnalysisContext(input);

        Analyzer.CanAnalyze(context).ShouldBeFalse();
    }

    [Theory]
    [InlineData(true, DiagnosisKind.PtzDrift, DiagnosisKind.SceneChange)]
    [InlineData(false, DiagnosisKind.SceneChange, DiagnosisKind.PtzDrift)]
    public void Diagnoser_MovedView_ReportsOneOfTheTwo(bool parkedAtPreset, DiagnosisKind reported, DiagnosisKind absent)
    {
        using var input = StreetViews.Compared(new(PanShare: 0.1), parkedAtPreset);

        var report = VisionAnalyzers.CreateDiagnoser().Analyze(input);

        report.Findings.Single(f => f.Kind == reported).Detected.ShouldBeTrue();
        report.Findings.ShouldNotContain(f => f.Kind == absent);
    }
}
