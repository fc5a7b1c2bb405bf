namespace Watchkeeper.Simulator.Assets;

/// <summary>
/// The street pictures the simulated cameras serve as snapshots: frames of OpenCV's vtest.avi, embedded in this
/// assembly (see Assets/README.md for their source and licence).
/// </summary>
public static class SnapshotPictures
{
    private const string ResourcePrefix = "Watchkeeper.Simulator.Assets.";

    private static readonly Lazy<IReadOnlyList<ReadOnlyMemory<byte>>> Loaded = new(Load);

    /// <summary>The JPEG files in name order, each 640x360.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> All => Loaded.Value;

    private static IReadOnlyList<ReadOnlyMemory<byte>> Load()
    {
        var assembly = typeof(SnapshotPictures).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".jpg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No embedded JPEG resources named {ResourcePrefix}*.jpg; the build lost Assets/*.jpg.");
        }

        var pictures = new List<ReadOnlyMemory<byte>>(names.Count);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            pictures.Add(copy.ToArray());
        }

        return pictures;
    }
}
