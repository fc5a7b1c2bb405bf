using OpenCvSharp;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// The image operations that turn a real picture into a faulty one. Each returns a new 8-bit BGR image and leaves
/// its input alone; randomness comes only from the <see cref="Random"/> passed in.
/// </summary>
public static class PictureFaults
{
    /// <summary>Defocus: convolution with a uniform disk of <paramref name="radius"/> pixels, the point spread of an out-of-focus lens.</summary>
    public static Mat Defocus(Mat picture, double radius)
    {
        var size = 2 * (int)Math.Ceiling(radius) + 1;
        using var kernel = new Mat(size, size, MatType.CV_32FC1, Scalar.All(0));
        Cv2.Circle(kernel, new Point(size / 2, size / 2), (int)Math.Round(radius), Scalar.All(1), -1, LineTypes.AntiAlias);
        var sum = Cv2.Sum(kernel).Val0;
        kernel.ConvertTo(kernel, MatType.CV_32FC1, 1.0 / sum);
        var output = new Mat();
        Cv2.Filter2D(picture, output, -1, kernel, borderType: BorderTypes.Reflect101);
        return output;
    }

    /// <summary>Exposure and gamma on normalised values: out = 255 * gain * (in / 255)^gamma, clipped.</summary>
    public static Mat Exposure(Mat picture, double gain, double gamma)
    {
        using var table = new Mat(1, 256, MatType.CV_8UC1);
        for (var value = 0; value < 256; value++)
        {
            var mapped = 255.0 * gain * Math.Pow(value / 255.0, gamma);
            table.Set(0, value, (byte)Math.Clamp(Math.Round(mapped), 0, 255));
        }

        var output = new Mat();
        Cv2.LUT(picture, table, output);
        return output;
    }

    /// <summary>Contrast pulled towards <paramref name="level"/>: out = level + factor * (in - level), as fog or a dirty dome does.</summary>
    public static Mat Contrast(Mat picture, double factor, double level)
    {
        var output = new Mat();
        picture.ConvertTo(output, MatType.CV_8UC3, factor, level * (1 - factor));
        return output;
    }

    /// <summary>Per-channel gains (blue, green, red), as a failed white balance or a faulty colour cable gives.</summary>
    public static Mat ChannelGains(Mat picture, double blue, double green, double red)
    {
        var channels = picture.Split();
        try
        {
            channels[0].ConvertTo(channels[0], MatType.CV_8UC1, blue);
            channels[1].ConvertTo(channels[1], MatType.CV_8UC1, green);
            channels[2].ConvertTo(channels[2], MatType.CV_8UC1, red);
            var output = new Mat();
            Cv2.Merge(channels, output);
            return output;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>
    /// Adds zero-mean Gaussian noise of <paramref name="sigma"/> grey levels, the same in every channel when
    /// <paramref name="monochrome"/> (luma noise) and independent per channel otherwise.
    /// </summary>
    public static Mat GaussianNoise(Mat picture, double sigma, Random random, bool monochrome = false)
    {
        var rng = new RNG((ulong)random.NextInt64(1, long.MaxValue));
        using var noise = new Mat(picture.Size(), monochrome ? MatType.CV_16SC1 : MatType.CV_16SC3);
        rng.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(sigma));
        using var noise3 = new Mat();
        if (monochrome)
        {
            Cv2.Merge([noise, noise, noise], noise3);
        }
        else
        {
            noise.CopyTo(noise3);
        }

        using var wide = new Mat();
        picture.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise3, wide);
        var output = new Mat();
        wide.ConvertTo(output, MatType.CV_8UC3);
        return output;
    }

    /// <summary>Sets a fraction of pixels to white or black specks, the "snow" of a weak analogue signal.</summary>
    public static Mat Speckles(Mat picture, double fraction, Random random)
    {
        var output = picture.Clone();
        var count = (int)(fraction * picture.Width * picture.Height);
        var (width, height) = (picture.Width, picture.Height);
        var rows = output.AsRows<Vec3b>();
        for (var i = 0; i < count; i++)
        {
            var value = (byte)(random.Next(2) == 0 ? random.Next(0, 40) : random.Next(215, 256));
            rows[random.Next(height)][random.Next(width)] = new Vec3b(value, value, value);
        }

        return output;
    }

    /// <summary>
    /// Adds a periodic brightness pattern across the whole frame: sin bands of <paramref name="period"/> pixels and
    /// <paramref name="amplitude"/> grey levels along rows (horizontal lines) or columns (vertical lines), optionally
    /// shifted by <paramref name="phase"/> radians; <paramref name="tint"/> scales the pattern per channel (B, G, R).
    /// </summary>
    public static Mat Stripes(Mat picture, double period, double amplitude, bool horizontal, double phase, Scalar tint, bool square = false)
    {
        var length = horizontal ? picture.Height : picture.Width;
        using var profile = new Mat(horizontal ? length : 1, horizontal ? 1 : length, MatType.CV_32FC3);
        var values = new Vec3f[length];
        for (var position = 0; position < length; position++)
        {
            var wave = Math.Sin(2 * Math.PI * position / period + phase);
            if (square)
            {
                wave = wave > 0.6 ? 1 : 0;
            }

            var value = amplitude * wave;
            var entry = new Vec3f((float)(value * tint.Val0), (float)(value * tint.Val1), (float)(value * tint.Val2));
            values[position] = entry;
        }

        profile.SetArray(values);

        using var pattern = horizontal ? profile.Repeat(1, picture.Width) : profile.Repeat(picture.Height, 1);
        using var wide = new Mat();
        picture.ConvertTo(wide, MatType.CV_32FC3);
        Cv2.Add(wide, pattern, wide);
        var output = new Mat();
        wide.ConvertTo(output, MatType.CV_8UC3);
        return output;
    }

    /// <summary>
    /// Covers part of the lens with an out-of-focus object: an ellipse or a blob centred on <paramref name="anchor"/>
    /// (usually on or beyond the frame edge) of the given colour, with a gentle shading and a soft edge.
    /// </summary>
    public static Mat Occlude(Mat picture, Point anchor, Size axes, double angle, Scalar color, Random random)
    {
        using var mask = new Mat(picture.Size(), MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(mask, anchor, axes, angle, 0, 360, Scalar.All(255), -1, LineTypes.AntiAlias);
        var lobes = random.Next(1, 4);
        for (var i = 0; i < lobes; i++)
        {
            var offset = new Point(anchor.X + random.Next(-axes.Width / 2, axes.Width / 2 + 1), anchor.Y + random.Next(-axes.Height / 2, axes.Height / 2 + 1));
            var lobeAxes = new Size(axes.Width * random.Next(40, 70) / 100, axes.Height * random.Next(40, 70) / 100);
            Cv2.Ellipse(mask, offset, lobeAxes, random.Next(0, 180), 0, 360, Scalar.All(255), -1, LineTypes.AntiAlias);
        }

        var edge = Math.Max(3, Math.Min(picture.Width, picture.Height) / 40) | 1;
        Cv2.GaussianBlur(mask, mask, new Size(edge * 2 + 1, edge * 2 + 1), 0);

        using var cover = new Mat(picture.Size(), MatType.CV_32FC3, color);
        using var shading = new Mat(picture.Size(), MatType.CV_32FC1);
        var rows = shading.AsRows<float>();
        var slope = random.NextDouble() * 0.25;
        var (width, height) = (picture.Width, picture.Height);
        var reach = (double)Math.Max(axes.Width, axes.Height);
        for (var y = 0; y < height; y++)
        {
            var row = rows[y];
            for (var x = 0; x < width; x++)
            {
                var (dx, dy) = (x - anchor.X, y - anchor.Y);
                var distance = Math.Sqrt(dx * dx + dy * dy) / reach;
                row[x] = (float)(1 + slope * Math.Min(distance, 1.5));
            }
        }

        using var shading3 = shading.CvtColor(ColorConversionCodes.GRAY2BGR);
        Cv2.Multiply(cover, shading3, cover);

        using var alpha = new Mat();
        mask.ConvertTo(alpha, MatType.CV_32FC1, 1 / 255.0);
        using var alpha3 = alpha.CvtColor(ColorConversionCodes.GRAY2BGR);
        using var inverse = new Mat();
        Cv2.Subtract(Scalar.All(1), alpha3, inverse);
        using var wide = new Mat();
        picture.ConvertTo(wide, MatType.CV_32FC3);
        Cv2.Multiply(wide, inverse, wide);
        Cv2.Multiply(cover, alpha3, cover);
        Cv2.Add(wide, cover, wide);
        var output = new Mat();
        wide.ConvertTo(output, MatType.CV_8UC3);
        return output;
    }

    /// <summary>The fraction of the frame that <see cref="Occlude"/> covered at least half, for grading.</summary>
    public static double CoveredFraction(Mat original, Mat occluded)
    {
        using var difference = new Mat();
        Cv2.Absdiff(original, occluded, difference);
        using var gray = difference.CvtColor(ColorConversionCodes.BGR2GRAY);
        return Cv2.CountNonZero(gray.Threshold(0, 255, ThresholdTypes.Binary)) / (double)(original.Width * original.Height);
    }

    /// <summary>A screen of one colour with the faint noise of a real video path.</summary>
    public static Mat Screen(Size size, Scalar color, double noiseSigma, Random random)
    {
        using var flat = new Mat(size, MatType.CV_8UC3, color);
        return noiseSigma > 0 ? GaussianNoise(flat, noiseSigma, random, monochrome: true) : flat.Clone();
    }

    /// <summary>Writes recorder on-screen text (a "no video" message, a channel name, a clock) onto a picture in place.</summary>
    public static void DrawText(Mat picture, string text, Point origin, double scale, Scalar color, int thickness = 2) =>
        Cv2.PutText(picture, text, origin, HersheyFonts.HersheySimplex, scale, color, thickness, LineTypes.AntiAlias);

    /// <summary>Re-encodes as JPEG at <paramref name="quality"/>, as a camera's encoder does.</summary>
    public static Mat Jpeg(Mat picture, int quality)
    {
        Cv2.ImEncode(".jpg", picture, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return Cv2.ImDecode(bytes, ImreadModes.Color);
    }

    /// <summary>Removes colour, as a camera in infrared night mode does.</summary>
    public static Mat Monochrome(Mat picture)
    {
        using var gray = picture.CvtColor(ColorConversionCodes.BGR2GRAY);
        return gray.CvtColor(ColorConversionCodes.GRAY2BGR);
    }
}
