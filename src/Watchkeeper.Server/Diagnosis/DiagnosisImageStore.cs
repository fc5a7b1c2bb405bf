using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// The diagnosis pictures under the data directory: thumbnails and evidence of rounds, the latest clean frame of each
/// camera, and reference images. The database stores paths relative to <see cref="Root"/>.
/// </summary>
public sealed class DiagnosisImageStore
{
    public const string ThumbnailFolder = "thumbnails";
    public const string EvidenceFolder = "evidence";
    public const string ReferenceFolder = "references";
    public const string LatestFolder = "latest";

    private static readonly int[] JpegQuality = [(int)ImwriteFlags.JpegQuality, 85];

    public DiagnosisImageStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string SaveThumbnail(long deviceId, DateTimeOffset at, Mat frame, int width)
    {
        var scale = Math.Min(1.0, (double)Math.Max(16, width) / frame.Width);
        using var small = frame.Resize(new Size(Math.Max(1, (int)(frame.Width * scale)), Math.Max(1, (int)(frame.Height * scale))), 0, 0, InterpolationFlags.Area);
        return Write(RoundPath(ThumbnailFolder, deviceId, at), small);
    }

    /// <summary>Saves a copy of the frame with each detected finding's region outlined and labelled with its check and score.</summary>
    public string SaveEvidence(long deviceId, DateTimeOffset at, Mat frame, IEnumerable<AnalyzerFinding> detected)
    {
        using var annotated = frame.Clone();
        Annotate(annotated, detected);
        return Write(RoundPath(EvidenceFolder, deviceId, at), annotated);
    }

    /// <summary>Keeps the camera's latest clean frame at full size, the source of "set reference from the latest frame".</summary>
    public string SaveLatestGood(long deviceId, Mat frame) =>
        Write(Path.Combine(LatestFolder, deviceId.ToString(CultureInfo.InvariantCulture) + ".jpg"), frame);

    public string LatestGoodPath(long deviceId) => Path.Combine(LatestFolder, deviceId.ToString(CultureInfo.InvariantCulture) + ".jpg");

    public string SaveReference(long deviceId, DateTimeOffset at, Mat frame) =>
        Write(RoundPath(ReferenceFolder, deviceId, at), frame);

    /// <summary>Returns the absolute path of a stored relative path, or null when it is missing or leaves the folder.</summary>
    public string? Resolve(string? relative)
    {
        if (string.IsNullOrEmpty(relative))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return full;
    }

    public void Delete(string? relative)
    {
        if (Resolve(relative) is { } full)
        {
            File.Delete(full);
        }
    }

    internal static void Annotate(Mat image, IEnumerable<AnalyzerFinding> detected)
    {
        var thickness = Math.Max(2, image.Width / 320);
        var fontScale = Math.Max(0.5, image.Width / 1280.0);
        var labelOffset = 0;
        foreach (var finding in detected)
        {
            var region = finding.Region ?? FindingRegion.Whole(image.Width, image.Height);
            var rect = new Rect(region.X, region.Y, Math.Max(1, region.Width), Math.Max(1, region.Height)) & new Rect(0, 0, image.Width, image.Height);
            Cv2.Rectangle(image, rect, Scalar.Red, thickness);

            // Hershey fonts draw ASCII only, so the label carries the API name of the check.
            var label = string.Create(CultureInfo.InvariantCulture, $"{finding.Kind} {finding.Score:0.00}");
            var size = Cv2.GetTextSize(label, HersheyFonts.HersheySimplex, fontScale, thickness, out var baseline);
            var origin = new Point(rect.X + thickness, Math.Min(image.Height - baseline, rect.Y + size.Height + thickness + labelOffset));
            Cv2.Rectangle(image, new Rect(origin.X - 2, origin.Y - size.Height - 2, size.Width + 4, size.Height + baseline + 4), Scalar.Black, -1);
            Cv2.PutText(image, label, origin, HersheyFonts.HersheySimplex, fontScale, Scalar.Yellow, Math.Max(1, thickness / 2));
            labelOffset += size.Height + baseline + 6;
        }
    }

    private static string RoundPath(string folder, long deviceId, DateTimeOffset at) => Path.Combine(
        folder,
        deviceId.ToString(CultureInfo.InvariantCulture),
        at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        at.UtcDateTime.ToString("HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8] + ".jpg");

    private string Write(string relative, Mat image)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Cv2.ImEncode(".jpg", image, out var bytes, JpegQuality);

        // Writes beside the target and renames, so a reader never sees half a file.
        var temporary = full + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, full, overwrite: true);
        return relative;
    }
}
