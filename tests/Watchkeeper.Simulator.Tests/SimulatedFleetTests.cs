using System.Net;
using System.Net.Sockets;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The fleet's layout, its ledger records, and starting and stopping it.</summary>
public sealed class SimulatedFleetTests
{
    [Fact]
    public void Create_DefaultOptions_LaysOutDemoFleet()
    {
        var fleet = SimulatedFleet.Create(new FleetOptions()).Value;

        fleet.Cameras.Count.ShouldBe(50);
        fleet.Recorders.Count.ShouldBe(2);
        fleet.Switches.Count.ShouldBe(2);
        fleet.Devices.Count.ShouldBe(54);
        fleet.Devices.Select(device => device.Code).ShouldBeUnique();
        fleet.Devices.Select(device => device.IpAddress).ShouldBeUnique();
    }

    [Fact]
    public void Create_DefaultOptions_FirstCameraRecordComplete()
    {
        var camera = SimulatedFleet.Create(new FleetOptions()).Value.Devices.Single(device => device.Code == "DEMO-CAM-001");

        camera.Name.ShouldBe("人民路口-01");
        camera.EnglishName.ShouldBe("Renmin Road junction 01");
        camera.Kind.ShouldBe(DeviceKind.Camera);
        camera.IpAddress.ShouldBe("127.0.10.1");
        camera.RtspUrl.ShouldBe("rtsp://127.0.10.1:10554/Streaming/Channels/101");
        camera.OnvifUrl.ShouldBe("http://127.0.10.1:10080/onvif/device_service");
        camera.SnapshotUrl.ShouldBe("http://127.0.10.1:10080/ISAPI/Streaming/channels/101/picture");
        camera.Vendor.ShouldBe("Hikvision");
        camera.ParentCode.ShouldBe("DEMO-SW-01");
        camera.UserName.ShouldBe("admin");
        camera.Password.ShouldBe(new FleetOptions().Password);
        GbId.Validate(camera.GbId!).ShouldBeNull();
        GbId.TypeCode(camera.GbId!).ShouldBe(132);
        camera.Probes.Contains(ProbeKind.Icmp).ShouldBeFalse();
        camera.InstallLocation.ShouldContain(" / ");
    }

    [Fact]
    public void Create_DefaultOptions_CamerasSplitAcrossSwitches()
    {
        var fleet = SimulatedFleet.Create(new FleetOptions()).Value;

        var bySwitch = fleet.Cameras.GroupBy(camera => camera.Info.ParentCode).ToDictionary(group => group.Key!, group => group.Count());

        bySwitch.ShouldBe(new Dictionary<string, int> { ["DEMO-SW-01"] = 25, ["DEMO-SW-02"] = 25 });
        fleet.Recorders.Select(recorder => recorder.Info.ParentCode).ShouldBe(["DEMO-SW-01", "DEMO-SW-02"]);
        fleet.Switches.ShouldAllBe(device => device.Info.ParentCode == null);
    }

    [Fact]
    public void Create_DefaultOptions_RecorderAndSwitchRecords()
    {
        var fleet = SimulatedFleet.Create(new FleetOptions()).Value;
        var recorder = fleet.Devices.Single(device => device.Code == "DEMO-NVR-01");
        var networkSwitch = fleet.Devices.Single(device => device.Code == "DEMO-SW-01");

        recorder.Kind.ShouldBe(DeviceKind.Recorder);
        recorder.HttpApiUrl.ShouldBe("http://127.0.11.1:10080");
        GbId.TypeCode(recorder.GbId!).ShouldBe(118);
        recorder.Probes.Contains(ProbeKind.HttpApi).ShouldBeTrue();
        networkSwitch.Kind.ShouldBe(DeviceKind.Switch);
        networkSwitch.IpAddress.ShouldBe("127.0.12.1");
        networkSwitch.SnmpPort.ShouldBe(10161);
        networkSwitch.SnmpCommunity.ShouldBe("public");
        networkSwitch.SnmpInterfaces.ShouldBe([26, 27]);
        networkSwitch.Probes.ShouldBe(ProbeSet.Snmp);
    }

    [Fact]
    public void Create_ManyCameras_AddressesCarryIntoNextBlock()
    {
        var fleet = SimulatedFleet.Create(new FleetOptions { CameraCount = 300, RecorderCount = 0, SwitchCount = 0, CameraAddressBase = "127.0.20" }).Value;

        fleet.Cameras[253].Info.IpAddress.ShouldBe("127.0.20.254");
        fleet.Cameras[254].Info.IpAddress.ShouldBe("127.0.21.1");
        fleet.Cameras[0].Info.ParentCode.ShouldBeNull();
        fleet.Cameras[299].Code.ShouldBe("DEMO-CAM-300");
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("192.168.1")]
    [InlineData("127.0")]
    [InlineData("127.0.10.255")]
    [InlineData("localhost")]
    public void Create_AddressBaseOffLoopback_FailsNamingOption(string addressBase)
    {
        var created = SimulatedFleet.Create(new FleetOptions { CameraAddressBase = addressBase });

        created.IsSuccess.ShouldBeFalse();
        created.FirstError.Field.ShouldBe(nameof(FleetOptions.CameraAddressBase));
        created.FirstError.Message.ShouldContain("127.0.0.0/8");
    }

    [Fact]
    public void Create_OverlappingAddressBases_FailsNamingOption()
    {
        var created = SimulatedFleet.Create(new FleetOptions { CameraCount = 300, CameraAddressBase = "127.0.10" });

        created.IsSuccess.ShouldBeFalse();
        created.FirstError.Code.ShouldBe("simulator.options.address_overlap");
        created.FirstError.Message.ShouldContain("127.0.11.1");
    }

    [Fact]
    public void Create_SamePortForRtspAndHttp_Fails()
    {
        var created = SimulatedFleet.Create(new FleetOptions { HttpPort = 10554 });

        created.IsSuccess.ShouldBeFalse();
        created.FirstError.Field.ShouldBe(nameof(FleetOptions.HttpPort));
    }

    [Fact]
    public async Task StartAsync_PortInUse_NamesAddressAndOption()
    {
        var options = TestAddresses.SmallFleet(cameras: 3, recorders: 0, switches: 0);
        var fleet = SimulatedFleet.Create(options).Value;
        var occupied = fleet.Cameras[1].Info;
        using var squatter = new TcpListener(IPAddress.Parse(occupied.IpAddress), occupied.RtspPort!.Value);
        squatter.Start();

        var started = await fleet.StartAsync();

        started.IsSuccess.ShouldBeFalse();
        started.Error!.Code.ShouldBe("simulator.endpoint.in_use");
        started.Error.Message.ShouldContain($"{occupied.IpAddress}:{occupied.RtspPort}");
        started.Error.Message.ShouldContain(occupied.Code);
        started.Error.Message.ShouldContain("RtspPort");
        fleet.IsRunning.ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_PortInUse_ReleasesBoundPorts()
    {
        var options = TestAddresses.SmallFleet(cameras: 3, recorders: 0, switches: 0);
        var fleet = SimulatedFleet.Create(options).Value;
        var first = fleet.Cameras[0].Info;
        var occupied = fleet.Cameras[2].Info;
        using (var squatter = new TcpListener(IPAddress.Parse(occupied.IpAddress), occupied.HttpPort!.Value))
        {
            squatter.Start();
            (await fleet.StartAsync()).IsSuccess.ShouldBeFalse();
        }

        using var probe = new TcpListener(IPAddress.Parse(first.IpAddress), first.RtspPort!.Value);
        Should.NotThrow(probe.Start);
    }

    [Fact]
    public async Task StartAsync_SnmpPortInUse_NamesSnmpPort()
    {
        var fleet = SimulatedFleet.Create(TestAddresses.SmallFleet(cameras: 0, recorders: 0, switches: 1)).Value;
        var agent = fleet.Switches[0].Info;
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Parse(agent.IpAddress), agent.SnmpPort!.Value));

        var started = await fleet.StartAsync();

        started.Error!.Message.ShouldContain("SnmpPort");
    }

    [Fact]
    public async Task StartAsync_AfterStop_BindsAgain()
    {
        var fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 2, recorders: 1, switches: 1));
        var camera = fleet.Cameras[0].Info;
        await fleet.StopAsync();
        var whileStopped = await DebianTool.CurlAsync("-s", "-o", "/dev/null", camera.SnapshotUrl!);

        var restarted = await fleet.StartAsync();
        var afterRestart = await DebianTool.CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", $"{camera.UserName}:{camera.Password}", camera.SnapshotUrl!);
        await fleet.DisposeAsync();

        whileStopped.ExitCode.ShouldBe(7);
        restarted.IsSuccess.ShouldBeTrue(restarted.Error?.Message);
        afterRestart.Output.ShouldBe("200");
    }

    [Fact]
    public void Find_UnknownCode_ReturnsNull()
    {
        var fleet = SimulatedFleet.Create(TestAddresses.SmallFleet()).Value;

        fleet.Find("NO-SUCH-DEVICE").ShouldBeNull();
        Should.Throw<KeyNotFoundException>(() => fleet.Camera("NO-SUCH-DEVICE"));
    }
}
