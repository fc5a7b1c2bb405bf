using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>Helpers shared by the generators of single-picture samples.</summary>
internal static class Still
{
    public static CorpusSample Sample(
        string generator, SourcePicture source, string variant, DiagnosisKind? label, double strength, Mat picture, bool borderline = false, params DiagnosisKind[] tolerated) =>
        new()
        {
            Tolerated = tolerated.ToHashSet(),
            Id = $"{generator}/{source.Name}/{variant}",
            Source = source.Name,
            Label = label,
            Strength = strength,
            Borderline = borderline,
            Frames = [picture],
        };

    /// <summary>Mean luma (BT.601) of a BGR picture, 0–255.</summary>
    public static double MeanLuma(Mat picture)
    {
        using var gray = picture.CvtColor(ColorConversionCodes.BGR2GRAY);
        return Cv2.Mean(gray).Val0;
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

/// <summary>The real pictures as they are, and once more through a camera's noise and JPEG encoder.</summary>
public sealed class CleanGenerator : ICorpusGenerator
{
    public string Name => "clean";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            yield return Still.Sample(Name, source, "original", null, 0, original.Clone());

            using var noisy = PictureFaults.GaussianNoise(original, 2, random);
            yield return Still.Sample(Name, source, "encoded", null, 0, PictureFaults.Jpeg(noisy, 70));
        }
    }
}

/// <summary>
/// Dark but normal night pictures, the clean negatives of the brightness checks. A night picture is normal while a
/// person still makes out the scene. The generator darkens the mid-tones (gamma 1.8–2.5, gain 0.75–0.95) while lit
/// parts keep their brightness, adds sensor noise (sigma 3), and makes every other picture monochrome as in infrared
/// mode. A result whose mean luma falls below <see cref="MinimumMeanLuma"/> is no longer a normal night picture, so it
/// is kept as a borderline TooDark sample instead of a clean one.
/// </summary>
public sealed class NightGenerator : ICorpusGenerator
{
    public const double MinimumMeanLuma = 35;

    public string Name => "night";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        var index = 0;
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            var gamma = 1.8 + random.NextDouble() * 0.7;
            var gain = 0.75 + random.NextDouble() * 0.2;
            using var dark = PictureFaults.Exposure(original, gain, gamma);
            using var noisy = PictureFaults.GaussianNoise(dark, 3, random, monochrome: index % 2 == 1);
            var night = index % 2 == 1 ? PictureFaults.Monochrome(noisy) : noisy.Clone();
            var luma = Still.MeanLuma(night);
            var normal = luma >= MinimumMeanLuma;
            yield return Still.Sample(Name, source, $"g{gamma:F1}", normal ? null : DiagnosisKind.TooDark, gamma, night, borderline: !normal);
            index++;
        }
    }
}

/// <summary>
/// Defocus at disk radii 5, 8 and 12 pixels of a 768-pixel-wide frame, scaled with the width. Radii 1.5 and 3 are
/// borderline: soft, but a sharp photograph of a textured scene looks much the same.
/// </summary>
public sealed class BlurGenerator : ICorpusGenerator
{
    public string Name => "blur";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var radius in new[] { 1.5, 3, 5, 8, 12 })
            {
                var scaled = radius * original.Width / 768.0;
                yield return Still.Sample(Name, source, $"r{radius}", DiagnosisKind.Blur, radius, PictureFaults.Defocus(original, scaled), borderline: radius < 4);
            }
        }
    }
}

/// <summary>
/// Under-exposure: gain 0.08, 0.13 and 0.2 with gamma 1.3 leave mean luma well under 30, where a person sees only
/// shapes; gain 0.4 (borderline) is dim but readable.
/// </summary>
public sealed class TooDarkGenerator : ICorpusGenerator
{
    public string Name => "too-dark";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var gain in new[] { 0.4, 0.2, 0.13, 0.08 })
            {
                using var dark = PictureFaults.Exposure(original, gain, 1.3);
                var picture = PictureFaults.GaussianNoise(dark, 1.5, random, monochrome: true);

                // Darkening squeezes the luma spread as well, so a dim picture may rightly be called low in contrast.
                yield return Still.Sample(Name, source, $"x{gain}", DiagnosisKind.TooDark, gain, picture, borderline: gain > 0.3, tolerated: DiagnosisKind.LowContrast);
            }
        }
    }
}

/// <summary>Over-exposure: gain 2.2, 3 and 4 with gamma 0.8 wash out most of the frame; gain 1.4 (borderline) only brightens.</summary>
public sealed class OverexposedGenerator : ICorpusGenerator
{
    public string Name => "overexposed";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var gain in new[] { 1.4, 2.2, 3, 4 })
            {
                yield return Still.Sample(Name, source, $"x{gain}", DiagnosisKind.Overexposed, gain, PictureFaults.Exposure(original, gain, 0.8), borderline: gain < 2);
            }
        }
    }
}

/// <summary>
/// Fog, glare on a dirty dome or a mis-set video level: contrast scaled by 0.12, 0.2 and 0.28 towards a grey level
/// of 100–160; a factor of 0.55 (borderline) is flat but still a usable picture.
/// </summary>
public sealed class LowContrastGenerator : ICorpusGenerator
{
    public string Name => "low-contrast";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var factor in new[] { 0.55, 0.28, 0.2, 0.12 })
            {
                var level = 100 + random.Next(61);
                using var flat = PictureFaults.Contrast(original, factor, level);
                var picture = PictureFaults.GaussianNoise(flat, 1.5, random, monochrome: true);
                yield return Still.Sample(Name, source, $"c{factor}", DiagnosisKind.LowContrast, factor, picture, borderline: factor > 0.5);
            }
        }
    }
}

/// <summary>
/// Colour casts from channel gains: one of five directions (red, blue, green, yellow, magenta) at 75 %, 100 % and
/// 125 % of its full deviation. 20 % and 50 % are borderline: a tint that a warm or cool scene can show as well.
/// </summary>
public sealed class ColorCastGenerator : ICorpusGenerator
{
    private static readonly IReadOnlyList<(string Name, double Blue, double Green, double Red)> Casts =
    [
        ("red", 0.6, 0.8, 1.35),
        ("blue", 1.4, 0.9, 0.6),
        ("green", 0.7, 1.3, 0.7),
        ("yellow", 0.5, 1.1, 1.15),
        ("magenta", 1.25, 0.65, 1.25),
    ];

    public string Name => "color-cast";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            var cast = random.Pick(Casts);
            foreach (var share in new[] { 0.2, 0.5, 0.75, 1.0, 1.25 })
            {
                var picture = PictureFaults.ChannelGains(original, 1 + (cast.Blue - 1) * share, 1 + (cast.Green - 1) * share, 1 + (cast.Red - 1) * share);
                yield return Still.Sample(Name, source, $"{cast.Name}{share}", DiagnosisKind.ColorCast, share, picture, borderline: share < 0.6);
            }
        }
    }
}

/// <summary>
/// Snow: Gaussian noise of sigma 20, 30 and 45 grey levels with 0.5–2 % white and black specks; sigma 6
/// (borderline) is the grain of a cheap sensor.
/// </summary>
public sealed class SnowNoiseGenerator : ICorpusGenerator
{
    public string Name => "snow";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            foreach (var sigma in new[] { 6.0, 20, 30, 45 })
            {
                using var noisy = PictureFaults.GaussianNoise(original, sigma, random, monochrome: random.Next(2) == 0);
                var picture = sigma < 10 ? noisy.Clone() : PictureFaults.Speckles(noisy, sigma / 2000, random);
                yield return Still.Sample(Name, source, $"s{sigma}", DiagnosisKind.SnowNoise, sigma, picture, borderline: sigma < 10);
            }
        }
    }
}

/// <summary>
/// Interference patterns across the whole frame: fine horizontal or vertical lines (period 3–9 pixels, amplitude
/// 20–30) and rolling bands (period 50–140 pixels, amplitude 25–35), some tinted; amplitude 4 (borderline) is
/// below what a person notices on a moving picture.
/// </summary>
public sealed class StripeGenerator : ICorpusGenerator
{
    public string Name => "stripes";

    public IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random)
    {
        foreach (var source in sources.Stills)
        {
            using var original = source.Load();
            var tint = random.Next(3) == 0 ? new Scalar(0.6, 1.0, 1.3) : new Scalar(1, 1, 1);
            var phase = random.NextDouble() * Math.PI * 2;

            var horizontalPeriod = 3 + random.Next(7);
            var horizontalAmplitude = 20 + random.Next(11);
            yield return Still.Sample(Name, source, $"h-lines-p{horizontalPeriod}", DiagnosisKind.StripeInterference, horizontalAmplitude,
                PictureFaults.Stripes(original, horizontalPeriod, horizontalAmplitude, horizontal: true, phase, tint, square: random.Next(2) == 0));

            var verticalPeriod = 3 + random.Next(7);
            var verticalAmplitude = 20 + random.Next(11);
            yield return Still.Sample(Name, source, $"v-lines-p{verticalPeriod}", DiagnosisKind.StripeInterference, verticalAmplitude,
                PictureFaults.Stripes(original, verticalPeriod, verticalAmplitude, horizontal: false, phase, tint, square: random.Next(2) == 0));

            var bandPeriod = 50 + random.Next(91);
            var bandAmplitude = 25 + random.Next(11);
            yield return Still.Sample(Name, source, $"bands-p{bandPeriod}", DiagnosisKind.StripeInterference, bandAmplitude,
                PictureFaults.Stripes(original, bandPeriod, bandAmplitude, horizontal: true, phase, tint));

            yield return Still.Sample(Name, source, "faint", DiagnosisKind.StripeInterference, 4,
                PictureFaults.Stripes(original, 4 + random.Next(5), 4, horizontal: true, phase, tint), borderline: true);
        }
    }
}
