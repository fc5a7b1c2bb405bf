using System.Net;
using System.Text;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;
using Watchkeeper.Protocols.Rtsp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Rtsp;

/// <summary>The RTSP probe against scripted servers on 127.0.0.1, well-behaved and hostile.</summary>
public sealed class RtspProbeTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    // Guards every probe call: a probe that hangs fails the test instead of stalling the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private static ProbeTarget Target(string url, string? user = null, string? password = null, TimeSpan? timeout = null) => new()
    {
        DeviceId = 1,
        Code = "CAM-1",
        Kind = DeviceKind.Camera,
        RtspUrl = url,
        UserName = user,
        Password = password,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    private static Task<ProbeOutcome> ProbeAsync(ProbeTarget target) =>
        new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Run_DescribeReturnsSdp_ReachableWithCodecs()
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "200 OK", RtspScript.Sdp, "Content-Type: application/sdp")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.VideoCodec].ShouldBe("H264");
        outcome.Facts[ProbeFacts.AudioCodec].ShouldBe("PCMA");
        outcome.Detail.ShouldContain("video H264/90000");
    }

    [Fact]
    public async Task Run_BothRequestsOnOneConnection_UsesIncreasingCSeq()
    {
        var seen = new List<ReceivedRequest>();
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            for (var i = 0; i < 2; i++)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                seen.Add(request);
                var body = request.Method == "DESCRIBE" ? RtspScript.Sdp : null;
                await connection.WriteAsync(RtspScript.Response(request.CSeq, "200 OK", body));
            }
        });

        await ProbeAsync(Target(RtspScript.UrlOf(server)));

        server.Connections.ShouldBe(1);
        seen.Select(r => r.Method).ShouldBe(["OPTIONS", "DESCRIBE"]);
        seen[1].CSeq.ShouldBeGreaterThan(seen[0].CSeq);
        seen[1].Header("Accept").ShouldBe("application/sdp");
    }

    [Fact]
    public async Task Run_SdpWithoutVersionOriginName_ReachableWithWarning()
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "200 OK", "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n", "Content-Type: application/sdp")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.StreamDescriptionWarning);
        finding.Detail.ShouldContain("v=");
        outcome.Facts[ProbeFacts.VideoCodec].ShouldBe("H264");
    }

    [Fact]
    public async Task Run_EmptyDescribeBody_ReachableWithWarning()
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request => RtspScript.Response(request.CSeq, "200 OK")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("no body");
    }

    [Fact]
    public async Task Run_ReolinkCaptureReplayWithoutCredentials_AuthenticationFailed()
    {
        await using var server = ScriptedTcpServer.Start(ReplayReolinkCaptures());

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Subject.ShouldBe(RtspProbe.AuthenticationSubject);
        finding.Detail.ShouldContain("ledger has none");
        finding.Detail.ShouldContain("LIVE555 Streaming Media");
    }

    [Fact]
    public async Task Run_ReolinkCaptureReplayWithCredentials_SendsRfc2069Digest()
    {
        var authorizations = new List<string>();
        await using var server = ScriptedTcpServer.Start(ReplayReolinkCaptures(authorizations));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "secret"));

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("rejected the password of user 'admin'");
        var credentials = DigestCredentials.Parse(authorizations.ShouldHaveSingleItem())!;
        credentials.Qop.ShouldBeNull();
        credentials.Realm.ShouldBe("LIVE555 Streaming Media");
        credentials.Nonce.ShouldBe("yyy");
        credentials.Uri.ShouldBe(RtspScript.UrlOf(server));
        credentials.Verify("secret", "DESCRIBE").ShouldBeTrue();
    }

    [Fact]
    public async Task Run_DigestWithQopAccepted_Reachable()
    {
        const string challenge = "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc123\", qop=\"auth\", algorithm=md5";
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
        {
            var credentials = request.Header("Authorization") is { } header ? DigestCredentials.Parse(header) : null;
            return credentials is not null && credentials.Verify("pw", request.Method)
                ? RtspScript.Response(request.CSeq, "200 OK", RtspScript.Sdp)
                : RtspScript.Response(request.CSeq, "401 Unauthorized", null, challenge);
        }));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "pw"));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_BasicChallenge_SendsBasicCredentials()
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pw"));
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            request.Header("Authorization") == expected
                ? RtspScript.Response(request.CSeq, "200 OK", RtspScript.Sdp)
                : RtspScript.Response(request.CSeq, "401 Unauthorized", null, "WWW-Authenticate: Basic realm=\"cam\"")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "pw"));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_OptionsRequiresAuthentication_AuthenticatesBoth()
    {
        var requests = new List<ReceivedRequest>();
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            while (true)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                requests.Add(request);
                var authorized = request.Header("Authorization") is { } header && DigestCredentials.Parse(header)?.Verify("pw", request.Method) == true;
                var body = request.Method == "DESCRIBE" ? RtspScript.Sdp : null;
                await connection.WriteAsync(authorized
                    ? RtspScript.Response(request.CSeq, "200 OK", body)
                    : RtspScript.Response(request.CSeq, "401 Unauthorized", null, "WWW-Authenticate: Digest realm=\"cam\", nonce=\"n\""));
            }
        });

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "pw"));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        requests.Select(r => (r.Method, r.Header("Authorization") is not null)).ShouldBe(
            [("OPTIONS", false), ("OPTIONS", true), ("DESCRIBE", true)]);
    }

    [Fact]
    public async Task Run_OneTimeNonces_AuthenticatesEachRequest()
    {
        var server = OneTimeNonceCamera("pw", out var authorizations);
        await using var _ = server;

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "pw"));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        authorizations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Run_OneTimeNoncesWrongPassword_OneFailedAttempt()
    {
        // Cameras lock an account after a few failed logins, so a wrong password must cost one attempt per probe.
        var server = OneTimeNonceCamera("pw", out var authorizations);
        await using var _ = server;

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "wrong"));

        outcome.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.AuthenticationFailed);
        authorizations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Run_UnsupportedChallenge_AuthenticationFailedNamingScheme()
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "401 Unauthorized", null, "WWW-Authenticate: Negotiate")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server), "admin", "pw"));

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("Negotiate");
    }

    [Fact]
    public async Task Run_RedirectOnce_FollowsToSecondServer()
    {
        await using var target = ScriptedTcpServer.Start(RtspScript.Camera(request => RtspScript.Response(request.CSeq, "200 OK", RtspScript.Sdp)));
        await using var redirecting = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "302 Moved Temporarily", null, $"Location: {RtspScript.UrlOf(target, "/moved")}")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(redirecting)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain("/moved");
        target.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task Run_RedirectToOtherHost_WithholdsCredentials()
    {
        var authorizations = new List<string>();
        await using var otherHost = ScriptedTcpServer.Start(RtspScript.Camera(request =>
        {
            if (request.Header("Authorization") is { } header)
            {
                authorizations.Add(header);
            }

            return RtspScript.Response(request.CSeq, "401 Unauthorized", null, "WWW-Authenticate: Digest realm=\"cam\", nonce=\"n\"");
        }), IPAddress.Parse("127.0.0.2"));
        await using var redirecting = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "302 Found", null, $"Location: rtsp://127.0.0.2:{otherHost.Port}/camera")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(redirecting), "admin", "pw"));

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("redirected to another host");
        authorizations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_RedirectTwice_UnreachableUnexpectedStatus()
    {
        await using var second = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "301 Moved Permanently", null, "Location: rtsp://127.0.0.1:1/again")));
        await using var first = ScriptedTcpServer.Start(RtspScript.Camera(request =>
            RtspScript.Response(request.CSeq, "302 Found", null, $"Location: {RtspScript.UrlOf(second)}")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(first)));

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        outcome.Detail.ShouldContain("one redirect was already followed");
    }

    [Fact]
    public async Task Run_RedirectWithoutLocation_UnreachableProtocolError()
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request => RtspScript.Response(request.CSeq, "302 Found")));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("Location");
    }

    [Theory]
    [InlineData("404 Stream Not Found", "path and channel")]
    [InlineData("503 Service Unavailable", "too many clients")]
    public async Task Run_DescribeErrorStatus_UnreachableUnexpectedStatus(string status, string hint)
    {
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request => RtspScript.Response(request.CSeq, status)));

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        outcome.Detail.ShouldContain(status);
        outcome.Detail.ShouldContain(hint);
    }

    [Fact]
    public async Task Run_StaleResponseBeforeAnswer_SkipsIt()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            while (true)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                var body = request.Method == "DESCRIBE" ? RtspScript.Sdp : null;
                await connection.WriteAsync(RtspScript.Response(request.CSeq - 1, "200 OK") + RtspScript.Response(request.CSeq, "200 OK", body));
            }
        });

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
    }

    [Fact]
    public async Task Run_WrongCSeq_UnreachableProtocolError()
    {
        await using var options = ScriptedTcpServer.Start(async connection =>
        {
            var request = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync(RtspScript.Response(request.CSeq + 5, "200 OK"));
            await connection.WaitForCloseAsync();
        });

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(options)));

        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("CSeq 6");
    }

    [Fact]
    public async Task Run_ResponseWithoutCSeq_Accepted()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            while (true)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                var body = request.Method == "DESCRIBE" ? RtspScript.Sdp : "";
                await connection.WriteAsync($"RTSP/1.0 200 OK\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
            }
        });

        var outcome = await ProbeAsync(Target(RtspScript.UrlOf(server)));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
    }

    [Fact]
    public async Task Run_CredentialsInUrl_UsedAndNeverShown()
    {
        string? authorization = null;
        await using var server = ScriptedTcpServer.Start(RtspScript.Camera(request =>
        {
            authorization = request.Header("Authorization") ?? authorization;
            return RtspScript.Response(request.CSeq, "401 Unauthorized", null, "WWW-Authenticate: Digest realm=\"cam\", nonce=\"n\"");
        }));
        var url = $"rtsp://viewer:top%40secret@127.0.0.1:{server.Port}/camera";

        var outcome = await ProbeAsync(Target(url));

        DigestCredentials.Parse(authorization!)!.Verify("top@secret", "DESCRIBE").ShouldBeTrue();
        outcome.Detail.ShouldNotContain("secret");
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldNotContain("secret");
    }

    /// <summary>
    /// Starts a camera that protects every request, issues a new nonce with each 401 and accepts each nonce once,
    /// without marking old nonces stale.
    /// </summary>
    private static ScriptedTcpServer OneTimeNonceCamera(string password, out List<string> authorizations)
    {
        var seen = new List<string>();
        authorizations = seen;
        var issued = 0;
        return ScriptedTcpServer.Start(async connection =>
        {
            string? current = null;
            while (true)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                var header = request.Header("Authorization");
                if (header is not null)
                {
                    seen.Add(header);
                }

                var credentials = header is null ? null : DigestCredentials.Parse(header);
                if (credentials is not null && credentials.Nonce == current && credentials.Verify(password, request.Method))
                {
                    current = null;
                    var body = request.Method == "DESCRIBE" ? RtspScript.Sdp : null;
                    await connection.WriteAsync(RtspScript.Response(request.CSeq, "200 OK", body));
                    continue;
                }

                current = $"nonce-{Interlocked.Increment(ref issued)}";
                await connection.WriteAsync(RtspScript.Response(request.CSeq, "401 Unauthorized", null, $"WWW-Authenticate: Digest realm=\"cam\", nonce=\"{current}\""));
            }
        });
    }

    private static Func<ScriptedConnection, Task> ReplayReolinkCaptures(List<string>? authorizations = null)
    {
        // The captures are stored with LF line ends; on the wire they end in CRLF, and CSeq echoes the request.
        var options = Fixtures.ReadCapture("rtsp_reolink_options_200.txt").Replace("\n", "\r\n", StringComparison.Ordinal);
        var unauthorized = Fixtures.ReadCapture("rtsp_reolink_describe_401_digest.txt").Replace("\n", "\r\n", StringComparison.Ordinal);
        return async connection =>
        {
            while (true)
            {
                var request = await RtspScript.ReadRequestAsync(connection);
                if (request.Header("Authorization") is { } authorization)
                {
                    authorizations?.Add(authorization);
                }

                var capture = request.Method == "OPTIONS" ? options : unauthorized;
                var cseq = request.Method == "OPTIONS" ? "CSeq: 2" : "CSeq: 3";
                await connection.WriteAsync(capture.Replace(cseq, $"CSeq: {request.CSeq}", StringComparison.Ordinal));
            }
        };
    }
}
