using System.Net;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Http;

namespace Watchkeeper.Protocols.Tests.Http;

/// <summary>The snapshot probe against a real HTTP server (Kestrel on 127.0.0.1).</summary>
public sealed class SnapshotProbeTests(SnapshotWebServer server) : IClassFixture<SnapshotWebServer>, IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private readonly HttpClient _client = ProbeHttpClient.Create();

    public void Dispose() => _client.Dispose();

    private Task<ProbeOutcome> ProbeAsync(string path, string? user = null, string? password = null, TimeSpan? timeout = null, int? maxBodyBytes = null)
    {
        var target = new ProbeTarget
        {
            DeviceId = 3,
            Code = "CAM-3",
            Kind = DeviceKind.Camera,
            SnapshotUrl = server.Url(path),
            UserName = user,
            Password = password,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        };
        var probe = new SnapshotProbe(_client, maxBodyBytes: maxBodyBytes ?? SnapshotProbe.DefaultMaxBodyBytes);
        return probe.RunAsync(target, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Run_RealJpeg_ReachableWithDimensions()
    {
        var outcome = await ProbeAsync("/snapshot.jpg");

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.ImageWidth].ShouldBe("768");
        outcome.Facts[ProbeFacts.ImageHeight].ShouldBe("576");
        outcome.Detail.ShouldContain("JPEG 768x576");
    }

    [Fact]
    public async Task Run_DigestWithQopRightPassword_Reachable()
    {
        var outcome = await ProbeAsync("/digest/snapshot.jpg", SnapshotWebServer.User, SnapshotWebServer.Password);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        outcome.Facts[ProbeFacts.ImageWidth].ShouldBe("768");
    }

    [Fact]
    public async Task Run_DigestRfc2069RightPassword_Reachable()
    {
        var outcome = await ProbeAsync("/digest-rfc2069/snapshot.jpg", SnapshotWebServer.User, SnapshotWebServer.Password);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
    }

    [Fact]
    public async Task Run_BasicRightPassword_Reachable()
    {
        var outcome = await ProbeAsync("/basic/snapshot.jpg", SnapshotWebServer.User, SnapshotWebServer.Password);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
    }

    [Theory]
    [InlineData("/digest/snapshot.jpg")]
    [InlineData("/basic/snapshot.jpg")]
    public async Task Run_WrongPassword_AuthenticationFailedOnHttp(string path)
    {
        var outcome = await ProbeAsync(path, SnapshotWebServer.User, "wrong");

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Subject.ShouldBe("HTTP");
        finding.Detail.ShouldContain("HTTP 401");
        finding.Detail.ShouldContain("user 'admin'");
    }

    [Fact]
    public async Task Run_NoCredentialsForProtectedUrl_AuthenticationFailed()
    {
        var outcome = await ProbeAsync("/digest/snapshot.jpg");

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("ledger has none");
    }

    [Fact]
    public async Task Run_CredentialsInUrl_UsedAndMasked()
    {
        var url = server.Url("/digest/snapshot.jpg").Replace("http://", $"http://{SnapshotWebServer.User}:{Uri.EscapeDataString(SnapshotWebServer.Password)}@", StringComparison.Ordinal);
        var target = new ProbeTarget { DeviceId = 4, Code = "CAM-4", Kind = DeviceKind.Camera, SnapshotUrl = url };

        var outcome = await new SnapshotProbe(_client).RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        outcome.Detail.ShouldNotContain("Snap-2024");
    }

    [Fact]
    public async Task Run_HtmlPage_SnapshotInvalid()
    {
        var outcome = await ProbeAsync("/page");

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.SnapshotInvalid);
        finding.Detail.ShouldContain("<html>");
    }

    [Fact]
    public async Task Run_TruncatedJpeg_SnapshotInvalid()
    {
        var outcome = await ProbeAsync("/truncated.jpg");

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.SnapshotInvalid);
        finding.Detail.ShouldContain("truncated");
        outcome.Facts.ShouldNotContainKey(ProbeFacts.ImageWidth);
    }

    [Theory]
    [InlineData("/missing.jpg", "HTTP 404")]
    [InlineData("/error.jpg", "HTTP 500")]
    public async Task Run_ErrorStatus_ReachableWithSnapshotInvalid(string path, string status)
    {
        var outcome = await ProbeAsync(path);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain(status);
    }

    [Fact]
    public async Task Run_RedirectOnce_Follows()
    {
        var outcome = await ProbeAsync("/redirect");

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        outcome.Detail.ShouldContain("/snapshot.jpg");
    }

    [Fact]
    public async Task Run_RedirectTwice_SnapshotInvalid()
    {
        var outcome = await ProbeAsync("/redirect-twice");

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("was not followed");
    }

    [Fact]
    public async Task Run_RedirectToRtsp_SnapshotInvalidNotThrown()
    {
        var outcome = await ProbeAsync("/redirect-rtsp");

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("rtsp://127.0.0.1/camera");
    }

    [Fact]
    public async Task Run_EndlessBody_StopsAtCap()
    {
        var outcome = await ProbeAsync("/endless.jpg", maxBodyBytes: 1024 * 1024);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("longer than the 1048576 bytes");
    }

    [Fact]
    public async Task Run_DeclaredLengthOverCap_NotRead()
    {
        var outcome = await ProbeAsync("/declared-huge.jpg");

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("declares 52428800 bytes");
    }

    [Fact]
    public async Task Run_SlowBody_InvalidWithinTimeout()
    {
        var outcome = await ProbeAsync("/slow.jpg", timeout: TimeSpan.FromSeconds(1));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("still incomplete after 1 s");
    }

    [Fact]
    public async Task DotNetDigestClient_AgainstServerCheck_Authenticates()
    {
        // .NET's SocketsHttpHandler implements Digest on its own; its success shows that the server-side check
        // (DigestCredentials) agrees with an independent client.
        using var handler = new SocketsHttpHandler { Credentials = new NetworkCredential(SnapshotWebServer.User, SnapshotWebServer.Password), UseProxy = false };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(server.Url("/digest/snapshot.jpg"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DotNetDigestClient_WrongPassword_Rejected()
    {
        using var handler = new SocketsHttpHandler { Credentials = new NetworkCredential(SnapshotWebServer.User, "wrong"), UseProxy = false };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(server.Url("/digest/snapshot.jpg"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null, "no snapshot URL")]
    [InlineData("rtsp://127.0.0.1/snapshot", "not an http")]
    [InlineData("snapshot.jpg", "not an http")]
    public async Task Run_MissingOrInvalidUrl_SkippedNotConfigured(string? url, string expected)
    {
        var target = new ProbeTarget { DeviceId = 5, Code = "CAM-5", Kind = DeviceKind.Camera, SnapshotUrl = url };

        var outcome = await new SnapshotProbe(_client).RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Detail.ShouldContain(expected);
    }
}
