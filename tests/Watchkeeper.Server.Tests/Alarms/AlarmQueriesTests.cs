using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

public sealed class AlarmQueriesTests
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CountCausedBy_ChildAlarms_CountsUnresolvedPerParent(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var switchA = await ledger.AddDeviceAsync("SW-A", organization, DeviceKind.Switch);
        var switchB = await ledger.AddDeviceAsync("SW-B", organization, DeviceKind.Switch);
        var camera1 = await ledger.AddDeviceAsync("CAM-1", organization, parentId: switchA);
        var camera2 = await ledger.AddDeviceAsync("CAM-2", organization, parentId: switchA);
        var camera3 = await ledger.AddDeviceAsync("CAM-3", organization, parentId: switchB);
        await ledger.AddAlarmAsync(switchA, AlarmType.Offline, Start);
        await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start, causedByDeviceId: switchA);
        await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start, causedByDeviceId: switchA);
        await ledger.AddAlarmAsync(camera2, AlarmType.ClockSkew, Start, causedByDeviceId: switchA, resolved: true);
        await ledger.AddAlarmAsync(camera3, AlarmType.Offline, Start, causedByDeviceId: switchB, resolved: true);

        var counts = await ledger.QueryAsync<AlarmQueries, IReadOnlyDictionary<long, int>>(q => q.CountCausedByAsync([switchA, switchB, camera1], Token));

        counts[switchA].ShouldBe(2);
        counts.ContainsKey(switchB).ShouldBeFalse();
        counts.ContainsKey(camera1).ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task List_CausedByDeviceId_KeepsOnlyThatParentsAlarms(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var switchA = await ledger.AddDeviceAsync("SW-A", organization, DeviceKind.Switch);
        var camera1 = await ledger.AddDeviceAsync("CAM-1", organization, parentId: switchA);
        var camera2 = await ledger.AddDeviceAsync("CAM-2", organization);
        await ledger.AddAlarmAsync(switchA, AlarmType.Offline, Start);
        var child = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start, causedByDeviceId: switchA);
        await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start);

        var page = await ledger.QueryAsync<AlarmQueries, AlarmPage>(q => q.ListAsync(new AlarmFilter(CausedByDeviceId: switchA), 1, 50, Token));

        page.Items.Select(a => a.Id).ShouldBe([child]);
        page.Items[0].CausedByDeviceCode.ShouldBe("SW-A");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task List_BoardFilters_KeepMatchingAlarms(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var camera1 = await ledger.AddDeviceAsync("CAM-East-1", organization);
        var camera2 = await ledger.AddDeviceAsync("CAM-WEST-2", organization);
        var plain = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start);
        var critical = await ledger.AddAlarmAsync(camera1, AlarmType.DiskFull, Start,
            change: a => a.ChangeSeverity(AlarmSeverity.Critical, Start, "test rule"));
        await ledger.AddSilenceAsync(camera2, AlarmType.Offline, "割接静默");
        var silenced = await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start,
            change: a => a.Suppress(AlarmSuppression.Silence, "割接静默", Start));
        var flapping = await ledger.AddAlarmAsync(camera2, AlarmType.ClockSkew, Start,
            change: a => a.StartFlapping(Start, "5 changes in 10 min"));
        var closed = await ledger.AddAlarmAsync(camera2, AlarmType.FanFault, Start,
            change: a => a.Close("admin", Start, "误报"));
        var resolved = await ledger.AddAlarmAsync(camera2, AlarmType.DiskMissing, Start, resolved: true);

        async Task<long[]> IdsAsync(AlarmFilter filter) =>
            [.. (await ledger.QueryAsync<AlarmQueries, AlarmPage>(q => q.ListAsync(filter, 1, 50, Token))).Items.Select(a => a.Id).Order()];

        (await IdsAsync(new AlarmFilter())).ShouldBe([plain, critical, silenced, flapping]);
        (await IdsAsync(new AlarmFilter(AlarmListState.Closed))).ShouldBe([closed]);
        (await IdsAsync(new AlarmFilter(AlarmListState.Resolved))).ShouldBe([resolved]);
        (await IdsAsync(new AlarmFilter(AlarmListState.All))).Length.ShouldBe(6);
        (await IdsAsync(new AlarmFilter { Severities = [AlarmSeverity.Critical] })).ShouldBe([critical]);
        (await IdsAsync(new AlarmFilter { Suppressed = true })).ShouldBe([silenced]);
        (await IdsAsync(new AlarmFilter { Suppressed = false })).ShouldBe([plain, critical, flapping]);
        (await IdsAsync(new AlarmFilter { Flapping = true })).ShouldBe([flapping]);
        (await IdsAsync(new AlarmFilter { Text = "cam-east" })).ShouldBe([plain, critical]);
        (await IdsAsync(new AlarmFilter { Text = "west-2 名称" })).ShouldBe([silenced, flapping]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CountBySeverity_SeverityFilter_IsIgnored(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var camera = await ledger.AddDeviceAsync("CAM-1", organization);
        await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        await ledger.AddAlarmAsync(camera, AlarmType.DiskFull, Start);
        await ledger.AddAlarmAsync(camera, AlarmType.FanFault, Start);
        await ledger.AddAlarmAsync(camera, AlarmType.DeviceReported, Start, change: a => a.ChangeSeverity(AlarmSeverity.Critical, Start, "test rule"));
        await ledger.AddAlarmAsync(camera, AlarmType.ClockSkew, Start, resolved: true);

        var counts = await ledger.QueryAsync<AlarmQueries, AlarmSeverityCounts>(q =>
            q.CountBySeverityAsync(new AlarmFilter { Severities = [AlarmSeverity.Minor] }, Token));

        counts.ShouldBe(new AlarmSeverityCounts(Critical: 1, Major: 2, Minor: 1, Warning: 0));
    }
}
