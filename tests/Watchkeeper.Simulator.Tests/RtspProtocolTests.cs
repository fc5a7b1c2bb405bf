using System.Text;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>RFC 2326 details of the RTSP service: CSeq, keep-alive, methods, Basic authentication, bad input.</summary>
public sealed class RtspProtocolTests : IAsyncLifetime
{
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 5, recorders: 0, switches: 0));

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    private Fleet.SimulatedDeviceInfo Hikvision => _fleet.Cameras.First(camera => camera.Identity.Vendor == "Hikvision").Info;

    private Fleet.SimulatedDeviceInfo Uniview => _fleet.Cameras.First(camera => camera.Identity.Vendor == "Uniview").Info;

    [Fact]
    public async Task Options_KeptAliveConnection_EchoesCSeq()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"OPTIONS {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 41\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        await connection.SendAsync($"OPTIONS {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 42\r\n\r\n");
        var second = await connection.ReadResponseAsync();

        first.Version.ShouldBe("RTSP/1.0");
        first.StatusCode.ShouldBe(200);
        first.Header("CSeq").ShouldBe("41");
        first.Header("Public").ShouldBe("OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER");
        second.Header("CSeq").ShouldBe("42");
    }

    [Fact]
    public async Task Request_PipelinedPair_AnsweredInOrder()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nDESCRIBE {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        var options = await connection.ReadResponseAsync();
        var describe = await connection.ReadResponseAsync();

        options.Header("CSeq").ShouldBe("1");
        describe.Header("CSeq").ShouldBe("2");
        describe.StatusCode.ShouldBe(401);
    }

    [Theory]
    [InlineData("RECORD", 405)]
    [InlineData("ANNOUNCE", 405)]
    [InlineData("SET_PARAMETER", 405)]
    [InlineData("FLY", 501)]
    public async Task Request_UnservedMethod_RejectedWithStatus(string method, int status)
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"{method} {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 7\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(status);
        response.Header("CSeq").ShouldBe("7");
    }

    [Fact]
    public async Task Record_KnownMethod_ListsAllowedMethods()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"RECORD {Hikvision.RtspUrl}/trackID=1 RTSP/1.0\r\nCSeq: 3\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.Header("Allow").ShouldBe("OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER");
    }

    [Fact]
    public async Task Request_WithoutCSeq_BadRequest()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"OPTIONS {Hikvision.RtspUrl} RTSP/1.0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Request_HttpVersion_VersionNotSupported()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: camera\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(505);
    }

    [Fact]
    public async Task Describe_BasicCredentialsOnUniview_ReturnsSdp()
    {
        await using var connection = await Open(Uniview);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uniview.UserName}:{Uniview.Password}"));

        await connection.SendAsync($"DESCRIBE {Uniview.RtspUrl} RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\nAuthorization: Basic {basic}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(200);
        response.Header("Content-Type").ShouldBe("application/sdp");
        response.Header("Content-Base").ShouldBe(Uniview.RtspUrl + "/");
        response.BodyText.ShouldStartWith("v=0\r\no=- ");
        response.BodyText.ShouldContain("a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=");
    }

    [Fact]
    public async Task Describe_BasicCredentialsOnDigestOnlyCamera_Unauthorized()
    {
        await using var connection = await Open(Hikvision);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Hikvision.UserName}:{Hikvision.Password}"));

        await connection.SendAsync($"DESCRIBE {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 2\r\nAuthorization: Basic {basic}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(401);
        response.HeaderValues("WWW-Authenticate").ShouldHaveSingleItem().ShouldStartWith("Digest ");
    }

    [Fact]
    public async Task Describe_Uniview_ChallengesDigestAndBasic()
    {
        await using var connection = await Open(Uniview);

        await connection.SendAsync($"DESCRIBE {Uniview.RtspUrl} RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        var challenges = response.HeaderValues("WWW-Authenticate");
        challenges.Count.ShouldBe(2);
        challenges[0].ShouldStartWith("Digest ");
        challenges[1].ShouldStartWith("Basic ");
    }

    [Fact]
    public async Task Request_HeaderBeyondLimit_RejectedAndClosed()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync($"OPTIONS {Hikvision.RtspUrl} RTSP/1.0\r\nCSeq: 1\r\nX-Padding: {new string('a', 20_000)}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(431);
        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Request_MalformedRequestLine_RejectedAndClosed()
    {
        await using var connection = await Open(Hikvision);

        await connection.SendAsync("this is not rtsp\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(400);
        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Request_BinaryGarbage_RejectedAndClosed()
    {
        await using var connection = await Open(Hikvision);
        var garbage = new byte[3000];
        new Random(7).NextBytes(garbage);
        garbage[^2] = (byte)'\n';
        garbage[^1] = (byte)'\n';

        await connection.SendAsync(garbage);

        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Server_AfterBadClients_StillAnswers()
    {
        await using (var bad = await Open(Hikvision))
        {
            await bad.SendAsync("\u0001\u0002 nonsense\r\n\r\n");
        }

        await using var good = await Open(Hikvision);
        await good.SendAsync($"OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n\r\n");
        var response = await good.ReadResponseAsync();

        response.StatusCode.ShouldBe(200);
    }

    private static Task<RawConnection> Open(Fleet.SimulatedDeviceInfo camera) => RawConnection.OpenAsync(camera.IpAddress, camera.RtspPort!.Value);
}
