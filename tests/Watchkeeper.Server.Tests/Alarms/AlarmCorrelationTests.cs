using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

/// <summary>Site-outage incidents and topology consequences through the real health processor, on fake time.</summary>
public sealed class AlarmCorrelationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SiteOutage_FiveCamerasWithinWindow_FormOneIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var cameras = await harness.AddDevicesAsync("CAM", 6, site);

        await harness.DownAsync(cameras[0], cameras[1]);
        harness.Time.Advance(TimeSpan.FromSeconds(60));
        await harness.DownAsync(cameras[2], cameras[3], cameras[4]);

        var incident = (await harness.IncidentsAsync()).ShouldHaveSingleItem();
        incident.Kind.ShouldBe(AlarmIncidentKind.SiteOutage);
        incident.OrganizationId.ShouldBe(site);
        incident.AlarmCount.ShouldBe(5);
        incident.EndedAt.ShouldBeNull();
        foreach (var camera in cameras.Take(5))
        {
            var alarm = await harness.SingleAlarmOfAsync(camera);
            alarm.IncidentId.ShouldBe(incident.Id, $"camera {camera}");
            alarm.Activities.ShouldContain(a => a.Action == AlarmAction.JoinedIncident);
        }

        // A later camera of the same site joins the running incident.
        await harness.DownAsync(cameras[5]);
        (await harness.SingleAlarmOfAsync(cameras[5])).IncidentId.ShouldBe(incident.Id);
        (await harness.IncidentsAsync()).ShouldHaveSingleItem().AlarmCount.ShouldBe(6);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SiteOutage_FourCameras_FormNoIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var cameras = await harness.AddDevicesAsync("CAM", 4, site);

        await harness.DownAsync([.. cameras]);

        (await harness.IncidentsAsync()).ShouldBeEmpty();
        (await harness.SingleAlarmOfAsync(cameras[0])).IncidentId.ShouldBeNull();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SiteOutage_FailuresSpreadOverTime_FormNoIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var cameras = await harness.AddDevicesAsync("CAM", 5, site);

        await harness.DownAsync(cameras[0], cameras[1], cameras[2]);
        harness.Time.Advance(TimeSpan.FromSeconds(150));
        await harness.DownAsync(cameras[3], cameras[4]);

        (await harness.IncidentsAsync()).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SiteOutage_CamerasOfTwoSites_FormNoIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var siteA = await harness.AddOrganizationAsync("一号站点");
        var siteB = await harness.AddOrganizationAsync("二号站点");
        var camerasA = await harness.AddDevicesAsync("A", 3, siteA);
        var camerasB = await harness.AddDevicesAsync("B", 3, siteB);

        await harness.DownAsync([.. camerasA, .. camerasB]);

        (await harness.IncidentsAsync()).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SiteOutage_AllAlarmsResolvedOrClosed_EndsIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var cameras = await harness.AddDevicesAsync("CAM", 5, site);
        await harness.DownAsync([.. cameras]);
        var closedAlarm = (await harness.SingleAlarmOfAsync(cameras[4])).Id;
        await harness.ChangeAlarmAsync(closedAlarm, a => a.Close("engineer", harness.Time.GetUtcNow(), "camera removed").IsSuccess.ShouldBeTrue());

        await harness.UpAsync(cameras[0], cameras[1], cameras[2]);
        (await harness.IncidentsAsync()).ShouldHaveSingleItem().EndedAt.ShouldBeNull();

        await harness.UpAsync(cameras[3]);

        (await harness.IncidentsAsync()).ShouldHaveSingleItem().EndedAt.ShouldBe(harness.Time.GetUtcNow().AddSeconds(-1));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task AlarmTimer_LastAlarmClosedByOperator_EndsIncident(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var cameras = await harness.AddDevicesAsync("CAM", 5, site);
        await harness.DownAsync([.. cameras]);
        foreach (var camera in cameras)
        {
            var id = (await harness.SingleAlarmOfAsync(camera)).Id;
            await harness.ChangeAlarmAsync(id, a => a.Close("engineer", harness.Time.GetUtcNow(), "power cut at the site").IsSuccess.ShouldBeTrue());
        }

        (await harness.IncidentsAsync()).ShouldHaveSingleItem().EndedAt.ShouldBeNull();

        await harness.RunAlarmTimerAsync();

        (await harness.IncidentsAsync()).ShouldHaveSingleItem().EndedAt.ShouldNotBeNull();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Consequences_SwitchWithTwentyCameras_ListsAndCountsThem(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var switchId = (await harness.AddDevicesAsync("SW", 1, site, DeviceKind.Switch))[0];
        var cameras = await harness.AddDevicesAsync("CAM", 20, site, parentId: switchId);
        var healthy = (await harness.AddDevicesAsync("OTHER", 1, site, parentId: switchId))[0];
        await harness.UpAsync(healthy);

        await harness.DownAsync(switchId);
        await harness.DownAsync([.. cameras]);
        await harness.UpAsync(healthy);

        var root = await harness.SingleAlarmOfAsync(switchId);
        using var client = await harness.App.CreateAdminClientAsync();
        var consequences = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{root.Id}/consequences", Token);
        consequences.GetProperty("affectedDeviceCount").GetInt32().ShouldBe(20);
        var devices = consequences.GetProperty("devices").EnumerateArray().ToList();
        devices.Count.ShouldBe(20);
        devices.Select(d => d.GetProperty("deviceId").GetInt64()).ShouldBe(cameras, ignoreOrder: true);
        devices[0].GetProperty("state").GetString().ShouldBe("Offline");
        var childAlarm = devices[0].GetProperty("alarms").EnumerateArray().ShouldHaveSingleItem();
        childAlarm.GetProperty("causedByDeviceId").GetInt64().ShouldBe(switchId);
        childAlarm.GetProperty("suppression").GetString().ShouldBe("RootCause");

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{root.Id}", Token);
        detail.GetProperty("alarm").GetProperty("affectedDeviceCount").GetInt32().ShouldBe(20);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?deviceKind=Switch", Token);
        list.GetProperty("items")[0].GetProperty("affectedDeviceCount").GetInt32().ShouldBe(20);
        var child = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{childAlarm.GetProperty("id").GetInt64()}", Token);
        child.GetProperty("alarm").GetProperty("affectedDeviceCount").ValueKind.ShouldBe(JsonValueKind.Null);

        // Consequences of a site outage do not count: the cameras are explained by their switch.
        (await harness.IncidentsAsync()).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ParentRecovers_ChildStillDown_UnsuppressesChild(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var switchId = (await harness.AddDevicesAsync("SW", 1, site, DeviceKind.Switch))[0];
        var cameras = await harness.AddDevicesAsync("CAM", 2, site, parentId: switchId);
        await harness.DownAsync(switchId);
        await harness.DownAsync(cameras[0], cameras[1]);
        var suppressed = await harness.SingleAlarmOfAsync(cameras[0]);
        suppressed.Suppression.ShouldBe(AlarmSuppression.RootCause);
        suppressed.CausedByDeviceId.ShouldBe(switchId);

        await harness.UpAsync(switchId);

        var stillDown = await harness.SingleAlarmOfAsync(cameras[0]);
        stillDown.IsFaultPresent.ShouldBeTrue();
        stillDown.CausedByDeviceId.ShouldBeNull();
        stillDown.Suppression.ShouldBeNull();
        stillDown.Activities.Select(a => a.Action).ShouldContain(AlarmAction.DetachedFromParent);
        stillDown.Activities.Select(a => a.Action).ShouldContain(AlarmAction.Unsuppressed);

        await harness.UpAsync(cameras[1]);

        var recovered = await harness.SingleAlarmOfAsync(cameras[1]);
        recovered.State.ShouldBe(AlarmState.Resolved);
        (await harness.SingleAlarmOfAsync(switchId)).State.ShouldBe(AlarmState.Resolved);
    }
}
