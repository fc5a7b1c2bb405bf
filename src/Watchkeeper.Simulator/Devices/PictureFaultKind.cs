namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// What is wrong with a camera's picture, in both its RTSP stream and its snapshots. The names are those of the
/// diagnosis checks that should find the fault.
/// </summary>
public enum PictureFaultKind
{
    /// <summary>A black screen, as when the sensor or the video cable fails.</summary>
    SignalLoss,

    /// <summary>One picture repeated, as when the encoder hangs.</summary>
    FrozenPicture,

    /// <summary>The scene out of focus (Gaussian blur, sigma 6 px at 640x360).</summary>
    Blur,

    /// <summary>Two thirds of the view covered by a dark board on the left.</summary>
    Occlusion,

    /// <summary>The camera turned and zoomed to another part of the street.</summary>
    SceneChange,
}
