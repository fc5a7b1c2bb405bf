using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

public sealed class AlarmDetailQueriesTests
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Correlation_RootAndConsequences_FollowOutageTimes(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var switchId = await ledger.AddDeviceAsync("SW-1", organization, DeviceKind.Switch);
        var camera1 = await ledger.AddDeviceAsync("CAM-1", organization, parentId: switchId);
        var camera2 = await ledger.AddDeviceAsync("CAM-2", organization, parentId: switchId);
        var earlierRoot = await ledger.AddAlarmAsync(switchId, AlarmType.Offline, Start.AddHours(-3), resolved: true);
        var earlierChild = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start.AddHours(-3), causedByDeviceId: switchId, resolved: true);
        var root = await ledger.AddAlarmAsync(switchId, AlarmType.Offline, Start);
        var child1 = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start.AddMinutes(1), causedByDeviceId: switchId);
        var child2 = await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start.AddMinutes(1), causedByDeviceId: switchId);

        var ofRoot = await CorrelationAsync(ledger, root);
        var ofChild = await CorrelationAsync(ledger, child1);
        var ofEarlierRoot = await CorrelationAsync(ledger, earlierRoot);

        ofRoot.Root.ShouldBeNull();
        ofRoot.Consequences.Select(a => a.Id).Order().ShouldBe([child1, child2]);
        ofRoot.ConsequenceCount.ShouldBe(2);
        ofChild.Root.ShouldNotBeNull().Id.ShouldBe(root);
        ofChild.Consequences.ShouldBeEmpty();
        ofEarlierRoot.Consequences.Select(a => a.Id).ShouldBe([earlierChild]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Correlation_Incident_ListsItsOtherAlarms(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var site = await ledger.AddOrganizationAsync("人民路站点");
        var camera1 = await ledger.AddDeviceAsync("CAM-1", site);
        var camera2 = await ledger.AddDeviceAsync("CAM-2", site);
        var camera3 = await ledger.AddDeviceAsync("CAM-3", site);

        // Creating incidents is the alarm pipeline's work, built separately, so the test writes the row directly.
        long incidentId;
        await using (var db = app.CreateDbContext())
        {
            var incident = new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = site, Title = "人民路站点 3 台设备离线", OpenedAt = Start, AlarmCount = 2 };
            db.AlarmIncidents.Add(incident);
            await db.SaveChangesAsync(Token);
            incidentId = incident.Id;
        }

        var first = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start, change: a => a.JoinIncident(incidentId, Start, "site outage"));
        var second = await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start, change: a => a.JoinIncident(incidentId, Start, "site outage"));
        await ledger.AddAlarmAsync(camera3, AlarmType.Offline, Start);

        var correlation = await CorrelationAsync(ledger, first);

        correlation.Incident.ShouldNotBeNull().Title.ShouldBe("人民路站点 3 台设备离线");
        correlation.Incident.Kind.ShouldBe(AlarmIncidentKind.SiteOutage);
        correlation.IncidentAlarms.Select(a => a.Id).ShouldBe([second]);
        correlation.IncidentAlarmCount.ShouldBe(1);
    }

    private static async Task<AlarmCorrelation> CorrelationAsync(TestLedger ledger, long alarmId)
    {
        var alarm = await ledger.QueryAsync<AlarmQueries, AlarmResponse?>(q => q.GetAsync(alarmId, Token));
        return await ledger.QueryAsync<AlarmDetailQueries, AlarmCorrelation>(q => q.CorrelationAsync(alarm!, Token));
    }
}
