using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Snmp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Snmp;

/// <summary>
/// The SNMP probe against a scripted UDP peer, for what a real snmpd on this machine cannot show: ports in
/// every ifOperStatus, agent errors, garbage and an agent that is not there.
/// </summary>
public sealed class ScriptedAgentProbeTests
{
    private readonly SnmpProbe _probe = new();

    [Fact]
    public async Task Run_PortStatuses_OneFindingPerPortNotUp()
    {
        await using var agent = new ScriptedSnmpAgent((request, _, _) => [ScriptedSnmpAgent.Respond(request!, oid =>
            oid.Equals(SnmpProbe.SysUpTime) ? SnmpValue.TimeTicks(8_640_000) : SnmpValue.Integer((int)oid.SubIdentifiers[^1]))]);

        var outcome = await _probe.RunAsync(Target(agent, interfaces: [1, 2, 3, 4, 5, 6, 7]), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Facts[ProbeFacts.SysUpTimeSeconds].ShouldBe("86400");
        outcome.Findings.Select(f => f.Subject).ShouldBe(["ifIndex 2", "ifIndex 3", "ifIndex 4", "ifIndex 5", "ifIndex 6", "ifIndex 7"]);
        outcome.Findings.ShouldAllBe(f => f.Type == AlarmType.InterfaceDown);
        outcome.Findings[0].Detail.ShouldBe("ifIndex 2 ifOperStatus is down(2)");
        outcome.Findings[5].Detail.ShouldBe("ifIndex 7 ifOperStatus is lowerLayerDown(7)");
    }

    [Fact]
    public async Task Run_AgentError_ReachableWithNote()
    {
        await using var agent = new ScriptedSnmpAgent((request, _, _) =>
        [
            new SnmpMessage(SnmpVersion.V2c, "public", request!.Pdu with { Type = SnmpPduType.Response, ErrorStatus = SnmpErrorStatus.GenErr, ErrorIndex = 2 }).Encode(),
        ]);

        var outcome = await _probe.RunAsync(Target(agent, interfaces: [3]), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Detail.ShouldContain("agent returned error GenErr at 1.3.6.1.2.1.2.2.1.8.3");
        outcome.Facts.ShouldNotContainKey(ProbeFacts.SysUpTimeSeconds);
    }

    [Fact]
    public async Task Run_AgentOmitsBinding_NotesIt()
    {
        await using var agent = new ScriptedSnmpAgent((request, _, _) =>
        [
            new SnmpMessage(SnmpVersion.V2c, "public", new SnmpPdu(SnmpPduType.Response, request!.Pdu.RequestId, SnmpErrorStatus.NoError, 0,
                [new VarBind(SnmpProbe.SysUpTime, SnmpValue.TimeTicks(100))])).Encode(),
        ]);

        var outcome = await _probe.RunAsync(Target(agent, interfaces: [4]), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Detail.ShouldContain("no ifOperStatus value for ifIndex 4");
    }

    [Fact]
    public async Task Run_GarbageAnswer_ProtocolError()
    {
        await using var agent = new ScriptedSnmpAgent((_, _, _) => ["HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray()]);

        var outcome = await _probe.RunAsync(Target(agent, timeout: TimeSpan.FromMilliseconds(500)), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not a valid SNMP message");
        outcome.Detail.ShouldContain($"udp://127.0.0.1:{agent.Endpoint.Port}");
    }

    [Fact]
    public async Task Run_NoAgent_ConnectionRefused()
    {
        var target = new ProbeTarget
        {
            DeviceId = 2,
            Code = "SW-02",
            Kind = DeviceKind.Switch,
            IpAddress = "127.0.0.1",
            SnmpPort = LoopbackPorts.FreeUdpPort(),
        };

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
        outcome.Detail.ShouldContain("no SNMP agent listens there");
    }

    [Fact]
    public async Task Run_NoCommunityInLedger_TriesPublicAndSaysSo()
    {
        string? community = null;
        await using var agent = new ScriptedSnmpAgent((request, _, _) =>
        {
            community = request!.Community;
            return [];
        });

        var outcome = await _probe.RunAsync(Target(agent, community: null, timeout: TimeSpan.FromMilliseconds(400)), TestContext.Current.CancellationToken);

        community.ShouldBe(SnmpProbe.DefaultCommunity);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("the ledger has no community");
    }

    [Fact]
    public async Task Run_NoAddress_Skipped()
    {
        var target = new ProbeTarget { DeviceId = 3, Code = "SW-03", Kind = DeviceKind.Switch };

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
    }

    [Fact]
    public async Task Run_InvalidIfIndexes_AreIgnored()
    {
        var requested = new List<string>();
        await using var agent = new ScriptedSnmpAgent((request, _, _) =>
        {
            requested.AddRange(request!.Pdu.VarBinds.Select(v => v.Oid.ToString()));
            return [ScriptedSnmpAgent.Respond(request!, _ => SnmpValue.Integer(1))];
        });

        await _probe.RunAsync(Target(agent, interfaces: [0, -3, 5, 5]), TestContext.Current.CancellationToken);

        requested.ShouldBe(["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.2.2.1.8.5"]);
    }

    private static ProbeTarget Target(ScriptedSnmpAgent agent, string? community = "public", IReadOnlyList<int>? interfaces = null, TimeSpan? timeout = null) => new()
    {
        DeviceId = 1,
        Code = "SW-01",
        Kind = DeviceKind.Switch,
        IpAddress = "127.0.0.1",
        SnmpPort = agent.Endpoint.Port,
        SnmpCommunity = community,
        SnmpInterfaces = interfaces ?? [],
        Timeout = timeout ?? TimeSpan.FromSeconds(2),
    };
}
