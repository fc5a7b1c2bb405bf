using System.Net.Sockets;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Network;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Network;

public sealed class IcmpProbeTests
{
    private static ProbeTarget Target(string? host) => new()
    {
        DeviceId = 40,
        Code = "SW-40",
        Kind = DeviceKind.Switch,
        IpAddress = host,
        Timeout = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public async Task Run_Loopback_ReachableOverRawSocket()
    {
        var access = IcmpAccess.For(AddressFamily.InterNetwork);
        access.SocketKind.ShouldBe(IcmpSocketKind.Raw, "The tests run as root, where raw ICMP sockets are permitted. " + access.Detail);

        var outcome = await new IcmpProbe().RunAsync(Target("127.0.0.1"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Detail.ShouldContain("echo reply");
    }

    [Fact]
    public async Task Run_NotPermitted_SkippedWithHowToEnable()
    {
        var probe = new IcmpProbe(access: _ => IcmpAccess.NotPermitted(SocketError.AccessDenied));

        var outcome = await probe.RunAsync(Target("127.0.0.1"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotPermitted);
        outcome.Detail.ShouldStartWith("ICMP not permitted");
        outcome.Detail.ShouldContain("net.ipv4.ping_group_range");
        outcome.Detail.ShouldContain("CAP_NET_RAW");
    }

    [Fact]
    public async Task Run_NoAddress_SkippedNotConfigured()
    {
        var outcome = await new IcmpProbe().RunAsync(Target(null), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
    }

    [Fact]
    public void For_CalledTwice_DetectsOnce()
    {
        IcmpAccess.For(AddressFamily.InterNetwork).ShouldBeSameAs(IcmpAccess.For(AddressFamily.InterNetwork));
    }

    [Fact]
    public async Task Run_CallerCancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => new IcmpProbe().RunAsync(Target("127.0.0.1"), cancellation.Token));
    }
}

/// <summary>
/// ICMP access detection and the probe in an unprivileged process (user "nobody", no capabilities), run in a
/// network namespace of its own so that its ping_group_range can be set without touching the host.
/// </summary>
public sealed class IcmpUnprivilegedTests
{
    [Fact]
    public async Task Run_UnprivilegedOutsidePingGroupRange_NotPermitted()
    {
        if (UnprivilegedSandbox.IsChild)
        {
            await ReportAsync();
            return;
        }

        // "1 0" is an empty range, the Linux default: no group may open ICMP datagram sockets.
        var result = await UnprivilegedSandbox.RunAsync(GetType(), nameof(Run_UnprivilegedOutsidePingGroupRange_NotPermitted), "1 0", TestContext.Current.CancellationToken);

        result[0].ShouldBe(nameof(IcmpSocketKind.None));
        result[1].ShouldBe(nameof(ProbeStatus.Skipped));
        result[2].ShouldBe(nameof(ProbeReason.NotPermitted));
        result[3].ShouldContain("ICMP not permitted");
        result[3].ShouldContain("the range is now \"1 0\"");
    }

    [Fact]
    public async Task Run_UnprivilegedInsidePingGroupRange_ReachableOverDatagramSocket()
    {
        if (UnprivilegedSandbox.IsChild)
        {
            await ReportAsync();
            return;
        }

        // 65534 is the group of "nobody".
        var result = await UnprivilegedSandbox.RunAsync(GetType(), nameof(Run_UnprivilegedInsidePingGroupRange_ReachableOverDatagramSocket), "65534 65534", TestContext.Current.CancellationToken);

        result[0].ShouldBe(nameof(IcmpSocketKind.Datagram));
        result[1].ShouldBe(nameof(ProbeStatus.Reachable), result[3]);
        result[3].ShouldContain("echo reply");
    }

    /// <summary>Detects the access and probes 127.0.0.1 in the child process, and writes what happened.</summary>
    private static async Task ReportAsync()
    {
        var access = IcmpAccess.Detect(AddressFamily.InterNetwork);
        var probe = new IcmpProbe(access: _ => access);
        var target = new ProbeTarget { DeviceId = 41, Code = "SW-41", Kind = DeviceKind.Switch, IpAddress = "127.0.0.1", Timeout = TimeSpan.FromSeconds(3) };

        var outcome = await probe.RunAsync(target, TestContext.Current.CancellationToken);

        await UnprivilegedSandbox.WriteResultAsync([access.SocketKind.ToString(), outcome.Status.ToString(), outcome.Reason.ToString(), outcome.Detail]);
    }
}
