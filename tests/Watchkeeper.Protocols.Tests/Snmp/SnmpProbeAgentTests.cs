using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Snmp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Snmp;

/// <summary>Starts one real Net-SNMP agent for the test class.</summary>
public sealed class SnmpdFixture : IAsyncLifetime
{
    public const string Community = "wk-test-ro";

    private SnmpdPeer? _peer;

    public SnmpdPeer Peer => _peer ?? throw new InvalidOperationException("snmpd has not started.");

    public async ValueTask InitializeAsync() => _peer = await SnmpdPeer.StartAsync(Community, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
    }
}

/// <summary>The SNMP probe against a real snmpd (Debian package snmpd) on the loopback network.</summary>
public sealed class SnmpProbeAgentTests(SnmpdFixture agent) : IClassFixture<SnmpdFixture>
{
    /// <summary>Linux numbers the loopback interface 1.</summary>
    private const int LoopbackIfIndex = 1;

    private readonly SnmpProbe _probe = new();

    [Fact]
    public async Task Run_SysUpTime_ReportsSeconds()
    {
        var outcome = await _probe.RunAsync(Target(), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        var seconds = long.Parse(outcome.Facts[ProbeFacts.SysUpTimeSeconds], CultureInfo.InvariantCulture);
        seconds.ShouldBeInRange(0, 3600);
        outcome.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_LoopbackInterface_IsUp()
    {
        var outcome = await _probe.RunAsync(Target(interfaces: [LoopbackIfIndex]), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty();
        outcome.Detail.ShouldContain("1 of 1 interfaces up");
    }

    [Fact]
    public async Task Run_MissingIfIndex_ReportsNoSuchInstance()
    {
        var outcome = await _probe.RunAsync(Target(interfaces: [LoopbackIfIndex, 999_999]), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.InterfaceDown);
        finding.Subject.ShouldBe("ifIndex 999999");
        finding.Detail.ShouldContain("noSuchInstance");
        outcome.Facts.ShouldContainKey(ProbeFacts.SysUpTimeSeconds);
    }

    [Fact]
    public async Task Run_DownInterfaceOfThisHost_ReportsInterfaceDown()
    {
        // snmpd reports the interfaces of the machine it runs on; a test can only use one that is down already.
        var down = DownInterfaceIndex();
        if (down is null)
        {
            Assert.Skip("This machine has no interface that is down; ScriptedAgentProbeTests covers ifOperStatus down(2).");
        }

        var outcome = await _probe.RunAsync(Target(interfaces: [down.Value]), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.InterfaceDown);
        finding.Detail.ShouldContain("down(2)");
    }

    [Fact]
    public async Task Run_ManyInterfaces_SplitsRequestsAndReadsAll()
    {
        int[] interfaces = [LoopbackIfIndex, .. Enumerable.Range(1_000, 45)];

        var outcome = await _probe.RunAsync(Target(interfaces: interfaces), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.Count.ShouldBe(45);
        outcome.Detail.ShouldContain("1 of 46 interfaces up");
    }

    [Fact]
    public async Task Run_WrongCommunity_UnreachableAfterTimeout()
    {
        var outcome = await _probe.RunAsync(Target(community: "not-the-community", timeout: TimeSpan.FromMilliseconds(800)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("no answer");
        outcome.Detail.ShouldContain("check the community and that the agent allows this manager");
        outcome.Detail.ShouldNotContain("not-the-community");
    }

    private ProbeTarget Target(string community = SnmpdFixture.Community, IReadOnlyList<int>? interfaces = null, TimeSpan? timeout = null) => new()
    {
        DeviceId = 1,
        Code = "SW-01",
        Kind = DeviceKind.Switch,
        IpAddress = agent.Peer.Endpoint.Address.ToString(),
        SnmpPort = agent.Peer.Endpoint.Port,
        SnmpCommunity = community,
        SnmpInterfaces = interfaces ?? [],
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    private static int? DownInterfaceIndex()
    {
        foreach (var directory in Directory.EnumerateDirectories("/sys/class/net"))
        {
            var state = File.ReadAllText(Path.Combine(directory, "operstate")).Trim();
            if (state == "down")
            {
                return int.Parse(File.ReadAllText(Path.Combine(directory, "ifindex")).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
