using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Http;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Http;

/// <summary>The HTTP probes against Kestrel and against scripted hostile servers on 127.0.0.1.</summary>
public sealed class HttpProbeTests(SnapshotWebServer server) : IClassFixture<SnapshotWebServer>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private readonly HttpClient _client = ProbeHttpClient.Create();

    public void Dispose() => _client.Dispose();

    private static ProbeTarget WebTarget(int port) => new()
    {
        DeviceId = 20,
        Code = "SW-1",
        Kind = DeviceKind.Switch,
        IpAddress = "127.0.0.1",
        HttpPort = port,
        Timeout = Timeout,
    };

    private Task<ProbeOutcome> ProbeWebAsync(int port) =>
        new HttpProbe(_client).RunAsync(WebTarget(port), TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

    private Task<ProbeOutcome> ProbeSnapshotAsync(ScriptedTcpServer hostile)
    {
        var target = new ProbeTarget
        {
            DeviceId = 21,
            Code = "CAM-21",
            Kind = DeviceKind.Camera,
            SnapshotUrl = $"http://127.0.0.1:{hostile.Port}/snapshot.jpg",
            Timeout = Timeout,
        };
        return new SnapshotProbe(_client).RunAsync(target, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Run_WebInterfaceAnswers401_ReachableWithStatus()
    {
        var outcome = await ProbeWebAsync(server.Port);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain("HTTP 401");
        outcome.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_NothingListening_ConnectionRefused()
    {
        var outcome = await ProbeWebAsync(LoopbackPorts.FreeTcpPort());

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
    }

    [Fact]
    public async Task Run_NoPortOrUrl_SkippedNotConfigured()
    {
        var target = new ProbeTarget { DeviceId = 22, Code = "SW-2", Kind = DeviceKind.Switch, IpAddress = "127.0.0.1" };

        var outcome = await new HttpProbe(_client).RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
    }

    [Fact]
    public void WebInterfaceUrl_PortsAndApiUrl_BuildsRoot()
    {
        HttpProbe.WebInterfaceUrl(new ProbeTarget { DeviceId = 1, Code = "a", Kind = DeviceKind.Camera, IpAddress = "192.168.1.64", HttpPort = 8080 })!
            .ToString().ShouldBe("http://192.168.1.64:8080/");
        HttpProbe.WebInterfaceUrl(new ProbeTarget { DeviceId = 1, Code = "a", Kind = DeviceKind.Camera, IpAddress = "192.168.1.64", HttpPort = 443 })!
            .ToString().ShouldBe("https://192.168.1.64/");
        HttpProbe.WebInterfaceUrl(new ProbeTarget { DeviceId = 1, Code = "a", Kind = DeviceKind.Camera, HttpApiUrl = "http://admin:pw@192.168.1.64:81/ISAPI/System/deviceInfo" })!
            .ToString().ShouldBe("http://192.168.1.64:81/");
        HttpProbe.WebInterfaceUrl(new ProbeTarget { DeviceId = 1, Code = "a", Kind = DeviceKind.Camera, IpAddress = "fe80::1", HttpPort = 80 })!
            .ToString().ShouldBe("http://[fe80::1]/");
    }

    [Fact]
    public async Task Run_NotHttp_UnreachableProtocolError()
    {
        await using var hostile = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            await connection.WriteAsync("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
            await connection.WaitForCloseAsync();
        });

        var outcome = await ProbeWebAsync(hostile.Port);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not valid HTTP");
    }

    [Fact]
    public async Task Run_SilentServer_TimesOutWaitingForHeaders()
    {
        await using var hostile = ScriptedTcpServer.Start(connection => connection.WaitForCloseAsync());

        var outcome = await ProbeWebAsync(hostile.Port);

        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("waiting for the HTTP response headers");
        outcome.Detail.ShouldContain("accepted the connection");
    }

    [Fact]
    public async Task Run_EndlessHeaders_UnreachableResponseTooLarge()
    {
        await using var hostile = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            await connection.WriteAsync("HTTP/1.1 200 OK\r\n");
            var junk = Encoding.ASCII.GetBytes("X-Padding: " + new string('a', 500) + "\r\n");
            while (true)
            {
                await connection.WriteAsync(junk);
            }
        });

        var outcome = await ProbeWebAsync(hostile.Port);

        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
    }

    [Fact]
    public async Task Run_HeadersCutOff_UnreachableConnectionReset()
    {
        await using var hostile = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Ty");
        });

        var outcome = await ProbeWebAsync(hostile.Port);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionReset);
    }

    [Fact]
    public async Task Run_SlowDripHeaders_TimesOut()
    {
        await using var hostile = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            foreach (var character in "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            {
                await connection.WriteAsync([(byte)character]);
                await Task.Delay(TimeSpan.FromMilliseconds(100), connection.Stopping);
            }
        });

        var outcome = await ProbeWebAsync(hostile.Port);

        outcome.Reason.ShouldBe(ProbeReason.Timeout);
    }

    [Fact]
    public async Task Snapshot_BodyCutOff_ReachableWithSnapshotInvalid()
    {
        await using var hostile = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            await connection.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {SnapshotWebServer.Picture.Length}\r\n\r\n");
            await connection.WriteAsync(SnapshotWebServer.Picture[..1000]);
        });

        var outcome = await ProbeSnapshotAsync(hostile);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("connection broke after 1000 body bytes");
    }

    [Fact]
    public async Task Snapshot_SilentServer_UnreachableTimeout()
    {
        await using var hostile = ScriptedTcpServer.Start(connection => connection.WaitForCloseAsync());

        var outcome = await ProbeSnapshotAsync(hostile);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
    }

    [Fact]
    public async Task Snapshot_CallerCancels_ThrowsOperationCanceled()
    {
        await using var hostile = ScriptedTcpServer.Start(connection => connection.WaitForCloseAsync());
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var target = new ProbeTarget
        {
            DeviceId = 23,
            Code = "CAM-23",
            Kind = DeviceKind.Camera,
            SnapshotUrl = $"http://127.0.0.1:{hostile.Port}/snapshot.jpg",
            Timeout = TimeSpan.FromMinutes(5),
        };
        var probing = new SnapshotProbe(_client).RunAsync(target, cancellation.Token);

        await hostile.Accepted.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => probing.WaitAsync(HangGuard, TestContext.Current.CancellationToken));
    }
}
