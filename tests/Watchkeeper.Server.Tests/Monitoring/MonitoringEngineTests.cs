using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Monitoring;

public sealed class MonitoringEngineTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Camera_PowerLossAndRecovery_OpensAndResolvesAlarm(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var port = await harness.StartCameraServerAsync();
        var camera = await harness.AddCameraAsync("CAM-1", port);

        await harness.ProbeAsync(camera);
        (await harness.StateAsync(camera)).ShouldBe("Online");

        await harness.StopCameraServerAsync(port);
        await harness.ProbeAsync(camera);
        (await harness.StateAsync(camera)).ShouldBe("Online");
        await harness.ProbeAsync(camera);

        var offline = await harness.DeviceAsync(camera);
        offline.GetProperty("state").GetString().ShouldBe("Offline");
        offline.GetProperty("offlineCause").GetString().ShouldBe("DeviceFault");
        var alarm = (await harness.AlarmsAsync(camera, "open")).ShouldHaveSingleItem();
        alarm.GetProperty("type").GetString().ShouldBe("Offline");

        await harness.StartCameraServerAsync(port);
        await harness.ProbeAsync(camera);

        (await harness.StateAsync(camera)).ShouldBe("Online");
        (await harness.AlarmsAsync(camera, "open")).ShouldBeEmpty();
        (await harness.AlarmsAsync(camera, "resolved")).ShouldHaveSingleItem();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Camera_StateChanges_AreStoredAsIntervals(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var port = await harness.StartCameraServerAsync();
        var camera = await harness.AddCameraAsync("CAM-1", port);
        await harness.ProbeAsync(camera);
        await harness.StopCameraServerAsync(port);
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);

        await using var db = harness.App.CreateDbContext();
        var intervals = await db.StateIntervals.Where(i => i.DeviceId == camera).OrderBy(i => i.StartAt).ToListAsync();

        intervals.Select(i => i.State).ShouldBe([HealthState.Online, HealthState.Offline]);
        intervals[0].EndAt.ShouldBe(intervals[1].StartAt);
        intervals[1].EndAt.ShouldBeNull();
        var latest = await db.LatestProbeResults.Where(r => r.DeviceId == camera).ToListAsync();
        latest.Select(r => r.Kind).ShouldBe([ProbeKind.Snapshot, ProbeKind.Tcp], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Switch_GoesDown_ChildAlarmIsCausedByIt(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var switchPort = harness.StartSwitch();
        var cameraPort = await harness.StartCameraServerAsync();
        var network = await harness.AddSwitchAsync("SW-1", switchPort);
        var camera = await harness.AddCameraAsync("CAM-1", cameraPort, parentId: network);
        await harness.ProbeAsync(network);
        await harness.ProbeAsync(camera);

        harness.StopSwitch(switchPort);
        await harness.StopCameraServerAsync(cameraPort);
        for (var round = 0; round < 2; round++)
        {
            await harness.ProbeAsync(camera);
            await harness.ProbeAsync(network);
        }

        (await harness.StateAsync(network)).ShouldBe("Offline");
        (await harness.StateAsync(camera)).ShouldBe("Offline");
        var switchAlarm = (await harness.AlarmsAsync(network, "open")).ShouldHaveSingleItem();
        switchAlarm.GetProperty("causedByDeviceId").ValueKind.ShouldBe(JsonValueKind.Null);
        var cameraAlarm = (await harness.AlarmsAsync(camera, "open")).ShouldHaveSingleItem();
        cameraAlarm.GetProperty("causedByDeviceId").GetInt64().ShouldBe(network);
        cameraAlarm.GetProperty("causedByDeviceCode").GetString().ShouldBe("SW-1");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Restart_KeepsStateAndOpenAlarms(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var port = await harness.StartCameraServerAsync();
        var up = await harness.AddCameraAsync("CAM-UP", port);
        var down = await harness.AddCameraAsync("CAM-DOWN", UnansweredTcpPort());
        await harness.ProbeAsync(up);
        await harness.ProbeAsync(down);
        await harness.ProbeAsync(down);
        (await harness.StateAsync(down)).ShouldBe("Offline");
        var alarm = (await harness.AlarmsAsync(down, "open")).ShouldHaveSingleItem();
        var alarmBefore = alarm.GetProperty("id").GetInt64();
        var occurrencesBefore = alarm.GetProperty("occurrenceCount").GetInt32();

        await harness.RestartServerAsync();

        (await harness.StateAsync(up)).ShouldBe("Online");
        (await harness.StateAsync(down)).ShouldBe("Offline");
        (await harness.AlarmsAsync(down, "open")).ShouldHaveSingleItem().GetProperty("id").GetInt64().ShouldBe(alarmBefore);

        await harness.ProbeAsync(down);
        (await harness.AlarmsAsync(down, "open")).ShouldHaveSingleItem().GetProperty("occurrenceCount").GetInt32().ShouldBe(occurrencesBefore + 1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OnlineRate_AfterOutage_IsBetweenZeroAndOne(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var port = await harness.StartCameraServerAsync();
        var camera = await harness.AddCameraAsync("CAM-1", port);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await harness.ProbeAsync(camera);
        await Task.Delay(300);
        await harness.StopCameraServerAsync(port);
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);
        await Task.Delay(300);

        var rate = await harness.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/kpi/online-rate?from={Uri.EscapeDataString(from.ToString("O"))}&organizationId={harness.OrganizationId}");

        var value = rate.GetProperty("onlineRate").GetDouble();
        value.ShouldBeGreaterThan(0);
        value.ShouldBeLessThan(1);
        rate.GetProperty("deviceCount").GetInt32().ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PauseMonitoring_OfflineDevice_BecomesUnknownAndAlarmResolves(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var camera = await harness.AddCameraAsync("CAM-1", UnansweredTcpPort());
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);
        (await harness.StateAsync(camera)).ShouldBe("Offline");

        var device = await harness.DeviceAsync(camera);
        var edited = JsonSerializer.Deserialize<Dictionary<string, object?>>(device.GetRawText())!;
        edited["monitoringEnabled"] = false;
        (await harness.Client.PutAsJsonAsync($"/api/v1/devices/{camera}", edited)).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await harness.StateAsync(camera)) != "Unknown" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        (await harness.StateAsync(camera)).ShouldBe("Unknown");
        (await harness.AlarmsAsync(camera, "open")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ProbeNowEndpoint_RunsARoundAtOnce()
    {
        await using var harness = await MonitoringHarness.StartAsync(DatabaseProvider.Sqlite);
        var port = await harness.StartCameraServerAsync();
        var camera = await harness.AddCameraAsync("CAM-1", port);
        await using var db = harness.App.CreateDbContext();
        var before = db.DeviceHealth.Where(h => h.DeviceId == camera).Select(h => h.LastRoundAt).First();

        var response = await harness.Client.PostAsync($"/api/v1/devices/{camera}/probe-now", null, TestContext.Current.CancellationToken);
        var missing = await harness.Client.PostAsync("/api/v1/devices/999999/probe-now", null, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (db.DeviceHealth.Where(h => h.DeviceId == camera).Select(h => h.LastRoundAt).First() == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        db.DeviceHealth.Where(h => h.DeviceId == camera).Select(h => h.LastRoundAt).First().ShouldNotBe(before);
    }

    /// <summary>Returns a loopback port with nothing listening, so connections are refused.</summary>
    private static int UnansweredTcpPort() => Watchkeeper.TestSupport.LoopbackPorts.FreeTcpPort();
}
