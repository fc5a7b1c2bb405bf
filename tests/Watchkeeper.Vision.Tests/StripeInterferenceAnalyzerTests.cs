using OpenCvSharp;
using Watchkeeper.Vision.Analyzers;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

public sealed class StripeInterferenceAnalyzerTests
{
    private static readonly double DefaultThreshold = Sensitivity.Threshold(Sensitivity.Default);

    [Theory]
    [InlineData(3.0)]
    [InlineData(3.5)]
    [InlineData(4.5)]
    public void Analyze_FewCycleRollingBandsOnStreet_AreDetected(double cycles)
    {
        using var picture = CorpusSources.Shared.Sequences[3].Frames[0].Load();
        using var banded = PictureFaults.Stripes(picture, picture.Height / cycles, 30, horizontal: true, phase: 1, new Scalar(1, 1, 1));

        var finding = Analyze(banded);

        finding.Detected.ShouldBeTrue(finding.Detail);
        finding.Detail.ShouldStartWith("horizontal");
    }

    [Fact]
    public void Analyze_RowsOfFruit_AreNotDetected()
    {
        // The fruit makes a vertical pattern of about 3 cycles over the width, in phase from top to bottom.
        using var fruits = Photograph("fruits.jpg");

        var finding = Analyze(fruits);

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Strongest_ThreeCycleBands_ReportTheirPeriod()
    {
        using var street = CorpusSources.Shared.Sequences[0].Frames[0].Load();
        using var banded = PictureFaults.Stripes(street, street.Height / 3.0, 30, horizontal: true, phase: 0, new Scalar(1, 1, 1));
        using var gray = banded.CvtColor(ColorConversionCodes.BGR2GRAY);

        var found = StripeInterferenceAnalyzer.Strongest(gray, minimumCycles: 3);
        var missed = StripeInterferenceAnalyzer.Strongest(gray, minimumCycles: 4);

        found.Period.ShouldBe(street.Height / 3.0, 1);
        missed.Ratio.ShouldBeLessThan(found.Ratio);
    }

    private static AnalyzerFinding Analyze(Mat picture)
    {
        using var set = FrameSet.FromFrames([picture.Clone()]);
        using var context = new AnalysisContext(set);
        return new StripeInterferenceAnalyzer().Analyze(context, DefaultThreshold);
    }

    private static Mat Photograph(string name) => Cv2.ImRead(Path.Combine(CorpusSources.DataFolder, name));
}
