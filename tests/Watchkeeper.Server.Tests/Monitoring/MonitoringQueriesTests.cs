using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Monitoring;

public sealed class MonitoringQueriesTests
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task LatestResults_StoredRows_ReturnsThemWithParsedFindings(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var camera = await ledger.AddDeviceAsync("CAM-1", organization);
        var other = await ledger.AddDeviceAsync("CAM-2", organization);
        await ledger.AddProbeResultAsync(new LatestProbeResult
        {
            DeviceId = camera, Kind = ProbeKind.Onvif, Status = ProbeStatus.Reachable, Detail = "GetSystemDateAndTime ok",
            LatencyMilliseconds = 12, CheckedAt = Start, Findings = "ClockSkew||device clock is 28800 s ahead\n",
        });
        await ledger.AddProbeResultAsync(new LatestProbeResult
        {
            DeviceId = camera, Kind = ProbeKind.Rtsp, Status = ProbeStatus.Unreachable, Reason = ProbeReason.ConnectionRefused,
            Detail = "127.0.0.1:8554", CheckedAt = Start,
        });
        await ledger.AddProbeResultAsync(new LatestProbeResult { DeviceId = other, Kind = ProbeKind.Rtsp, Status = ProbeStatus.Reachable, CheckedAt = Start });

        var results = await ledger.QueryAsync<MonitoringQueries, IReadOnlyList<ProbeResultView>>(q => q.LatestResultsAsync(camera, Token));

        results.Select(r => r.Kind).ShouldBe([ProbeKind.Rtsp, ProbeKind.Onvif]);
        results[0].Reason.ShouldBe(ProbeReason.ConnectionRefused);
        results[1].Findings.ShouldBe([new Finding(AlarmType.ClockSkew, "", "device clock is 28800 s ahead")]);
        results[1].CheckedAt.ShouldBe(Start);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Timeline_ManyIntervals_ReturnsNewestFirstByPage(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var camera = await ledger.AddDeviceAsync("CAM-1", organization);
        var other = await ledger.AddDeviceAsync("CAM-2", organization);
        await ledger.AddIntervalAsync(camera, HealthState.Online, Start, Start.AddHours(1));
        await ledger.AddIntervalAsync(camera, HealthState.Offline, Start.AddHours(1), Start.AddHours(2));
        await ledger.AddIntervalAsync(camera, HealthState.Online, Start.AddHours(2), null);
        await ledger.AddIntervalAsync(other, HealthState.Offline, Start.AddHours(3), null);

        var first = await ledger.QueryAsync<MonitoringQueries, StateIntervalPage>(q => q.TimelineAsync(camera, 1, 2, Token));
        var second = await ledger.QueryAsync<MonitoringQueries, StateIntervalPage>(q => q.TimelineAsync(camera, 2, 2, Token));

        first.TotalCount.ShouldBe(3);
        first.Items.Select(i => i.StartAt).ShouldBe([Start.AddHours(2), Start.AddHours(1)]);
        first.Items[0].EndAt.ShouldBeNull();
        second.Items.Single().State.ShouldBe(HealthState.Online);
        second.Items.Single().DurationUntil(Start.AddDays(1)).ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task RecentStateChanges_Intervals_ReturnsNewestWithPreviousState(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var camera = await ledger.AddDeviceAsync("CAM-1", organization);
        var other = await ledger.AddDeviceAsync("CAM-2", organization);
        await ledger.AddIntervalAsync(camera, HealthState.Online, Start, Start.AddMinutes(10));
        await ledger.AddIntervalAsync(other, HealthState.Online, Start.AddMinutes(5), null);
        await ledger.AddIntervalAsync(camera, HealthState.Offline, Start.AddMinutes(10), null);

        var changes = await ledger.QueryAsync<MonitoringQueries, IReadOnlyList<StateChangeView>>(q => q.RecentStateChangesAsync(null, 2, Token));

        changes.Count.ShouldBe(2);
        changes[0].ShouldBe(new StateChangeView(camera, "CAM-1", "CAM-1 名称", Core.Devices.DeviceKind.Camera, HealthState.Online, HealthState.Offline, Start.AddMinutes(10)));
        changes[1].DeviceId.ShouldBe(other);
        changes[1].From.ShouldBeNull();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task RecentStateChanges_Organization_LeavesOutOtherOrganizations(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var district = await ledger.AddOrganizationAsync("城区分局", city);
        var utility = await ledger.AddOrganizationAsync("供电公司");
        var inside = await ledger.AddDeviceAsync("CAM-1", district);
        var outside = await ledger.AddDeviceAsync("CAM-2", utility);
        await ledger.AddIntervalAsync(inside, HealthState.Online, Start, null);
        await ledger.AddIntervalAsync(outside, HealthState.Offline, Start.AddMinutes(1), null);

        var changes = await ledger.QueryAsync<MonitoringQueries, IReadOnlyList<StateChangeView>>(q => q.RecentStateChangesAsync(city, 20, Token));

        changes.Select(c => c.DeviceId).ShouldBe([inside]);
    }
}
