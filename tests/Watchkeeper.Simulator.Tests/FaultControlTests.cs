using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The fault controls change what real clients see.</summary>
public sealed class FaultControlTests : IAsyncLifetime
{
    // curl's exit code for "Failed to connect to host" (connection refused).
    private const int CurlCouldNotConnect = 7;

    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 4, recorders: 2, switches: 2));

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task PowerOff_Camera_RefusesConnections()
    {
        var camera = _fleet.Cameras[0];

        await camera.PowerOffAsync();
        var snapshot = await Snapshot(camera.Info);
        var rtsp = await DebianTool.FfprobeAsync("-v", "error", "-rtsp_transport", "tcp", "-i", camera.Info.RtspUrl!);

        snapshot.ExitCode.ShouldBe(CurlCouldNotConnect);
        rtsp.All.ShouldContain("Connection refused");
        camera.IsResponding.ShouldBeFalse();
    }

    [Fact]
    public async Task PowerOn_AfterPowerOff_AnswersAgain()
    {
        var camera = _fleet.Cameras[0];
        await camera.PowerOffAsync();

        var powerOn = await camera.PowerOnAsync();
        var snapshot = await Snapshot(camera.Info);

        powerOn.IsSuccess.ShouldBeTrue(powerOn.Error?.Message);
        snapshot.Output.ShouldBe("200");
    }

    [Fact]
    public async Task PowerOff_OpenKeepAliveConnection_Dropped()
    {
        var camera = _fleet.Cameras[0].Info;
        await using var connection = await RawConnection.OpenAsync(camera.IpAddress, camera.RtspPort!.Value);
        await connection.SendAsync("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        await connection.ReadResponseAsync();

        await _fleet.Cameras[0].PowerOffAsync();

        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task PowerOn_AfterDroppingConnections_BindsAgain()
    {
        var camera = _fleet.Cameras[0];
        await using (var connection = await RawConnection.OpenAsync(camera.Info.IpAddress, camera.Info.RtspPort!.Value))
        {
            await connection.SendAsync("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n");
            await connection.ReadResponseAsync();

            // The camera closes this connection first, so its side of it waits in TIME_WAIT.
            await camera.PowerOffAsync();
            (await connection.IsClosedByServerAsync()).ShouldBeTrue();
        }

        // The client's FIN reaches the camera's side asynchronously; until it does, that side is still in FIN_WAIT2
        // and holds the port, so a loaded machine may need a second attempt a moment later.
        var powerOn = await camera.PowerOnAsync();
        for (var attempt = 0; !powerOn.IsSuccess && attempt < 10; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            powerOn = await camera.PowerOnAsync();
        }

        powerOn.IsSuccess.ShouldBeTrue(powerOn.Error?.Message);
    }

    [Fact]
    public async Task ChangePassword_LedgerPassword_Rejected()
    {
        var camera = _fleet.Cameras[1];

        camera.ChangePassword("set-on-site");
        var withLedgerPassword = await Snapshot(camera.Info);
        var withNewPassword = await Snapshot(camera.Info, "set-on-site");

        withLedgerPassword.Output.ShouldBe("401");
        withNewPassword.Output.ShouldBe("200");
    }

    [Fact]
    public async Task RestorePassword_LedgerPassword_AcceptedAgain()
    {
        var camera = _fleet.Cameras[1];
        camera.ChangePassword("set-on-site");

        camera.RestorePassword();
        var snapshot = await Snapshot(camera.Info);

        snapshot.Output.ShouldBe("200");
    }

    [Fact]
    public async Task SwitchDown_AgentAndDevicesBelow_StopAnswering()
    {
        var down = _fleet.Switches[1];
        var below = _fleet.Cameras.Where(camera => camera.Info.ParentCode == down.Code).ToList();
        var elsewhere = _fleet.Cameras.First(camera => camera.Info.ParentCode != down.Code);
        var recorder = _fleet.Recorders.Single(device => device.Info.ParentCode == down.Code);

        await down.PowerOffAsync();
        var snmp = await Snmpget(down.Info);
        var cameraBelow = await Snapshot(below[0].Info);
        var recorderBelow = await DebianTool.CurlAsync("-s", "-o", "/dev/null", recorder.Info.HttpApiUrl + "/ISAPI/System/deviceInfo");
        var cameraElsewhere = await Snapshot(elsewhere.Info);

        below.Count.ShouldBe(2);
        snmp.All.ShouldContain("Timeout: No Response");
        cameraBelow.ExitCode.ShouldBe(CurlCouldNotConnect);
        recorderBelow.ExitCode.ShouldBe(CurlCouldNotConnect);
        cameraElsewhere.Output.ShouldBe("200");
        below.ShouldAllBe(camera => !camera.IsNetworkUp);
    }

    [Fact]
    public async Task SwitchUp_AfterDown_RestoresAgentAndDevices()
    {
        var outage = _fleet.Switches[1];
        var below = _fleet.Cameras.First(camera => camera.Info.ParentCode == outage.Code);
        await outage.PowerOffAsync();

        var up = await outage.PowerOnAsync();
        var snmp = await Snmpget(outage.Info);
        var camera = await Snapshot(below.Info);

        up.IsSuccess.ShouldBeTrue(up.Error?.Message);
        snmp.ExitCode.ShouldBe(0, snmp.ToString());
        camera.Output.ShouldBe("200");
    }

    [Fact]
    public async Task SwitchUp_CameraStillWithoutPower_StaysOff()
    {
        var outage = _fleet.Switches[1];
        var camera = _fleet.Cameras.First(device => device.Info.ParentCode == outage.Code);
        await camera.PowerOffAsync();
        await outage.PowerOffAsync();

        await outage.PowerOnAsync();
        var snapshot = await Snapshot(camera.Info);

        snapshot.ExitCode.ShouldBe(CurlCouldNotConnect);
    }

    private static Task<ToolResult> Snapshot(Fleet.SimulatedDeviceInfo camera, string? password = null) =>
        DebianTool.CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", $"{camera.UserName}:{password ?? camera.Password}", camera.SnapshotUrl!);

    private static Task<ToolResult> Snmpget(Fleet.SimulatedDeviceInfo device) =>
        DebianTool.SnmpgetAsync("-v2c", "-c", device.SnmpCommunity!, "-t", "1", "-r", "0", "-On", $"{device.IpAddress}:{device.SnmpPort}", "1.3.6.1.2.1.1.3.0");
}
