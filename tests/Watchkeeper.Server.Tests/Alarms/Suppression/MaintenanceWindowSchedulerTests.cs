using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Alarms.Suppression.SuppressionHarness;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

public sealed class MaintenanceWindowSchedulerTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Schedule_NewOwner_CreatesAuditedWindow(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var now = harness.Time.GetUtcNow();

        var result = await harness.Service<IMaintenanceWindowScheduler>().ScheduleAsync("change:42", Draft(harness, now.AddHours(1), now.AddHours(3)), "张工", Cancellation);

        result.IsSuccess.ShouldBeTrue();
        await using var db = harness.App.CreateDbContext();
        var window = await db.MaintenanceWindows.SingleAsync(w => w.Id == result.Value, Cancellation);
        window.Owner.ShouldBe("change:42");
        window.Name.ShouldBe("变更 42 割接");
        window.StartAt.ShouldBe(now.AddHours(1));
        window.CreatedBy.ShouldBe("张工");
        window.DeviceKinds.ShouldBe("Camera");
        var audit = await db.Set<AuditEntry>().Where(e => e.EntityType == nameof(MaintenanceWindow)).ToListAsync(Cancellation);
        audit.ShouldHaveSingleItem().EntityId.ShouldBe(result.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Schedule_SameOwner_ReplacesWindow()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var scheduler = harness.Service<IMaintenanceWindowScheduler>();
        var now = harness.Time.GetUtcNow();

        var first = await scheduler.ScheduleAsync("change:7", Draft(harness, now.AddHours(1), now.AddHours(2)), "张工", Cancellation);
        var second = await scheduler.ScheduleAsync("change:7", Draft(harness, now.AddDays(1), now.AddDays(1).AddHours(2)), "李工", Cancellation);

        second.Value.ShouldBe(first.Value);
        await using var db = harness.App.CreateDbContext();
        var window = await db.MaintenanceWindows.SingleAsync(Cancellation);
        window.StartAt.ShouldBe(now.AddDays(1));
        window.UpdatedBy.ShouldBe("李工");
        window.CreatedBy.ShouldBe("张工");
    }

    [Fact]
    public async Task Cancel_WindowInForce_EndsNowAndFreesAlarms()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var scheduler = harness.Service<IMaintenanceWindowScheduler>();
        var worker = harness.Service<SuppressionWorker>();
        var now = harness.Time.GetUtcNow();
        await scheduler.ScheduleAsync("change:9", Draft(harness, now.AddMinutes(-5), now.AddHours(2)), "张工", Cancellation);
        var flagged = await worker.EvaluateAsync(cancellationToken: Cancellation);
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        await scheduler.CancelAsync("change:9", "张工", Cancellation);
        var cleared = await worker.EvaluateAsync(cancellationToken: Cancellation);

        flagged.Suppressed.ShouldBe(1);
        cleared.Unsuppressed.ShouldBe(1);
        await using var db = harness.App.CreateDbContext();
        (await db.MaintenanceWindows.SingleAsync(Cancellation)).EndAt.ShouldBe(now.AddMinutes(10));
    }

    [Fact]
    public async Task Cancel_WindowNotStarted_DeletesIt()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var scheduler = harness.Service<IMaintenanceWindowScheduler>();
        var now = harness.Time.GetUtcNow();
        await scheduler.ScheduleAsync("change:10", Draft(harness, now.AddDays(1), now.AddDays(2)), "张工", Cancellation);

        await scheduler.CancelAsync("change:10", "张工", Cancellation);
        await scheduler.CancelAsync("change:unknown", "张工", Cancellation);

        await using var db = harness.App.CreateDbContext();
        (await db.MaintenanceWindows.CountAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task Schedule_EndBeforeStart_Fails()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var now = harness.Time.GetUtcNow();

        var result = await harness.Service<IMaintenanceWindowScheduler>().ScheduleAsync("change:11", Draft(harness, now, now.AddHours(-1)), "张工", Cancellation);

        result.IsSuccess.ShouldBeFalse();
        result.FirstError.Code.ShouldBe("maintenance_window.end_before_start");
    }

    private static MaintenanceWindowDraft Draft(SuppressionHarness harness, DateTimeOffset start, DateTimeOffset end) =>
        new("变更 42 割接", start, end, [harness.Fleet.OrganizationA], [], [DeviceKind.Camera], [AlarmType.Offline], "核心交换机更换");
}
