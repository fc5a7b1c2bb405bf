using System.Text;
using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Assets;

/// <summary>Reads the files of Assets/ that the build embeds as resources, so that the simulator needs no files at run time.</summary>
internal static class EmbeddedAssets
{
    private const string ResourcePrefix = "Watchkeeper.Simulator.Assets.";

    public static ReadOnlyMemory<byte> Load(string fileName)
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"No embedded resource {ResourcePrefix}{fileName}; the build lost Assets/{fileName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Loads every embedded file whose name starts with <paramref name="prefix"/> and ends with <paramref name="suffix"/>, in name order.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> LoadAll(string prefix, string suffix)
    {
        var names = typeof(EmbeddedAssets).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix + prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No embedded resources named {ResourcePrefix}{prefix}*{suffix}; the build lost Assets/{prefix}*{suffix}.");
        }

        return names.Select(name => Load(name[ResourcePrefix.Length..])).ToList();
    }

    /// <summary>Returns the file-name form of a fault kind: SceneChange becomes "scene-change".</summary>
    public static string FileStem(PictureFaultKind kind)
    {
        var name = kind.ToString();
        var stem = new StringBuilder(name.Length + 4);
        foreach (var character in name)
        {
            if (char.IsUpper(character) && stem.Length > 0)
            {
                stem.Append('-');
            }

            stem.Append(char.ToLowerInvariant(character));
        }

        return stem.ToString();
    }
}
