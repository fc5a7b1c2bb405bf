using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
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
}
