using System.Net;
using System.Net.Sockets;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;
using Watchkeeper.Protocols.Network;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Network;

public sealed class TcpProbeTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private readonly TcpListener _open = new(IPAddress.Loopback, 0);

    public TcpProbeTests()
    {
        _open.Start();
    }

    private int OpenPort => ((IPEndPoint)_open.LocalEndpoint).Port;

    public void Dispose() => _open.Dispose();

    private static ProbeTarget Target(string? host, int? httpPort, int? rtspPort = null, string? rtspUrl = null) => new()
    {
        DeviceId = 30,
        Code = "CAM-30",
        Kind = DeviceKind.Camera,
        IpAddress = host,
        HttpPort = httpPort,
        RtspPort = rtspPort,
        RtspUrl = rtspUrl,
        Timeout = TimeSpan.FromSeconds(1),
    };

    private static Task<ProbeOutcome> ProbeAsync(ProbeTarget target) =>
        new TcpProbe().RunAsync(target, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Run_OpenPort_ReachableWithLatency()
    {
        var outcome = await ProbeAsync(Target("127.0.0.1", OpenPort));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain($"port {OpenPort} open");
        outcome.Latency.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public async Task Run_OneOpenOneRefused_ReachableListingBoth()
    {
        var closed = LoopbackPorts.FreeTcpPort();

        var outcome = await ProbeAsync(Target("127.0.0.1", OpenPort, closed));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain($"port {closed} refused");
    }

    [Fact]
    public async Task Run_AllRefused_ConnectionRefused()
    {
        var closed = LoopbackPorts.FreeTcpPort();

        var outcome = await ProbeAsync(Target("127.0.0.1", closed));

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
        outcome.Detail.ShouldContain("services are running");
    }

    [Fact]
    public async Task Run_NoAnswer_TimeoutNamingPorts()
    {
        using var unanswered = new UnansweredPort();

        var outcome = await ProbeAsync(Target("127.0.0.1", unanswered.Port));

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain($"port {unanswered.Port} timed out after 1 s");
        outcome.Detail.ShouldContain("network path");
    }

    [Fact]
    public async Task Run_OneRefusedOneSilent_ConnectionRefused()
    {
        using var unanswered = new UnansweredPort();
        var closed = LoopbackPorts.FreeTcpPort();

        var outcome = await ProbeAsync(Target("127.0.0.1", unanswered.Port, closed));

        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
    }

    [Fact]
    public async Task Run_PortFromRtspUrl_Used()
    {
        var outcome = await ProbeAsync(Target(null, null, rtspUrl: $"rtsp://127.0.0.1:{OpenPort}/camera"));

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain($"port {OpenPort} open");
    }

    [Fact]
    public async Task Run_HostName_Resolved()
    {
        var outcome = await ProbeAsync(Target("localhost", OpenPort));

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
    }

    [Fact]
    public async Task Run_NoHost_SkippedNotConfigured()
    {
        var outcome = await ProbeAsync(Target(null, 80));

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
    }

    [Fact]
    public async Task Run_NoPorts_SkippedNotConfigured()
    {
        var outcome = await ProbeAsync(Target("127.0.0.1", null));

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Detail.ShouldContain("no service port");
    }

    [Fact]
    public async Task Run_CallerCancels_ThrowsOperationCanceled()
    {
        using var unanswered = new UnansweredPort();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var target = new ProbeTarget
        {
            DeviceId = 31,
            Code = "CAM-31",
            Kind = DeviceKind.Camera,
            IpAddress = "127.0.0.1",
            HttpPort = unanswered.Port,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var probing = new TcpProbe().RunAsync(target, cancellation.Token);

        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => probing.WaitAsync(HangGuard, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Classify_HostUnreachable_IsNetworkFault()
    {
        // The loopback network cannot produce EHOSTUNREACH, so the mapping that TcpProbe relies on is checked directly.
        var (reason, detail) = ProbeErrors.Classify(new SocketException((int)SocketError.HostUnreachable), "192.0.2.10:80");

        reason.ShouldBe(ProbeReason.HostUnreachable);
        detail.ShouldContain("192.0.2.10:80");
    }
}
