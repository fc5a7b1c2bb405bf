using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Assets;

/// <summary>
/// The street pictures the simulated cameras serve as snapshots, and the picture each picture fault shows instead:
/// frames of OpenCV's vtest.avi, embedded in this assembly (see Assets/README.md for their source and licence).
/// </summary>
public static class SnapshotPictures
{
    private static readonly Lazy<IReadOnlyList<ReadOnlyMemory<byte>>> Street = new(() => EmbeddedAssets.LoadAll("street-", ".jpg"));

    private static readonly Lazy<IReadOnlyDictionary<PictureFaultKind, ReadOnlyMemory<byte>>> Faulty = new(LoadFaulty);

    /// <summary>The street pictures in name order, each 640x360 JPEG.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> All => Street.Value;

    /// <summary>The 640x360 JPEG a camera with <paramref name="fault"/> serves on every snapshot request.</summary>
    public static ReadOnlyMemory<byte> ForFault(PictureFaultKind fault) => Faulty.Value[fault];

    private static IReadOnlyDictionary<PictureFaultKind, ReadOnlyMemory<byte>> LoadFaulty() =>
        Enum.GetValues<PictureFaultKind>().ToDictionary(kind => kind, kind => EmbeddedAssets.Load($"fault-{EmbeddedAssets.FileStem(kind)}.jpg"));
}
