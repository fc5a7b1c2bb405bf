using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

/// <summary>De-duplication, reopening, flapping and closed alarms through the real health processor, on fake time.</summary>
public sealed class AlarmPipelineTests
{
    private static readonly Dictionary<string, string?> QuickFlapping = new()
    {
        ["Alarms:Flapping:Transitions"] = "3",
        ["Alarms:Flapping:PeriodMinutes"] = "30",
        ["Alarms:Flapping:SettleMinutes"] = "15",
    };

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Pipeline_RepeatedSightings_KeepOneAlarm(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var camera = (await harness.AddDevicesAsync("CAM", 1, site))[0];
        var first = harness.Time.GetUtcNow();

        await harness.DownAsync(camera);
        await harness.DownAsync(camera);
        await harness.DownAsync(camera);

        var alarm = await harness.SingleAlarmOfAsync(camera);
        alarm.Type.ShouldBe(AlarmType.Offline);
        alarm.OccurrenceCount.ShouldBe(3);
        alarm.FirstSeenAt.ShouldBe(first);
        alarm.LastSeenAt.ShouldBe(first.AddSeconds(2));
        alarm.Fingerprint.ShouldBe($"{camera}:Offline:");
    }

    /// <summary>
    /// A site larger than one PostgreSQL command of the batch writer (100 statements) goes down, is seen again, recovers
    /// and fails again: every alarm, count and activity must be written once, in order, with the incident it joined.
    /// </summary>
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Pipeline_WholeSiteThroughEveryState_WritesEachAlarmOnce(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("开发区园区");
        var cameras = await harness.AddDevicesAsync("CAM", 230, site);

        await harness.DownAsync([.. cameras]);
        await harness.DownAsync([.. cameras]);
        await harness.UpAsync([.. cameras]);
        await harness.DownAsync([.. cameras]);

        await using var db = harness.App.CreateDbContext();
        var alarms = await db.Alarms.Include(a => a.Activities).Where(a => cameras.Contains(a.DeviceId)).ToListAsync(TestContext.Current.CancellationToken);
        alarms.Select(a => a.DeviceId).Order().ShouldBe(cameras.Order());
        var incident = (await harness.IncidentsAsync()).ShouldHaveSingleItem();
        incident.AlarmCount.ShouldBe(230);
        foreach (var alarm in alarms)
        {
            alarm.State.ShouldBe(AlarmState.Open);
            alarm.OccurrenceCount.ShouldBe(3);
            alarm.IncidentId.ShouldBe(incident.Id);
            alarm.Activities.OrderBy(a => a.Id).Select(a => a.Action)
                .ShouldBe([AlarmAction.Opened, AlarmAction.JoinedIncident, AlarmAction.Resolved, AlarmAction.Reopened]);
        }
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Pipeline_FaultBackWithinPeriod_ReopensAlarm(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider, QuickFlapping);
        var site = await harness.AddOrganizationAsync("某派出所");
        var camera = (await harness.AddDevicesAsync("CAM", 1, site))[0];
        await harness.DownAsync(camera);
        await harness.UpAsync(camera);
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        await harness.DownAsync(camera);

        var alarm = await harness.SingleAlarmOfAsync(camera);
        alarm.State.ShouldBe(AlarmState.Open);
        alarm.ResolvedAt.ShouldBeNull();
        alarm.OccurrenceCount.ShouldBe(2);
        alarm.Activities.Select(a => a.Action).ShouldBe([AlarmAction.Opened, AlarmAction.Resolved, AlarmAction.Reopened]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Pipeline_FaultBackAfterPeriod_OpensNewAlarm(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider, QuickFlapping);
        var site = await harness.AddOrganizationAsync("某派出所");
        var camera = (await harness.AddDevicesAsync("CAM", 1, site))[0];
        await harness.DownAsync(camera);
        await harness.UpAsync(camera);
        harness.Time.Advance(TimeSpan.FromMinutes(31));

        await harness.DownAsync(camera);

        var alarms = await harness.AlarmsOfAsync(camera);
        alarms.Count.ShouldBe(2);
        alarms[0].State.ShouldBe(AlarmState.Resolved);
        alarms[1].State.ShouldBe(AlarmState.Open);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Flapping_StartsHoldsAndSettles(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider, QuickFlapping);
        var site = await harness.AddOrganizationAsync("某派出所");
        var camera = (await harness.AddDevicesAsync("CAM", 1, site))[0];

        await harness.DownAsync(camera);
        for (var i = 0; i < 3; i++)
        {
            await harness.UpAsync(camera);
            await harness.DownAsync(camera);
        }

        var alarm = await harness.SingleAlarmOfAsync(camera);
        alarm.IsFlapping.ShouldBeTrue();
        var lastTransition = alarm.LastSeenAt;
        alarm.FlappingSettlesAt.ShouldBe(lastTransition.AddMinutes(15));

        // Another resolution moves the settle time on; before it, the timer leaves the alarm flapping.
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.UpAsync(camera);
        var resolvedAt = (await harness.SingleAlarmOfAsync(camera)).ResolvedAt!.Value;
        harness.Time.Advance(TimeSpan.FromMinutes(14));
        (await harness.RunAlarmTimerAsync()).ShouldBe(0);
        (await harness.SingleAlarmOfAsync(camera)).IsFlapping.ShouldBeTrue();

        harness.Time.SetUtcNow(resolvedAt.AddMinutes(15));
        (await harness.RunAlarmTimerAsync()).ShouldBe(1);

        var settled = await harness.SingleAlarmOfAsync(camera);
        settled.IsFlapping.ShouldBeFalse();
        settled.FlappingSettlesAt.ShouldBeNull();
        settled.Activities.Select(a => a.Action).ShouldContain(AlarmAction.FlappingStarted);
        settled.Activities.Last().Action.ShouldBe(AlarmAction.FlappingStopped);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Pipeline_ClosedAlarm_AbsorbsSightingsUntilFaultClears(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var camera = (await harness.AddDevicesAsync("CAM", 1, site))[0];
        await harness.DownAsync(camera);
        var alarmId = (await harness.SingleAlarmOfAsync(camera)).Id;
        await harness.ChangeAlarmAsync(alarmId, a => a.Close("engineer", harness.Time.GetUtcNow(), "camera being replaced").IsSuccess.ShouldBeTrue());

        await harness.DownAsync(camera);
        await harness.DownAsync(camera);

        var closed = await harness.SingleAlarmOfAsync(camera);
        closed.State.ShouldBe(AlarmState.Closed);
        closed.OccurrenceCount.ShouldBe(3);
        closed.IsFaultPresent.ShouldBeTrue();

        await harness.UpAsync(camera);

        var cleared = await harness.SingleAlarmOfAsync(camera);
        cleared.State.ShouldBe(AlarmState.Closed);
        cleared.ResolvedAt.ShouldNotBeNull();
        cleared.Activities.Last().Action.ShouldBe(AlarmAction.Resolved);

        await harness.DownAsync(camera);

        var alarms = await harness.AlarmsOfAsync(camera);
        alarms.Count.ShouldBe(2);
        alarms[1].State.ShouldBe(AlarmState.Open);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SeverityRule_MatchingNewAlarm_OverridesDefault(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var city = await harness.AddOrganizationAsync("某市公安局");
        var station = await harness.AddOrganizationAsync("某派出所", city);
        var other = await harness.AddOrganizationAsync("另一单位");
        var camera = (await harness.AddDevicesAsync("CAM", 1, station))[0];
        var recorder = (await harness.AddDevicesAsync("NVR", 1, station, DeviceKind.Recorder))[0];
        var elsewhere = (await harness.AddDevicesAsync("FAR", 1, other))[0];
        await using (var db = harness.App.CreateDbContext())
        {
            db.SeverityRules.Add(new Server.Alarms.SeverityRule
            {
                Name = "城区摄像机离线为紧急",
                OrganizationId = city,
                DeviceKind = DeviceKind.Camera,
                AlarmType = AlarmType.Offline,
                Severity = AlarmSeverity.Critical,
                CreatedAt = harness.Time.GetUtcNow(),
                UpdatedAt = harness.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await harness.DownAsync(camera, recorder, elsewhere);

        var matched = await harness.SingleAlarmOfAsync(camera);
        matched.Severity.ShouldBe(AlarmSeverity.Critical);
        matched.Activities.ShouldContain(a => a.Action == AlarmAction.SeverityChanged && a.Note.Contains("城区摄像机离线为紧急"));
        (await harness.SingleAlarmOfAsync(recorder)).Severity.ShouldBe(AlarmType.Offline.DefaultSeverity());
        (await harness.SingleAlarmOfAsync(elsewhere)).Severity.ShouldBe(AlarmType.Offline.DefaultSeverity());
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SeverityRule_SubjectText_MatchesOnlyThatSubject(DatabaseProvider provider)
    {
        await using var harness = await AlarmPipelineHarness.StartAsync(provider);
        var site = await harness.AddOrganizationAsync("某派出所");
        var recorder = (await harness.AddDevicesAsync("NVR", 1, site, DeviceKind.Recorder))[0];
        await using (var db = harness.App.CreateDbContext())
        {
            db.SeverityRules.Add(new Server.Alarms.SeverityRule
            {
                Name = "系统盘故障",
                SubjectContains = "hdd 1",
                Severity = AlarmSeverity.Critical,
                CreatedAt = harness.Time.GetUtcNow(),
                UpdatedAt = harness.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await harness.UpAsync([recorder], new Core.Monitoring.Finding(AlarmType.DiskAbnormal, "HDD 1", "error"),
            new Core.Monitoring.Finding(AlarmType.DiskAbnormal, "HDD 2", "error"));

        var alarms = await harness.AlarmsOfAsync(recorder);
        alarms.Single(a => a.Subject == "HDD 1").Severity.ShouldBe(AlarmSeverity.Critical);
        alarms.Single(a => a.Subject == "HDD 2").Severity.ShouldBe(AlarmSeverity.Major);
    }
}
