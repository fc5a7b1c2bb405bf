namespace Watchkeeper.TestSupport;

/// <summary>Locates files under tests/Fixtures in the source tree.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The tests/Fixtures folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>Returns the full path of a real-device capture, e.g. "rtsp_reolink_options_200.txt".</summary>
    public static string Capture(string name) => Path.Combine(Directory, "captures", name);

    public static string ReadCapture(string name) => File.ReadAllText(Capture(name));

    public static byte[] ReadCaptureBytes(string name) => File.ReadAllBytes(Capture(name));

    /// <summary>Returns the value of the first header <paramref name="header"/> (any case) in a SIP or RTSP capture.</summary>
    public static string CaptureHeader(string name, string header)
    {
        var prefix = header + ":";
        var line = ReadCapture(name).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"{name} has no {header} header.");
        return line[prefix.Length..].Trim();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Fixtures");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "captures")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/Fixtures/captures not found above {AppContext.BaseDirectory}.");
    }
}
