using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Kpi;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Kpi;

public sealed class OnlineRateBreakdownTests
{
    private static readonly DateTimeOffset From = TestLedger.Start;
    private static readonly DateTimeOffset To = From.AddHours(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Breakdown_Parent_RatesSubtreeAndEachChild(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var suburb = await ledger.AddOrganizationAsync("郊区分局", city);
        var utility = await ledger.AddOrganizationAsync("供电公司");
        var cityCamera = await ledger.AddDeviceAsync("CAM-1", city);
        var districtCamera = await ledger.AddDeviceAsync("CAM-2", district);
        var utilityCamera = await ledger.AddDeviceAsync("CAM-3", utility);
        var districtSwitch = await ledger.AddDeviceAsync("SW-1", district, DeviceKind.Switch);
        await ledger.AddIntervalAsync(cityCamera, HealthState.Online, From, To);
        await ledger.AddIntervalAsync(districtCamera, HealthState.Degraded, From, From.AddHours(5));
        await ledger.AddIntervalAsync(districtCamera, HealthState.Offline, From.AddHours(5), To);
        await ledger.AddIntervalAsync(utilityCamera, HealthState.Offline, From, To);
        await ledger.AddIntervalAsync(districtSwitch, HealthState.Offline, From, To);

        var breakdown = await ledger.QueryAsync<OnlineRateService, OnlineRateBreakdown>(s => s.BreakdownAsync(From, To, city, Token));

        breakdown.Total.OnlineRate.ShouldBe(0.75);
        breakdown.Total.DeviceCount.ShouldBe(2);
        breakdown.Organizations.Single(o => o.OrganizationId == district).OnlineRate.ShouldBe(0.5);
        breakdown.Organizations.Single(o => o.OrganizationId == suburb).OnlineRate.ShouldBeNull();
        breakdown.Organizations.Count.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Breakdown_WholeFleet_MatchesComputePerRoot(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var utility = await ledger.AddOrganizationAsync("供电公司");
        var cityCamera = await ledger.AddDeviceAsync("CAM-1", city);
        var utilityCamera = await ledger.AddDeviceAsync("CAM-2", utility);
        await ledger.AddIntervalAsync(cityCamera, HealthState.Online, From, To);
        await ledger.AddIntervalAsync(utilityCamera, HealthState.Online, From, From.AddHours(2));
        await ledger.AddIntervalAsync(utilityCamera, HealthState.Offline, From.AddHours(2), To);

        var breakdown = await ledger.QueryAsync<OnlineRateService, OnlineRateBreakdown>(s => s.BreakdownAsync(From, To, null, Token));
        var utilityAlone = await ledger.QueryAsync<OnlineRateService, OnlineRateResponse>(s => s.ComputeAsync(From, To, utility, null, Token));

        breakdown.Total.OnlineRate.ShouldBe(0.6);
        breakdown.Organizations.Single(o => o.OrganizationId == utility).OnlineRate.ShouldBe(utilityAlone.OnlineRate);
        breakdown.Organizations.Single(o => o.OrganizationId == city).OnlineRate.ShouldBe(1.0);
    }
}
