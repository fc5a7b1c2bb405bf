using System.Diagnostics;
using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.HttpApi;

/// <summary>
/// The HTTP API probe against peers that misbehave at the TCP level: garbage, silence, endless or truncated
/// bodies. No real device server misbehaves on request, so these peers are scripted.
/// </summary>
public sealed class HostileHttpPeerTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    private readonly HttpApiProbe _probe = new();

    [Fact]
    public async Task Run_GarbageResponse_ProtocolError()
    {
        await using var peer = ScriptedTcpServer.RespondAndClose("\u0016\u0003\u0001garbage that is not HTTP\r\n\r\n"u8.ToArray());

        var outcome = await _probe.RunAsync(Target(peer), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not valid HTTP");
        outcome.Detail.ShouldContain($"127.0.0.1:{peer.Port}/ISAPI/System/deviceInfo");
    }

    [Fact]
    public async Task Run_SilentPeer_TimesOutWithinBudget()
    {
        await using var peer = ScriptedTcpServer.Silent();

        var clock = Stopwatch.StartNew();
        var outcome = await _probe.RunAsync(Target(peer), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("no complete response within 1 s");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_EndlessBody_StopsAtCap()
    {
        await using var peer = ScriptedTcpServer.Start(async (stream, token) =>
        {
            await ScriptedTcpServer.ReadRequestHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n<DeviceInfo>"u8.ToArray(), token);
            await ScriptedTcpServer.WriteForeverAsync(stream, Encoding.ASCII.GetBytes(new string('x', 8192)), token);
        });

        var outcome = await _probe.RunAsync(Target(peer, TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("exceeds 262144 bytes");
    }

    [Fact]
    public async Task Run_OversizedContentLength_RejectedBeforeReading()
    {
        await using var peer = ScriptedTcpServer.Start(async (stream, token) =>
        {
            await ScriptedTcpServer.ReadRequestHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\n<DeviceInfo>"u8.ToArray(), token);
            await Task.Delay(Timeout.Infinite, token);
        });

        var outcome = await _probe.RunAsync(Target(peer), TestContext.Current.CancellationToken);

        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("declares 5000000000 bytes");
    }

    [Fact]
    public async Task Run_TruncatedBody_ConnectionReset()
    {
        await using var peer = ScriptedTcpServer.RespondAndClose("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<DeviceInfo><model>DS-"u8.ToArray());

        var outcome = await _probe.RunAsync(Target(peer), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionReset);
        outcome.Detail.ShouldContain("closed the connection before the response was complete");
    }

    [Fact]
    public async Task Run_EndlessHeaders_ResponseTooLarge()
    {
        await using var peer = ScriptedTcpServer.Start(async (stream, token) =>
        {
            await ScriptedTcpServer.ReadRequestHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), token);
            await ScriptedTcpServer.WriteForeverAsync(stream, "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"u8.ToArray(), token);
        });

        var outcome = await _probe.RunAsync(Target(peer, TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("headers exceed");
    }

    [Fact]
    public async Task Run_NothingListening_ConnectionRefused()
    {
        var target = new ProbeTarget
        {
            DeviceId = 5,
            Code = "NVR-05",
            Kind = DeviceKind.Recorder,
            Vendor = "Hikvision",
            HttpApiUrl = $"http://127.0.0.1:{LoopbackPorts.FreeTcpPort()}/",
            Timeout = ShortTimeout,
        };

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
    }

    [Fact]
    public async Task Run_CallerCancels_RaisesCancellation()
    {
        await using var peer = ScriptedTcpServer.Silent();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => _probe.RunAsync(Target(peer, TimeSpan.FromSeconds(30)), cancellation.Token));
    }

    private static ProbeTarget Target(ScriptedTcpServer peer, TimeSpan? timeout = null) => new()
    {
        DeviceId = 5,
        Code = "NVR-05",
        Kind = DeviceKind.Recorder,
        Vendor = "Hikvision",
        HttpApiUrl = peer.BaseUri.ToString(),
        UserName = "admin",
        Password = "secret",
        Timeout = timeout ?? ShortTimeout,
    };
}
