using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The switches' SNMPv2c agent, checked with snmpget and snmpwalk from Debian's snmp package.</summary>
public sealed class SnmpAgentTests : IAsyncLifetime
{
    private const string SysUpTime = "1.3.6.1.2.1.1.3.0";
    private const string IfOperStatus = "1.3.6.1.2.1.2.2.1.8";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 9, 6, 0, 0, TimeSpan.Zero));
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 4, recorders: 1, switches: 2), _time);

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    private Devices.SimulatedSwitch Switch => _fleet.Switches[0];

    private string Agent => $"{Switch.Info.IpAddress}:{Switch.Info.SnmpPort}";

    [Fact]
    public async Task Get_SysUpTime_CountsSinceStart()
    {
        _time.Advance(TimeSpan.FromSeconds(12.34));

        var result = await Snmpget(SysUpTime);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Timeticks: (1234)");
    }

    [Fact]
    public async Task Get_SysUpTimeAfterRestart_StartsAgain()
    {
        _time.Advance(TimeSpan.FromMinutes(5));
        await Switch.PowerOffAsync();
        await Switch.PowerOnAsync();
        _time.Advance(TimeSpan.FromSeconds(3));

        var result = await Snmpget(SysUpTime);

        result.Output.ShouldContain("Timeticks: (300)");
    }

    [Fact]
    public async Task Get_MonitoredInterfaces_Up()
    {
        var interfaces = Switch.Info.SnmpInterfaces;

        var result = await Snmpget([.. interfaces.Select(index => $"{IfOperStatus}.{index}")]);

        interfaces.Count.ShouldBe(2);
        foreach (var index in interfaces)
        {
            result.Output.ShouldContain($".1.3.6.1.2.1.2.2.1.8.{index} = INTEGER: 1");
        }
    }

    [Fact]
    public async Task Get_CameraPortAfterPowerOff_Down()
    {
        var camera = _fleet.Cameras[0];
        var port = Switch.PortOf(camera.Code)!.Value;

        var before = await Snmpget($"{IfOperStatus}.{port}");
        await camera.PowerOffAsync();
        var after = await Snmpget($"{IfOperStatus}.{port}");

        before.Output.ShouldContain("INTEGER: 1");
        after.Output.ShouldContain("INTEGER: 2");
    }

    [Fact]
    public async Task Get_UnusedPort_Down()
    {
        var result = await Snmpget($"{IfOperStatus}.20");

        result.Output.ShouldContain("INTEGER: 2");
    }

    [Fact]
    public async Task Get_UnknownInstance_NoSuchInstance()
    {
        var result = await Snmpget($"{IfOperStatus}.999");

        result.Output.ShouldContain("No Such Instance currently exists at this OID");
    }

    [Fact]
    public async Task Get_UnknownObject_NoSuchObject()
    {
        var result = await Snmpget("1.3.6.1.4.1.99999.1.0");

        result.Output.ShouldContain("No Such Object available on this agent at this OID");
    }

    [Fact]
    public async Task Get_WrongCommunity_TimesOut()
    {
        var result = await DebianTool.SnmpgetAsync("-v2c", "-c", "not-public", "-t", "1", "-r", "0", "-On", Agent, SysUpTime);

        result.ExitCode.ShouldNotBe(0);
        result.All.ShouldContain("Timeout: No Response");
    }

    [Fact]
    public async Task Get_Version1_TimesOut()
    {
        var result = await DebianTool.SnmpgetAsync("-v1", "-c", "public", "-t", "1", "-r", "0", "-On", Agent, SysUpTime);

        result.All.ShouldContain("Timeout: No Response");
    }

    [Fact]
    public async Task Walk_InterfaceNames_OnePerInterface()
    {
        var result = await DebianTool.SnmpwalkAsync("-v2c", "-c", "public", "-On", Agent, "1.3.6.1.2.1.2.2.1.2");

        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(Switch.InterfaceCount);
        result.Output.ShouldContain("STRING: \"GigabitEthernet0/0/1\"");
    }

    [Fact]
    public async Task BulkWalk_OperStatus_EndsAtViewEnd()
    {
        var result = await DebianTool.RunAsync("snmpbulkwalk", "snmp", ["-v2c", "-c", "public", "-On", Agent, IfOperStatus]);

        // ifOperStatus is the last column of the view: one endOfMibView after the last interface, not one per repetition.
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Count(line => line.Contains(" = INTEGER: ", StringComparison.Ordinal)).ShouldBe(Switch.InterfaceCount);
        lines.Count(line => line.Contains("No more variables left", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Set_ReadOnlyAgent_NoAccess()
    {
        var result = await DebianTool.RunAsync("snmpset", "snmp", ["-v2c", "-c", "public", "-On", Agent, "1.3.6.1.2.1.1.5.0", "s", "renamed"]);

        result.All.ShouldContain("noAccess");
    }

    [Fact]
    public async Task Agent_AfterGarbageDatagrams_StillAnswers()
    {
        using (var client = new UdpClient(AddressFamily.InterNetwork))
        {
            var endPoint = new IPEndPoint(IPAddress.Parse(Switch.Info.IpAddress), Switch.Info.SnmpPort!.Value);
            await client.SendAsync(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF }, endPoint, TestContext.Current.CancellationToken);
            await client.SendAsync(new byte[] { 0x30, 0x03, 0x02, 0x01 }, endPoint, TestContext.Current.CancellationToken);
            await client.SendAsync(new byte[1000], endPoint, TestContext.Current.CancellationToken);
        }

        var result = await Snmpget(SysUpTime);

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    private Task<ToolResult> Snmpget(params string[] oids) =>
        DebianTool.SnmpgetAsync(["-v2c", "-c", Switch.Info.SnmpCommunity!, "-t", "2", "-r", "1", "-On", Agent, .. oids]);
}
