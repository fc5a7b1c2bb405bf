using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>Tickets that the ticketing rules open from root alarms, on a fake clock with the rule worker run by hand.</summary>
public sealed class TicketRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_RootAlarmAfterDelay_OneTicketWithConsequences(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddOfflineRuleAsync(delayMinutes: 5);
        var root = await harness.OpenAlarmAsync(harness.SwitchId);
        var first = await harness.OpenAlarmAsync(harness.CameraIds[0], causedByDeviceId: harness.SwitchId);
        var second = await harness.OpenAlarmAsync(harness.CameraIds[1], causedByDeviceId: harness.SwitchId);

        (await harness.AdvanceAsync(TimeSpan.FromMinutes(4))).Opened.ShouldBe(0);
        (await harness.TicketsAsync()).ShouldBeEmpty();
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(1);

        var ticket = (await harness.TicketsAsync()).ShouldHaveSingleItem();
        ticket.Source.ShouldBe(TicketSource.Alarm);
        ticket.Category.ShouldBe(FaultCategory.Network);
        ticket.FaultLevel.ShouldBe(3); // a switch with two cameras down: level 3 by the shipped criteria
        ticket.OrganizationId.ShouldBe(harness.OrganizationId);
        ticket.CreatedAt.ShouldBe(Start.AddMinutes(5));
        ticket.CreatedBy.ShouldBeNull();
        ticket.Activities.ShouldAllBe(a => a.Actor == null);
        (await harness.AlarmIdsAsync(ticket.Id)).ShouldBe([root, first, second]);
        (await harness.DeviceIdsAsync(ticket.Id)).ShouldBe([harness.SwitchId, harness.CameraIds[0], harness.CameraIds[1]]);

        // A consequence that arrives while the ticket is open joins it; later passes neither open nor link again.
        var later = await harness.OpenAlarmAsync(harness.CameraIds[2], causedByDeviceId: harness.SwitchId);
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).ShouldBe(new TicketRuleRun(0, 1, 0));
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(10))).ShouldBe(new TicketRuleRun(0, 0, 0));
        (await harness.TicketsAsync()).ShouldHaveSingleItem();
        (await harness.AlarmIdsAsync(ticket.Id)).ShouldBe([root, first, second, later]);
        (await harness.DeviceIdsAsync(ticket.Id)).ShouldContain(harness.CameraIds[2]);
        (await harness.ActivitiesAsync(ticket.Id, TicketAction.AlarmLinked)).Select(a => a.NewValue).ShouldBe(
            [root.ToString(), first.ToString(), second.ToString(), later.ToString()], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_SuppressedFlappingOrOutOfScope_NoTicket(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddRuleAsync(new TicketRuleInput("所有重要告警", true, harness.OrganizationId, [], [], "Major", 0, "Other", null, false));
        var now = harness.Time.GetUtcNow();
        var windowed = await harness.OpenAlarmAsync(harness.CameraIds[0], change: a => a.Suppress(AlarmSuppression.MaintenanceWindow, "机房搬迁", now));
        await harness.OpenAlarmAsync(harness.CameraIds[1], change: a => a.Suppress(AlarmSuppression.Silence, "已知故障", now));
        await harness.OpenAlarmAsync(harness.CameraIds[2], change: a => a.StartFlapping(now, "reopened 3 times within 30 min"));
        await harness.OpenAlarmAsync(harness.SwitchId, AlarmType.InterfaceDown); // Minor, below the rule's Major
        var orphan = await harness.Routing.AddDeviceAsync("CAM-0004", harness.OrganizationId, DeviceKind.Camera, harness.SwitchId);
        await harness.OpenAlarmAsync(orphan, causedByDeviceId: harness.SwitchId); // a consequence, suppressed by its root cause
        var closed = await harness.Routing.AddDeviceAsync("CAM-0005", harness.OrganizationId);
        await harness.OpenAlarmAsync(closed, change: a => a.Close("admin", now, "设备已拆除").IsSuccess.ShouldBeTrue());
        var elsewhere = await harness.Routing.Ledger.AddOrganizationAsync("另一派出所");
        await harness.OpenAlarmAsync(await harness.Routing.AddDeviceAsync("CAM-0101", elsewhere));

        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(0);
        (await harness.TicketsAsync()).ShouldBeEmpty();

        // The maintenance window ended, and the alarm is still there: now it opens its ticket.
        await harness.ChangeAlarmAsync(windowed, a => a.Unsuppress(harness.Time.GetUtcNow(), "window ended"));
        (await harness.RunRulesAsync()).Opened.ShouldBe(1);
        var ticket = (await harness.TicketsAsync()).ShouldHaveSingleItem();
        (await harness.AlarmIdsAsync(ticket.Id)).ShouldBe([windowed]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_RootAlarmWithOpenManualTicket_NoSecondTicket(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddOfflineRuleAsync(delayMinutes: 0, faultLevel: 2);
        var root = await harness.OpenAlarmAsync(harness.SwitchId);
        var manual = await harness.OpenTicketAsync(level: 2, category: "Network", deviceIds: [harness.SwitchId], alarmIds: [root]);

        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(0);
        (await harness.TicketsAsync()).Select(t => t.Id).ShouldBe([manual]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_TwoWorkersRacing_OneTicketPerAlarm(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddOfflineRuleAsync(delayMinutes: 0, faultLevel: 2);
        var alarms = new List<long> { await harness.OpenAlarmAsync(harness.SwitchId) };
        for (var i = 0; i < 5; i++)
        {
            alarms.Add(await harness.OpenAlarmAsync(await harness.Routing.AddDeviceAsync($"CAM-1{i:D3}", harness.OrganizationId)));
        }

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = ActivatorUtilities.CreateInstance<TicketRuleWorker>(harness.App.Services);
        var runs = await Task.WhenAll(harness.RunRulesAsync(), second.RunOnceAsync(TicketAutomationHarness.Cancellation));

        runs.Sum(r => r.Opened).ShouldBe(alarms.Count);
        var tickets = await harness.TicketsAsync();
        tickets.Count.ShouldBe(alarms.Count);
        tickets.ShouldAllBe(t => t.FaultLevel == 2);
        await using var db = harness.App.CreateDbContext();
        var roots = await db.TicketAlarms.Where(x => x.IsRoot).Select(x => x.AlarmId).ToListAsync(TicketAutomationHarness.Cancellation);
        roots.Order().ShouldBe(alarms);
        (await db.TicketAlarmOrigins.CountAsync(TicketAutomationHarness.Cancellation)).ShouldBe(alarms.Count);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_RootAlarmResolves_LoggedOnceTicketStaysOpen(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddOfflineRuleAsync(delayMinutes: 0);
        var root = await harness.OpenAlarmAsync(harness.SwitchId);
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(1);
        var ticketId = (await harness.TicketsAsync()).Single().Id;

        await harness.ChangeAlarmAsync(root, a => a.Resolve(harness.Time.GetUtcNow(), "back online").IsSuccess.ShouldBeTrue());
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).RecoveriesLogged.ShouldBe(1);
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).RecoveriesLogged.ShouldBe(0);

        var logged = (await harness.ActivitiesAsync(ticketId, TicketAction.AlarmResolved)).ShouldHaveSingleItem();
        logged.NewValue.ShouldBe(root.ToString());
        logged.Actor.ShouldBeNull();
        logged.At.ShouldBe(Start.AddMinutes(2));
        (await harness.TicketsAsync()).Single().State.ShouldBe(TicketState.New);

        // A consequence after the root alarm resolved is no longer the ticket's.
        await harness.OpenAlarmAsync(harness.CameraIds[0], causedByDeviceId: harness.SwitchId);
        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Linked.ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_AutoAssignNobodyOnDuty_UnassignedWithNote(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        await harness.AddOfflineRuleAsync(delayMinutes: 0, autoAssign: true);
        await harness.OpenAlarmAsync(harness.SwitchId);

        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(1);

        var ticket = (await harness.TicketsAsync()).Single();
        ticket.AssigneeUserId.ShouldBeNull();
        ticket.State.ShouldBe(TicketState.New);
        var note = (await harness.ActivitiesAsync(ticket.Id, TicketAction.Commented)).ShouldHaveSingleItem();
        note.Actor.ShouldBeNull();
        note.Note.ShouldContain("nobody on duty");

        // With an engineer on duty, the action assigns the ticket.
        var engineer = await harness.Routing.AddUserAsync("li.engineer", "li@example.com");
        await harness.Routing.AddShiftAsync(harness.OrganizationId, engineer);
        await harness.ActAsync(ticket.Id, new TicketTransitionInput("autoAssign"));
        (await harness.TicketsAsync()).Single().AssigneeUserId.ShouldBe(engineer);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_AutoAssign_AssignsEngineerOnDuty(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        var engineer = await harness.Routing.AddUserAsync("li.engineer", "li@example.com");
        await harness.Routing.AddShiftAsync(harness.OrganizationId, engineer);
        await harness.AddOfflineRuleAsync(delayMinutes: 0, autoAssign: true);
        await harness.OpenAlarmAsync(harness.SwitchId);

        (await harness.AdvanceAsync(TimeSpan.FromMinutes(1))).Opened.ShouldBe(1);

        var ticket = (await harness.TicketsAsync()).Single();
        ticket.AssigneeUserId.ShouldBe(engineer);
        ticket.State.ShouldBe(TicketState.Assigned);
        (await harness.ActivitiesAsync(ticket.Id, TicketAction.Assigned)).ShouldHaveSingleItem().Actor.ShouldBeNull();
    }
}
