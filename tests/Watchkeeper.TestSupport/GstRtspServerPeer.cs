using System.Globalization;
using System.Text.RegularExpressions;

namespace Watchkeeper.TestSupport;

/// <summary>The authentication scheme the GStreamer RTSP peer requires.</summary>
public enum RtspPeerAuthentication
{
    None,
    Basic,
    Digest,
}

/// <summary>
/// GStreamer's RTSP server (Debian gstreamer1.0-rtsp through python3-gi) serving a live H.264 test camera on
/// 127.0.0.1, run from tests/Watchkeeper.Protocols.Tests/Peers/rtsp_server.py.
/// </summary>
public sealed partial class GstRtspServerPeer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly PeerProcess _process;

    private GstRtspServerPeer(PeerProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The stream URL, e.g. rtsp://127.0.0.1:40123/camera.</summary>
    public string Url { get; }

    public string Output => _process.Output;

    [GeneratedRegex(@"READY (rtsp://127\.0\.0\.1:\d+/\S*)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"MISSING-PACKAGE (\S+)")]
    private static partial Regex MissingPackageLine();

    /// <summary>
    /// Starts the server and waits until it listens. Throws, naming the Debian package, when one is missing.
    /// </summary>
    public static async Task<GstRtspServerPeer> StartAsync(
        RtspPeerAuthentication authentication = RtspPeerAuthentication.None, string user = "admin", string password = "")
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install the Debian package python3 (and python3-gi, gstreamer1.0-rtsp, gir1.2-gst-rtsp-server-1.0); scripts/test.sh does this as root.");
        }

        var script = Path.Combine(Fixtures.Directory, "..", "Watchkeeper.Protocols.Tests", "Peers", "rtsp_server.py");
        var arguments = new List<string>
        {
            script,
            "--port", "0",
            "--path", "/camera",
            "--auth", authentication.ToString().ToLowerInvariant(),
            "--user", user,
            "--password", password,
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        var process = PeerProcess.Start(Python, arguments);
        try
        {
            var url = await WaitUntilReadyAsync(process);
            return new GstRtspServerPeer(process, url);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<string> WaitUntilReadyAsync(PeerProcess process)
    {
        try
        {
            await process.WaitForOutputAsync("READY ", StartTimeout);
        }
        catch (InvalidOperationException) when (MissingPackageLine().Match(process.Output) is { Success: true } missing)
        {
            throw new InvalidOperationException(
                $"The GStreamer RTSP peer needs the Debian package {missing.Groups[1].Value}: apt-get install {missing.Groups[1].Value} (scripts/test.sh installs it as root).");
        }

        var ready = ReadyLine().Match(process.Output);
        return ready.Success
            ? ready.Groups[1].Value
            : throw new InvalidOperationException($"The GStreamer RTSP peer printed an unexpected READY line. Output:\n{process.Output}");
    }
}
