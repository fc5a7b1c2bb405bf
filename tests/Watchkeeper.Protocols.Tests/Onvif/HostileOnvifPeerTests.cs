using System.Diagnostics;
using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Onvif;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Onvif;

/// <summary>
/// The ONVIF probe against peers that misbehave: scripted TCP peers for garbage, silence and endless bodies,
/// and the loopback ONVIF device for a request that hangs after the clock was read.
/// </summary>
public sealed class HostileOnvifPeerTests
{
    private readonly OnvifProbe _probe = new();

    [Fact]
    public async Task Run_SilentPeer_TimesOut()
    {
        await using var peer = ScriptedTcpServer.Silent();

        var clock = Stopwatch.StartNew();
        var outcome = await _probe.RunAsync(Target(peer.BaseUri), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("/onvif/device_service");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_GarbageStatusLine_ProtocolError()
    {
        await using var peer = ScriptedTcpServer.RespondAndClose("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"u8.ToArray());

        var outcome = await _probe.RunAsync(Target(peer.BaseUri), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
    }

    [Fact]
    public async Task Run_EndlessSoapBody_ResponseTooLarge()
    {
        await using var peer = ScriptedTcpServer.Start(async (stream, token) =>
        {
            await ScriptedTcpServer.ReadRequestHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
            var chunk = Encoding.ASCII.GetBytes($"2000\r\n{new string(' ', 0x2000)}\r\n");
            await ScriptedTcpServer.WriteForeverAsync(stream, chunk, token);
        });

        var outcome = await _probe.RunAsync(Target(peer.BaseUri, TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
    }

    [Fact]
    public async Task Run_TruncatedSoap_ProtocolError()
    {
        await using var peer = ScriptedTcpServer.Start(async (stream, token) =>
        {
            await ScriptedTcpServer.ReadRequestHeadAsync(stream, token);
            var body = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetSystemDateAndTimeResponse>"u8.ToArray();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), token);
            await stream.WriteAsync(body, token);
        });

        var outcome = await _probe.RunAsync(Target(peer.BaseUri), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not XML");
    }

    [Fact]
    public async Task Run_DeviceInformationHangs_ReachableWithNote()
    {
        await using var device = await new OnvifTestDevice { StalledOperation = "GetDeviceInformation" }.StartAsync(TestContext.Current.CancellationToken);
        var target = Target(device.DeviceService, TimeSpan.FromSeconds(1));

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Facts.ShouldContainKey(ProbeFacts.ClockSkewSeconds);
        outcome.Detail.ShouldContain("GetDeviceInformation failed");
        outcome.Detail.ShouldContain("no complete response within 1 s");
        device.Calls.Select(c => c.Operation).ShouldBe(["GetSystemDateAndTime", "GetDeviceInformation"]);
    }

    [Fact]
    public async Task Run_ProfilesHang_KeepsInformation()
    {
        await using var device = await new OnvifTestDevice { StalledOperation = "GetProfiles" }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device.DeviceService, TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Facts[ProbeFacts.Model].ShouldBe("IPC-HFW2431S-S-S2");
        outcome.Detail.ShouldContain("GetProfiles failed");
        device.Calls.Select(c => c.Operation).ShouldNotContain("GetStreamUri");
    }

    [Fact]
    public async Task Run_NothingListening_ConnectionRefused()
    {
        var outcome = await _probe.RunAsync(Target(new Uri($"http://127.0.0.1:{LoopbackPorts.FreeTcpPort()}/onvif/device_service")), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
    }

    private static ProbeTarget Target(Uri service, TimeSpan? timeout = null) => new()
    {
        DeviceId = 6,
        Code = "CAM-06",
        Kind = DeviceKind.Camera,
        OnvifUrl = service.ToString(),
        UserName = OnvifTestDevice.UserName,
        Password = OnvifTestDevice.Password,
        Timeout = timeout ?? TimeSpan.FromSeconds(1),
    };
}
