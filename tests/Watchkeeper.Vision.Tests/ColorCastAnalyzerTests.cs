using OpenCvSharp;
using Watchkeeper.Vision.Analyzers;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

public sealed class ColorCastAnalyzerTests
{
    private static readonly double DefaultThreshold = Sensitivity.Threshold(Sensitivity.Default);

    [Fact]
    public void Analyze_BlueCastOnWarmStreet_IsDetected()
    {
        // The street's warm grey road turns neutral under a blue cast, so only the edges still show it.
        using var street = CorpusSources.Shared.Sequences[6].Frames[0].Load();
        using var cast = PictureFaults.ChannelGains(street, 1.3, 0.925, 0.7);

        var finding = Analyze(cast);

        finding.Detected.ShouldBeTrue(finding.Detail);
    }

    [Fact]
    public void Analyze_CleanStreet_IsNotDetected()
    {
        using var street = CorpusSources.Shared.Sequences[6].Frames[0].Load();

        var finding = Analyze(street);

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Analyze_BlueSkyCrop_IsNotDetected()
    {
        // Mostly sky: the least chromatic pixels are blue, but the edges (clouds, birds, a tower) are not.
        using var home = Photograph("home.jpg");
        using var sky = home[new Rect(0, 0, home.Width / 2, home.Height / 2)].Clone();

        var finding = Analyze(sky);

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Analyze_FruitCrop_IsNotDetected(int quarter)
    {
        using var fruits = Photograph("fruits.jpg");
        var (width, height) = (fruits.Width / 2, fruits.Height / 2);
        using var crop = fruits[new Rect(quarter % 2 * width, quarter / 2 * height, width, height)].Clone();

        var finding = Analyze(crop);

        finding.Detected.ShouldBeFalse(finding.Detail);
    }

    [Fact]
    public void Combine_AgreeingEstimates_ReachTheDecisionPoint() =>
        ColorCastAnalyzer.Combine(0, -9, 0, -20).ShouldBeGreaterThan(0.7);

    [Fact]
    public void Combine_OpposingEstimates_CancelOut() =>
        ColorCastAnalyzer.Combine(0, -20, 0, 30).ShouldBeLessThan(0.1);

    [Fact]
    public void Combine_OneStrongEstimate_StaysUnderTheDecisionPoint() =>
        ColorCastAnalyzer.Combine(0, -60, 0, 0).ShouldBe(0.6, 1e-9);

    [Fact]
    public void EdgeColor_BlueGain_TurnsEdgesBlue()
    {
        using var street = CorpusSources.Shared.Sequences[0].Frames[0].Load();
        using var gray = street.CvtColor(ColorConversionCodes.BGR2GRAY).CvtColor(ColorConversionCodes.GRAY2BGR);
        using var blue = PictureFaults.ChannelGains(gray, 1.3, 1, 0.7);

        var (_, neutralB) = ColorCastAnalyzer.EdgeColor(gray);
        var (_, blueB) = ColorCastAnalyzer.EdgeColor(blue);

        neutralB.ShouldBe(0, 0.5);
        blueB.ShouldBeLessThan(-20);
    }

    private static AnalyzerFinding Analyze(Mat picture)
    {
        using var set = FrameSet.FromFrames([picture.Clone()]);
        using var context = new AnalysisContext(set);
        return new ColorCastAnalyzer().Analyze(context, DefaultThreshold);
    }

    private static Mat Photograph(string name) => Cv2.ImRead(Path.Combine(CorpusSources.DataFolder, name));
}
