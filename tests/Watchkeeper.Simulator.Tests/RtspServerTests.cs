using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The cameras' RTSP service, checked with ffprobe from Debian's ffmpeg.</summary>
public sealed class RtspServerTests : IAsyncLifetime
{
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 5, recorders: 1, switches: 1));

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Describe_DigestCredentials_FfprobeReadsH264Stream()
    {
        var camera = _fleet.Cameras[0].Info;

        var result = await Ffprobe(WithCredentials(camera.RtspUrl!, camera.UserName!, camera.Password!));

        result.All.ShouldContain("a=rtpmap:96 H264/90000");
        result.All.ShouldContain("RTP Profile IDC: 42");
        result.All.ShouldContain("Video: h264 (Constrained Baseline)");
        result.All.ShouldContain("640x360");
    }

    [Fact]
    public async Task Describe_WrongPassword_FfprobeReportsUnauthorized()
    {
        var camera = _fleet.Cameras[0].Info;

        var result = await Ffprobe(WithCredentials(camera.RtspUrl!, camera.UserName!, "not-the-password"));

        result.All.ShouldContain("method DESCRIBE failed: 401 Unauthorized");
        result.All.ShouldNotContain("a=rtpmap");
    }

    [Fact]
    public async Task Describe_NoCredentials_ChallengesWithDigestQopAuth()
    {
        var camera = _fleet.Cameras[0].Info;

        var result = await Ffprobe(camera.RtspUrl!);

        result.All.ShouldContain("WWW-Authenticate: Digest realm=");
        result.All.ShouldContain("qop=\"auth\"");
    }

    [Fact]
    public async Task Describe_DahuaQueryPath_FfprobeReadsStream()
    {
        var dahua = _fleet.Cameras.First(camera => camera.Identity.Vendor == "Dahua").Info;

        var result = await Ffprobe(WithCredentials(dahua.RtspUrl!, dahua.UserName!, dahua.Password!));

        result.All.ShouldContain("Video: h264 (Constrained Baseline)");
    }

    [Fact]
    public async Task Describe_UnknownStream_FfprobeReportsNotFound()
    {
        var camera = _fleet.Cameras[0].Info;
        var url = $"rtsp://{camera.UserName}:{camera.Password}@{camera.IpAddress}:{camera.RtspPort}/no/such/stream";

        var result = await Ffprobe(url);

        result.All.ShouldContain("404 Stream Not Found");
    }

    [Fact]
    public async Task Describe_RecorderChannel_FfprobeReadsStream()
    {
        var recorder = _fleet.Recorders[0].Info;

        var result = await Ffprobe(WithCredentials(recorder.RtspUrl!, recorder.UserName!, recorder.Password!));

        result.All.ShouldContain("Video: h264 (Constrained Baseline)");
    }

    private static Task<ToolResult> Ffprobe(string url) =>
        DebianTool.FfprobeAsync("-v", "debug", "-rtsp_transport", "tcp", "-timeout", "5000000", "-i", url);

    private static string WithCredentials(string url, string userName, string password) =>
        url.Replace("rtsp://", $"rtsp://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@", StringComparison.Ordinal);
}
