using OpenCvSharp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>
/// Real footage for diagnosis tests: consecutive frames of OpenCV's street video (tests/Fixtures/images), 1 s apart as a
/// camera's diagnosis round grabs them, and the same frames darkened as a lens in the dark or a failing sensor shows them.
/// </summary>
internal static class StreetFrames
{
    /// <summary>Three frames of the live street, in time order: walkers move, the camera does not.</summary>
    public static readonly IReadOnlyList<byte[]> Live = new[] { "street_768x576.jpg", "street_768x576_3s.jpg", "street_768x576_4s.jpg" }
        .Select(name => File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", name)))
        .ToList();

    /// <summary>The first frame of <see cref="Live"/>.</summary>
    public static readonly byte[] Clean = Live[0];

    /// <summary>The live frames with every pixel scaled to 20 % of its brightness: too dark, not a lost signal.</summary>
    public static readonly IReadOnlyList<byte[]> DarkLive = Live.Select(frame => Darken(frame, 0.2)).ToList();

    /// <summary>The first frame of <see cref="DarkLive"/>.</summary>
    public static readonly byte[] Dark = DarkLive[0];

    private static byte[] Darken(byte[] jpeg, double gain)
    {
        using var frame = Cv2.ImDecode(jpeg, ImreadModes.Color);
        using var dark = new Mat();
        frame.ConvertTo(dark, -1, gain, 0);
        Cv2.ImEncode(".jpg", dark, out var bytes);
        return bytes;
    }
}
