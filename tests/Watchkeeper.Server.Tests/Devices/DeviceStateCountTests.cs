using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Devices;

public sealed class DeviceStateCountTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task StateCounts_WholeLedger_CountsEachStateAndNeverProbedAsUnknown(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        await ledger.AddDeviceAsync("CAM-1", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-2", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-3", organization, state: HealthState.Degraded);
        await ledger.AddDeviceAsync("CAM-4", organization, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-5", organization, state: HealthState.Unknown);
        await ledger.AddDeviceAsync("CAM-6", organization);

        var counts = await ledger.QueryAsync<DeviceQueries, DeviceStateCounts>(q => q.StateCountsAsync(null, DeviceScope.All, Token));

        counts.Online.ShouldBe(2);
        counts.Degraded.ShouldBe(1);
        counts.Offline.ShouldBe(1);
        counts.Unknown.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task StateCounts_Organization_IncludesDescendantsOnly(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var station = await ledger.AddOrganizationAsync("人民路派出所", district);
        var other = await ledger.AddOrganizationAsync("郊区分局", city);
        await ledger.AddDeviceAsync("CAM-1", district, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-2", station, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-3", other, state: HealthState.Offline);

        var counts = await ledger.QueryAsync<DeviceQueries, DeviceStateCounts>(q => q.StateCountsAsync(district, DeviceScope.All, Token));

        counts.Online.ShouldBe(1);
        counts.Offline.ShouldBe(1);
        counts.Total.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task StateCounts_CameraPoints_CountsCameraWithChannelOnce(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var gbCamera = await ledger.AddDeviceAsync("CAM-GB", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-GB-CH1", organization, DeviceKind.Channel, gbCamera, HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-PLAIN", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("SW-1", organization, DeviceKind.Switch, state: HealthState.Online);

        var counts = await ledger.QueryAsync<DeviceQueries, DeviceStateCounts>(q => q.StateCountsAsync(null, DeviceScope.CameraPoints, Token));

        counts.Total.ShouldBe(2);
        counts.Offline.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task StateCountsByOrganization_Roots_SumsEachSubtree(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var utility = await ledger.AddOrganizationAsync("供电公司");
        await ledger.AddDeviceAsync("CAM-1", city, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-2", district, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-3", utility, state: HealthState.Degraded);

        var breakdown = await ledger.QueryAsync<DeviceQueries, StateCountBreakdown>(q => q.StateCountsByOrganizationAsync(null, DeviceScope.All, Token));

        var groups = breakdown.Organizations;
        var cityCounts = groups.Single(g => g.OrganizationId == city).Counts;
        cityCounts.Online.ShouldBe(1);
        cityCounts.Offline.ShouldBe(1);
        groups.Single(g => g.OrganizationId == utility).Counts.Degraded.ShouldBe(1);
        groups.Count.ShouldBe(2);
        breakdown.Total.Total.ShouldBe(3);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task StateCountsByOrganization_Parent_ListsChildrenAndTotal(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var suburb = await ledger.AddOrganizationAsync("郊区分局", city);
        await ledger.AddDeviceAsync("CAM-1", district, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-2", city, state: HealthState.Online);

        var breakdown = await ledger.QueryAsync<DeviceQueries, StateCountBreakdown>(q => q.StateCountsByOrganizationAsync(city, DeviceScope.All, Token));

        var groups = breakdown.Organizations;
        groups.Select(g => g.OrganizationId).ShouldBe([district, suburb], ignoreOrder: true);
        groups.Single(g => g.OrganizationId == district).Counts.Offline.ShouldBe(1);
        groups.Single(g => g.OrganizationId == suburb).Counts.Total.ShouldBe(0);
        breakdown.Total.Online.ShouldBe(1);
        breakdown.Total.Offline.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CountByOrganization_Devices_CountsOwnDevicesOnly(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var empty = await ledger.AddOrganizationAsync("郊区分局", city);
        await ledger.AddDeviceAsync("CAM-1", city, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-2", district, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-3", district);

        var counts = await ledger.QueryAsync<DeviceQueries, Dictionary<long, DeviceStateCounts>>(q => q.CountByOrganizationAsync(DeviceScope.All, Token));

        counts[city].ShouldBe(new DeviceStateCounts(1, 0, 0, 0));
        counts[district].ShouldBe(new DeviceStateCounts(0, 0, 1, 1));
        counts.ContainsKey(empty).ShouldBeFalse();
    }

    [Fact]
    public void OnlineRate_UnknownDevices_AreLeftOut()
    {
        var counts = new DeviceStateCounts(Online: 2, Degraded: 1, Offline: 1, Unknown: 6);

        counts.OnlineRate.ShouldBe(0.75);
    }

    [Fact]
    public void OnlineRate_NothingKnown_IsNull()
    {
        var counts = new DeviceStateCounts(Online: 0, Degraded: 0, Offline: 0, Unknown: 3);

        counts.OnlineRate.ShouldBeNull();
    }
}
