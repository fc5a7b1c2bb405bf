using OpenCvSharp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>
/// Real footage for diagnosis tests: a frame of OpenCV's street video (tests/Fixtures/images), and the same frame
/// darkened as a lens in the dark or a failing sensor shows it.
/// </summary>
internal static class StreetFrames
{
    public static readonly byte[] Clean = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", "street_768x576.jpg"));

    /// <summary>The street frame with every pixel scaled to 20 % of its brightness: too dark, not a lost signal.</summary>
    public static readonly byte[] Dark = Darken(Clean, 0.2);

    private static byte[] Darken(byte[] jpeg, double gain)
    {
        using var frame = Cv2.ImDecode(jpeg, ImreadModes.Color);
        using var dark = new Mat();
        frame.ConvertTo(dark, -1, gain, 0);
        Cv2.ImEncode(".jpg", dark, out var bytes);
        return bytes;
    }
}
