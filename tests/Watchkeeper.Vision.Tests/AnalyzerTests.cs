using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Analyzers;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

public sealed class AnalyzerTests
{
    private static readonly FrameDiagnoser Diagnoser = VisionAnalyzers.CreateDiagnoser();

    [Fact]
    public void CreateDefault_CoversEverySingleFrameKind()
    {
        var kinds = VisionAnalyzers.CreateDefault().Select(a => a.Kind).ToHashSet();

        foreach (var kind in Enum.GetValues<DiagnosisKind>().Where(k => !k.NeedsSeveralFrames() && !k.NeedsReference()))
        {
            kinds.ShouldContain(kind);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(16, 9)]
    [InlineData(33, 17)]
    public void Analyze_TinyFrame_ReportsEveryCheck(int width, int height)
    {
        using var set = FrameSet.FromFrames([new Mat(height, width, MatType.CV_8UC3, new Scalar(90, 100, 110))]);

        var report = Diagnoser.Analyze(set);

        report.Findings.Count.ShouldBe(Diagnoser.Analyzers.Count);
        report.Findings.ShouldAllBe(f => f.Score >= 0 && f.Score <= 1);
    }

    [Fact]
    public void Analyze_GreyFrame_IsSignalLossAndSuppressesTheRest()
    {
        using var set = FrameSet.FromFrames([new Mat(1080, 1920, MatType.CV_8UC3, Scalar.All(128))]);

        var report = Diagnoser.Analyze(set);

        report.Findings.Single(f => f.Kind == DiagnosisKind.SignalLoss).Detected.ShouldBeTrue();
        report.Detected.Count().ShouldBe(1);
        report.Findings.Single(f => f.Kind == DiagnosisKind.LowContrast).Detail.ShouldContain("suppressed by SignalLoss");
    }

    [Fact]
    public void Analyze_Street1080p_IsClean()
    {
        using var street = Street();
        using var set = FrameSet.FromFrames([street.Resize(new Size(1920, 1080), 0, 0, InterpolationFlags.Cubic)]);

        var report = Diagnoser.Analyze(set);

        report.Detected.Select(f => f.Kind).ShouldBeEmpty();
    }

    [Fact]
    public void Analyze_DarkStreet_SuppressesContrastAndColor()
    {
        using var street = Street();
        using var set = FrameSet.FromFrames([PictureFaults.Exposure(street, 0.1, 1.3)]);

        var report = Diagnoser.Analyze(set);

        report.Findings.Single(f => f.Kind == DiagnosisKind.TooDark).Detected.ShouldBeTrue();
        report.Findings.Single(f => f.Kind == DiagnosisKind.LowContrast).Detail.ShouldContain("suppressed by TooDark");
        report.Findings.Single(f => f.Kind == DiagnosisKind.ColorCast).Detail.ShouldContain("suppressed by TooDark");
    }

    [Fact]
    public void Analyze_SeveralFrames_JudgesTheLatest()
    {
        using var street = Street();
        using var set = FrameSet.FromFrames([street.Clone(), new Mat(street.Size(), MatType.CV_8UC3, Scalar.All(0))]);

        var report = Diagnoser.Analyze(set);

        report.Findings.Single(f => f.Kind == DiagnosisKind.SignalLoss).Detected.ShouldBeTrue();
    }

    [Fact]
    public void Analyze_KindsOption_RunsOnlyThose()
    {
        using var street = Street();
        using var set = FrameSet.FromFrames([street.Clone()]);

        var report = Diagnoser.Analyze(set, new DiagnosisOptions { Kinds = new HashSet<DiagnosisKind> { DiagnosisKind.Blur } });

        report.Findings.Select(f => f.Kind).ShouldBe([DiagnosisKind.Blur]);
    }

    [Fact]
    public void Occlusion_Region_IsInOriginalPixels()
    {
        using var street = Street();
        using var large = street.Resize(new Size(1920, 1080), 0, 0, InterpolationFlags.Cubic);
        using var covered = PictureFaults.Occlude(large, new Point(0, 1080), new Size(700, 550), 0, new Scalar(20, 20, 20), new Random(7));
        using var set = FrameSet.FromFrames([covered.Clone()]);
        using var context = new AnalysisContext(set);

        var finding = new OcclusionAnalyzer().Analyze(context, Sensitivity.Threshold(Sensitivity.Default));

        finding.Detected.ShouldBeTrue(finding.Detail);
        var region = finding.Region.ShouldNotBeNull();
        region.X.ShouldBe(0);
        (region.Y + region.Height).ShouldBeInRange(1050, 1080);
        region.Width.ShouldBeInRange(400, 800);
    }

    /// <summary>Higher sensitivity never detects less: checked on a sample of every generator.</summary>
    [Fact]
    public void Analyze_HigherSensitivity_NeverDetectsLess()
    {
        var analyzers = VisionAnalyzers.CreateDefault();
        foreach (var generator in DiagnosisCorpus.Generators)
        {
            foreach (var sample in DiagnosisCorpus.Generate(generators: [generator]).Take(3))
            {
                using (sample)
                {
                    using var set = sample.ToFrameSet();
                    using var context = new AnalysisContext(set);
                    foreach (var analyzer in analyzers.Where(a => a.CanAnalyze(context)))
                    {
                        var detections = Enumerable.Range(Sensitivity.Minimum, Sensitivity.Maximum)
                            .Select(s => analyzer.Analyze(context, Sensitivity.Threshold(s)).Detected)
                            .ToList();
                        var firstDetected = detections.IndexOf(true);
                        if (firstDetected >= 0)
                        {
                            detections.Skip(firstDetected).ShouldAllBe(d => d, $"{sample.Id} {analyzer.Kind}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(5.0, 0.5)]
    [InlineData(7.5, 0.75)]
    [InlineData(10.0, 1.0)]
    [InlineData(20.0, 1.0)]
    public void Map_RisingMeasure_PutsDecisionAtHalf(double value, double expected) =>
        ScoreScale.Map(value, 0, 5, 10).ShouldBe(expected, 1e-9);

    [Theory]
    [InlineData(40.0, 0.0)]
    [InlineData(30.0, 0.5)]
    [InlineData(8.0, 1.0)]
    [InlineData(double.NaN, 0.0)]
    public void Map_FallingMeasure_PutsDecisionAtHalf(double value, double expected) =>
        ScoreScale.Map(value, 36, 30, 8).ShouldBe(expected, 1e-9);

    private static Mat Street() => CorpusSources.Shared.Sequences[2].Frames[0].Load();
}
