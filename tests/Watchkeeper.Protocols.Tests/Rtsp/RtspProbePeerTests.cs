using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Rtsp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Rtsp;

/// <summary>GStreamer's RTSP server without authentication, shared by the tests of one class.</summary>
public sealed class OpenRtspPeerFixture : IAsyncLifetime
{
    public GstRtspServerPeer Peer { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Peer = await GstRtspServerPeer.StartAsync();

    public async ValueTask DisposeAsync() => await Peer.DisposeAsync();
}

/// <summary>GStreamer's RTSP server with Digest authentication for admin / <see cref="Password"/>.</summary>
public sealed class DigestRtspPeerFixture : IAsyncLifetime
{
    public const string Password = "Cam-2024!";

    public GstRtspServerPeer Peer { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Peer = await GstRtspServerPeer.StartAsync(RtspPeerAuthentication.Digest, "admin", Password);

    public async ValueTask DisposeAsync() => await Peer.DisposeAsync();
}

internal static class PeerTargets
{
    public static ProbeTarget For(string url, string? user = null, string? password = null) => new()
    {
        DeviceId = 100,
        Code = "GST-1",
        Kind = DeviceKind.Camera,
        RtspUrl = url,
        UserName = user,
        Password = password,
        Timeout = TimeSpan.FromSeconds(10),
    };
}

/// <summary>The RTSP probe against GStreamer's RTSP server, a real peer from Debian, over TCP on 127.0.0.1.</summary>
public sealed class RtspProbeOpenPeerTests(OpenRtspPeerFixture fixture) : IClassFixture<OpenRtspPeerFixture>
{
    [Fact]
    public async Task Run_NoAuthentication_ReachableWithParsedSdp()
    {
        var outcome = await new RtspProbe().RunAsync(PeerTargets.For(fixture.Peer.Url), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.VideoCodec].ShouldBe("H264");
        outcome.Detail.ShouldContain("video H264/90000");
    }

    [Fact]
    public async Task Describe_NoAuthentication_ReturnsStrictSdp()
    {
        RtspUrl.TryParse(fixture.Peer.Url, out var url, out _).ShouldBeTrue();
        await using var client = await RtspClient.ConnectAsync(url!, null, RtspLimits.Default, TestContext.Current.CancellationToken);

        var options = await client.OptionsAsync(TestContext.Current.CancellationToken);
        var describe = await client.DescribeAsync(TestContext.Current.CancellationToken);

        options.Response.Headers.Get("Public")!.ShouldContain("DESCRIBE");
        describe.Response.StatusCode.ShouldBe(200, describe.Response.StatusText);
        describe.Response.Headers.Get("Content-Type").ShouldBe("application/sdp");
        var description = SessionDescription.Parse(describe.Response.BodyText());
        description.Warnings.ShouldBeEmpty();
        description.FirstOf("video")!.ClockRate.ShouldBe(90000);
    }
}

/// <summary>The RTSP probe against GStreamer's RTSP server with Digest authentication (RFC 2069 form, no qop).</summary>
public sealed class RtspProbeDigestPeerTests(DigestRtspPeerFixture fixture) : IClassFixture<DigestRtspPeerFixture>
{
    [Fact]
    public async Task Run_RightPassword_Reachable()
    {
        var target = PeerTargets.For(fixture.Peer.Url, "admin", DigestRtspPeerFixture.Password);

        var outcome = await new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.VideoCodec].ShouldBe("H264");
    }

    [Fact]
    public async Task Run_WrongPassword_AuthenticationFailedFinding()
    {
        var target = PeerTargets.For(fixture.Peer.Url, "admin", "wrong-password");

        var outcome = await new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Subject.ShouldBe("RTSP");
        finding.Detail.ShouldContain("rejected the password of user 'admin'");
        finding.Detail.ShouldNotContain("wrong-password");
    }

    [Fact]
    public async Task Run_NoCredentials_AuthenticationFailedFinding()
    {
        var outcome = await new RtspProbe().RunAsync(PeerTargets.For(fixture.Peer.Url), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("ledger has none");
    }

    [Fact]
    public async Task Run_CredentialsInUrl_Reachable()
    {
        var url = fixture.Peer.Url.Replace("rtsp://", $"rtsp://admin:{Uri.EscapeDataString(DigestRtspPeerFixture.Password)}@", StringComparison.Ordinal);

        var outcome = await new RtspProbe().RunAsync(PeerTargets.For(url), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldBeEmpty();
        outcome.Detail.ShouldNotContain(DigestRtspPeerFixture.Password);
    }
}

/// <summary>The RTSP probe against GStreamer's RTSP server with Basic authentication.</summary>
public sealed class RtspProbeBasicPeerTests
{
    [Fact]
    public async Task Run_BasicRightAndWrongPassword_ReachableThenFinding()
    {
        await using var peer = await GstRtspServerPeer.StartAsync(RtspPeerAuthentication.Basic, "viewer", "basic-pw");
        var probe = new RtspProbe();

        var right = await probe.RunAsync(PeerTargets.For(peer.Url, "viewer", "basic-pw"), TestContext.Current.CancellationToken);
        var wrong = await probe.RunAsync(PeerTargets.For(peer.Url, "viewer", "nope"), TestContext.Current.CancellationToken);

        right.Findings.ShouldBeEmpty(right.Detail);
        wrong.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.AuthenticationFailed);
    }
}
