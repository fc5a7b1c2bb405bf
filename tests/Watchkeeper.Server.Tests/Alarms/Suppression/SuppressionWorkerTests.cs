using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Alarms.Suppression.SuppressionHarness;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

public sealed class SuppressionWorkerTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Window_StartAndEnd_FlagsThenUnflags(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var worker = harness.Service<SuppressionWorker>();
        var now = harness.Time.GetUtcNow();
        var alarmId = await AlarmOfAsync(harness, harness.Fleet.DeviceA);
        await PostAsync(admin, "/api/v1/maintenance-windows",
            new { name = "光缆割接", start = now.AddHours(1), end = now.AddHours(3), organizationIds = new[] { harness.Fleet.OrganizationA } }, HttpStatusCode.Created);

        var before = await worker.EvaluateAsync(cancellationToken: Cancellation);
        var stateBefore = await ReadAsync(harness, alarmId);
        harness.Time.Advance(TimeSpan.FromHours(1));
        var atStart = await worker.EvaluateAsync(cancellationToken: Cancellation);
        var stateInside = await ReadAsync(harness, alarmId);
        harness.Time.Advance(TimeSpan.FromHours(2));
        var atEnd = await worker.EvaluateAsync(cancellationToken: Cancellation);
        var stateAfter = await ReadAsync(harness, alarmId);

        before.NextDueAt.ShouldBe(now.AddHours(1));
        stateBefore.Suppression.ShouldBeNull();
        atStart.Suppressed.ShouldBe(1, "only the alarm of organization A is inside the window");
        atStart.NextDueAt.ShouldBe(now.AddHours(3));
        stateInside.Suppression.ShouldBe(AlarmSuppression.MaintenanceWindow);
        stateInside.SuppressionReason.ShouldContain("光缆割接");
        atEnd.Unsuppressed.ShouldBe(1);
        stateAfter.Suppression.ShouldBeNull();
        stateAfter.Activities.OrderBy(a => a.Id).Select(a => a.Action).ShouldBe([AlarmAction.Opened, AlarmAction.Suppressed, AlarmAction.Unsuppressed]);
        (await ReadAsync(harness, harness.Fleet.AlarmB)).Activities.Count.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Silence_ExpiredEarly_Unflags(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var worker = harness.Service<SuppressionWorker>();
        var silence = await PostAsync(admin, "/api/v1/silences",
            new { deviceIds = new[] { harness.Fleet.DeviceB }, durationMinutes = 120, reason = "乙分局断电" }, HttpStatusCode.Created);

        var flagged = await worker.EvaluateAsync(cancellationToken: Cancellation);
        var inside = await ReadAsync(harness, harness.Fleet.AlarmB);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await PostAsync(admin, $"/api/v1/silences/{silence.GetProperty("id").GetInt64()}/expire", new { }, HttpStatusCode.OK);
        var cleared = await worker.EvaluateAsync(cancellationToken: Cancellation);
        var after = await ReadAsync(harness, harness.Fleet.AlarmB);

        flagged.Suppressed.ShouldBe(1);
        flagged.NextDueAt.ShouldBe(harness.Time.GetUtcNow().AddMinutes(110));
        inside.Suppression.ShouldBe(AlarmSuppression.Silence);
        inside.SuppressionReason.ShouldContain("乙分局断电");
        cleared.Unsuppressed.ShouldBe(1);
        after.Suppression.ShouldBeNull();
    }

    [Fact]
    public async Task RootCauseSuppression_CoveredBySilence_IsKept()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var ledger = new TestLedger(harness.App);
        var camera = await ledger.AddDeviceAsync("SCOPE-CAM-A2", harness.Fleet.OrganizationA);
        var consequence = await ledger.AddAlarmAsync(camera, AlarmType.Offline, harness.Time.GetUtcNow(), causedByDeviceId: harness.Fleet.DeviceA);
        await PostAsync(admin, "/api/v1/silences", new { organizationIds = new[] { harness.Fleet.OrganizationA }, durationMinutes = 60, reason = "甲分局" },
            HttpStatusCode.Created);

        await harness.Service<SuppressionWorker>().EvaluateAsync(cancellationToken: Cancellation);
        var alarm = await ReadAsync(harness, consequence);

        alarm.Suppression.ShouldBe(AlarmSuppression.RootCause);
        alarm.SuppressionReason.ShouldContain($"parent device {harness.Fleet.DeviceA}");
        (await ReadAsync(harness, await AlarmOfAsync(harness, harness.Fleet.DeviceA))).Suppression.ShouldBe(AlarmSuppression.Silence);
    }

    [Fact]
    public async Task Evaluate_ChangedAlarm_PublishesAlarmChanged()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var published = new List<AlarmChanged>();
        harness.Service<MonitoringEvents>().Published += events => published.AddRange(events.OfType<AlarmChanged>());
        await PostAsync(admin, "/api/v1/silences", new { deviceIds = new[] { harness.Fleet.DeviceB }, durationMinutes = 30, reason = "x" }, HttpStatusCode.Created);

        await harness.Service<SuppressionWorker>().EvaluateAsync(cancellationToken: Cancellation);

        var changed = published.ShouldHaveSingleItem();
        changed.AlarmId.ShouldBe(harness.Fleet.AlarmB);
        changed.DeviceCode.ShouldBe(Access.ScopedFleet.CodeB);
        changed.OrganizationId.ShouldBe(harness.Fleet.OrganizationB);
    }

    [Fact]
    public async Task Loop_NewAlarmPublished_IsFlaggedThroughHook()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, workerLoop: true);
        var worker = harness.Service<SuppressionWorker>();
        var events = harness.Service<MonitoringEvents>();
        await WaitForFirstPassAsync(worker);

        // Stored without the service, so that no change signal wakes the loop: only the published alarm can.
        var opened = harness.Time.GetUtcNow();
        await using (var db = harness.App.CreateDbContext())
        {
            db.Silences.Add(new Silence { AlarmTypes = "DiskAbnormal", StartAt = opened, EndAt = opened.AddHours(1), Reason = "硬盘更换", CreatedBy = "admin", CreatedAt = opened });
            await db.SaveChangesAsync(Cancellation);
        }

        var alarmId = await new TestLedger(harness.App).AddAlarmAsync(harness.Fleet.DeviceA, AlarmType.DiskAbnormal, opened);
        harness.Time.Advance(AlarmSuppressions.MaxAge + TimeSpan.FromSeconds(1));
        var now = harness.Time.GetUtcNow();
        var flagged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Published += published =>
        {
            if (published.OfType<AlarmChanged>().Any(e => e.AlarmId == alarmId && e.At == now))
            {
                flagged.TrySetResult();
            }
        };

        // What the health processor publishes after it commits a new alarm; its time is the alarm's, not the worker's.
        events.Publish([new AlarmChanged(alarmId, harness.Fleet.DeviceA, Access.ScopedFleet.CodeA, AlarmType.DiskAbnormal, AlarmState.Open, false, opened)]);
        await flagged.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        (await ReadAsync(harness, alarmId)).Suppression.ShouldBe(AlarmSuppression.Silence);
    }

    [Fact]
    public async Task Restart_WindowStartedWhileDown_FlagsOnFirstEvaluation()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        var occurrence = now.AddHours(2).AddSeconds(-now.Second);
        await PostAsync(admin, "/api/v1/maintenance-windows", new
        {
            name = "夜间维护",
            start = now,
            end = now.AddDays(7),
            timeZone = "UTC",
            recurrence = new { kind = "Cron", expression = $"{occurrence.Minute} {occurrence.Hour} * * *", durationMinutes = 60 },
            deviceIds = new[] { harness.Fleet.DeviceB },
        }, HttpStatusCode.Created);

        // Another server process on the same database, started after the occurrence began.
        var later = new FakeTimeProvider(occurrence.AddMinutes(30));
        await using var restarted = new WatchkeeperApp(harness.Database, Settings(workerLoop: false), services => services.AddSingleton<TimeProvider>(later));
        var pass = await restarted.Services.GetRequiredService<SuppressionWorker>().EvaluateAsync(cancellationToken: Cancellation);

        pass.Suppressed.ShouldBe(1);
        pass.NextDueAt.ShouldBe(occurrence.AddHours(1));
        (await ReadAsync(harness, harness.Fleet.AlarmB)).Suppression.ShouldBe(AlarmSuppression.MaintenanceWindow);
    }

    /// <summary>Waits for the loop's start-up evaluation, which runs on the real thread pool.</summary>
    private static async Task WaitForFirstPassAsync(SuppressionWorker worker)
    {
        for (var attempt = 0; worker.NextDueAt == DateTimeOffset.MinValue; attempt++)
        {
            attempt.ShouldBeLessThan(600, "the worker's first evaluation did not finish within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(50), Cancellation);
        }
    }

    private static async Task<long> AlarmOfAsync(SuppressionHarness harness, long deviceId)
    {
        await using var db = harness.App.CreateDbContext();
        return await db.Alarms.Where(a => a.DeviceId == deviceId).Select(a => a.Id).SingleAsync(Cancellation);
    }

    private static async Task<Alarm> ReadAsync(SuppressionHarness harness, long alarmId)
    {
        await using var db = harness.App.CreateDbContext();
        return await db.Alarms.AsNoTracking().Include(a => a.Activities).SingleAsync(a => a.Id == alarmId, Cancellation);
    }
}
