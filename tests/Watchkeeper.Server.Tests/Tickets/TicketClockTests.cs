using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>
/// The clock worker on a fake clock with the seeded default SLA policies. Expected instants are worked out by hand in
/// China Standard Time (UTC+8). Level 1: response 15 min, acceptance 15 min, assignment 10 min, resolution 24 h, 7×24;
/// a warning at 75 % and 90 %, a breach at 100 %, and the team lead at the response's breach. Level 3: response and
/// acceptance 2 working hours, resolution 5 working days, on Monday to Friday 09:00-18:00.
/// </summary>
public sealed class TicketClockTests
{
    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_ResponseBreach_RecordedAndNotifiedOnce(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var id = await harness.OpenAsync(level: 1);

        await harness.AdvanceAsync(TimeSpan.FromMinutes(11)); // 75 % of 15 min is 11:15
        (await harness.ActivitiesAsync(id, TicketAction.ClockWarning)).ShouldBeEmpty();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(15));
        await harness.AdvanceAsync(TimeSpan.FromMinutes(4)); // 10:15:15, past the breach at 10:15
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));

        var response = (await harness.ActivitiesAsync(id, TicketAction.ClockWarning, TicketAction.ClockBreached))
            .Where(a => a.Field == nameof(SlaClockKind.Response)).ToList();
        response.Select(a => (a.Action, a.MarkKey, a.ClockAt)).ShouldBe(
        [
            (TicketAction.ClockWarning, "Response:0:warning-75", Local(12, 7, 10, 11).AddSeconds(15)),
            (TicketAction.ClockWarning, "Response:0:warning-90", Local(12, 7, 10, 13).AddSeconds(30)),
            (TicketAction.ClockBreached, "Response:0:breach", Local(12, 7, 10, 15)),
        ]);
        var breachMails = (await harness.TicketDeliveriesAsync()).Where(d => d.Subject.Contains("响应超时", StringComparison.Ordinal)).ToList();
        breachMails.Select(d => d.Address).Order().ShouldBe(["wang@example.com"]); // no assignee yet: the shift leader only
        (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Response).State.ShouldBe(SlaClockState.Breached);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_RestartBetweenDueAndRun_ActsOnceWithTheDueInstant(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var id = await harness.OpenAsync(level: 1);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));
        await harness.ActAsync(id, new TicketTransitionInput("accept"));
        await harness.ActAsync(id, new TicketTransitionInput("arrive"));
        await harness.ActAsync(id, new TicketTransitionInput("restore", LimitedService: true));

        // Only the resolution clock runs on, and nothing of it is due at 10:40.
        await harness.RestartAsync(Local(12, 7, 10, 40));
        (await harness.RunWorkerAsync()).ShouldBe(0);

        // Resolution: 24 h, 75 % at 18 h = next day 04:00. The server is down from then until 06:00.
        await harness.RestartAsync(Local(12, 8, 6));
        (await harness.RunWorkerAsync()).ShouldBe(1);
        (await harness.RunWorkerAsync()).ShouldBe(0);
        await harness.RestartAsync(Local(12, 8, 6, 5));
        (await harness.RunWorkerAsync()).ShouldBe(0);

        var warning = (await harness.ActivitiesAsync(id, TicketAction.ClockWarning)).ShouldHaveSingleItem();
        warning.MarkKey.ShouldBe("Resolution:0:warning-75");
        warning.ClockAt.ShouldBe(Local(12, 8, 4));
        warning.At.ShouldBe(Local(12, 8, 6));
        (await harness.TicketDeliveriesAsync()).ShouldHaveSingleItem().Address.ShouldBe("li@example.com");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_TwoWorkersRacing_FireOnce(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await harness.OpenAsync(level: 1, title: $"摄像机 {i} 黑屏"));
        }

        harness.Time.Advance(TimeSpan.FromMinutes(16));
        var second = ActivatorUtilities.CreateInstance<TicketClockWorker>(harness.App.Services);
        var counts = await Task.WhenAll(harness.RunWorkerAsync(), second.RunOnceAsync(TicketHarness.Cancellation));

        // Per ticket: the response's 75 %, 90 %, breach and team-lead step, and the escalation of a ticket unassigned
        // after 10 min.
        counts.Sum().ShouldBe(5 * 5);
        foreach (var id in ids)
        {
            var marks = (await harness.ActivitiesAsync(id, TicketAction.ClockWarning, TicketAction.ClockBreached, TicketAction.Escalated))
                .Select(a => a.MarkKey).ToList();
            marks.Order().ShouldBe(["Assignment:0:unassigned", "Response:0:breach", "Response:0:step-1", "Response:0:warning-75", "Response:0:warning-90"]);
        }
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Escalator_SameCrossingTwice_SecondSaveFails(DatabaseProvider provider)
    {
        // A worker whose claim ran out while it was still busy, and a second worker that took the ticket over.
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var id = await harness.OpenAsync(level: 1);
        harness.Time.Advance(TimeSpan.FromMinutes(12));
        var escalator = harness.App.Services.GetRequiredService<TicketEscalator>();
        await using var first = harness.App.CreateDbContext();
        await using var second = harness.App.CreateDbContext();
        using var system = Server.Identity.Access.OrganizationScope.BeginSystemWork();

        foreach (var db in new[] { first, second })
        {
            var ticket = await db.Tickets.Include(t => t.Activities).SingleAsync(t => t.Id == id, TicketHarness.Cancellation);
            (await escalator.ActAsync(db, ticket, await TicketClocks.LoadAsync(db, TicketHarness.Cancellation), harness.Time.GetUtcNow(),
                TicketHarness.Cancellation)).ShouldBe(2); // the 75 % warning and the unassigned escalation
        }

        await first.SaveChangesAsync(TicketHarness.Cancellation);
        await Should.ThrowAsync<DbUpdateException>(() => second.SaveChangesAsync(TicketHarness.Cancellation));
        (await harness.ActivitiesAsync(id, TicketAction.ClockWarning)).Count.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Clocks_PauseAndLevelChangeWhilePaused_CarryElapsedOver(DatabaseProvider provider)
    {
        // Level 3 from Monday 09:00: response 2 working hours, resolution 5 working days. Accepted at 09:30, paused waiting
        // for the customer 10:00-14:00 with the level raised to 1 (resolution 24 h around the clock) at 11:00, resumed at 14:00.
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 9));
        var id = await harness.OpenAsync(level: 3);
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await harness.ActAsync(id, new TicketTransitionInput("accept"));
        harness.Time.Advance(TimeSpan.FromMinutes(30));
        await harness.ActAsync(id, new TicketTransitionInput("pause", PauseReason: "WaitingForCustomer", Note: "等待用户开门"));
        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.ActAsync(id, new TicketTransitionInput("changeLevel", FaultLevel: 1, Reason: "影响整个站点"));
        harness.Time.Advance(TimeSpan.FromHours(3));
        await harness.ActAsync(id, new TicketTransitionInput("resume"));
        harness.Time.Advance(TimeSpan.FromHours(1));

        var clocks = (await harness.GetAsync(id)).Clocks.ToDictionary(c => c.Kind);
        clocks[SlaClockKind.Response].State.ShouldBe(SlaClockState.Met);
        clocks[SlaClockKind.Response].ElapsedSeconds.ShouldBe(30 * 60);
        var resolution = clocks[SlaClockKind.Resolution];
        resolution.State.ShouldBe(SlaClockState.Running);
        resolution.ElapsedSeconds.ShouldBe(2 * 3600); // 09:00-10:00 working time, then 14:00-15:00
        resolution.PausedSeconds.ShouldBe(4 * 3600); // 1 working hour under level 3, 3 hours under level 1
        resolution.TargetSeconds.ShouldBe(24 * 3600);
        resolution.DueAt.ShouldBe(Local(12, 8, 13)); // the 23 h left, from 14:00
        resolution.BusinessHours.ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_BusinessHoursBreachAtFridayClose_WaitsForMakeUpSunday(DatabaseProvider provider)
    {
        // Level 3 opened Friday 2026-09-18 16:00: the 2 working hours of the response end at 18:00, the close of work.
        // Saturday is off; Sunday 2026-09-20 is a make-up working day, whose 09:00 is the next working time.
        await using var harness = await TicketHarness.StartAsync(provider, Local(9, 18, 16));
        await harness.SetHolidaysAsync([new DateOnly(2026, 9, 25), new DateOnly(2026, 9, 26), new DateOnly(2026, 9, 27)], [new DateOnly(2026, 9, 20)]);
        var id = await harness.OpenAsync(level: 3);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));

        await harness.AdvanceAsync(TimeSpan.FromHours(2.5)); // Friday 18:30
        await harness.AdvanceAsync(TimeSpan.FromHours(24)); // Saturday 18:30
        (await harness.ActivitiesAsync(id, TicketAction.ClockBreached)).ShouldBeEmpty();
        (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Response).State.ShouldBe(SlaClockState.Breached);

        harness.Time.SetUtcNow(Local(9, 20, 8, 59).ToUniversalTime());
        await harness.RunWorkerAsync();
        (await harness.ActivitiesAsync(id, TicketAction.ClockBreached)).ShouldBeEmpty();
        harness.Time.SetUtcNow(Local(9, 20, 9).ToUniversalTime());
        await harness.RunWorkerAsync();

        var breach = (await harness.ActivitiesAsync(id, TicketAction.ClockBreached)).ShouldHaveSingleItem();
        breach.MarkKey.ShouldBe("Response:0:breach");
        breach.ClockAt.ShouldBe(Local(9, 18, 18));
        breach.At.ShouldBe(Local(9, 20, 9));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_BusinessHoursAcrossHoliday_NextWorkingDay(DatabaseProvider provider)
    {
        // Level 3 opened Thursday 2026-09-24 16:00 and assigned: the acceptance clock (2 working hours) runs out at
        // 18:00, the close of work. Friday 25 to Sunday 27 are the Mid-Autumn holiday: the escalation goes on Monday 09:00.
        await using var harness = await TicketHarness.StartAsync(provider, Local(9, 24, 16));
        await harness.SetHolidaysAsync([new DateOnly(2026, 9, 25), new DateOnly(2026, 9, 26), new DateOnly(2026, 9, 27)], [new DateOnly(2026, 9, 20)]);
        var id = await harness.OpenAsync(level: 3);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));

        harness.Time.SetUtcNow(Local(9, 28, 8, 59).ToUniversalTime());
        await harness.RunWorkerAsync();
        (await harness.ActivitiesAsync(id, TicketAction.Escalated)).ShouldBeEmpty();
        harness.Time.SetUtcNow(Local(9, 28, 9).ToUniversalTime());
        await harness.RunWorkerAsync();

        var escalation = (await harness.ActivitiesAsync(id, TicketAction.Escalated)).ShouldHaveSingleItem();
        escalation.MarkKey.ShouldBe("Acceptance:0:unaccepted");
        escalation.ClockAt.ShouldBe(Local(9, 24, 18));
        var mails = (await harness.TicketDeliveriesAsync()).Where(d => d.Subject.Contains("接单升级", StringComparison.Ordinal)).Select(d => d.Address);
        mails.Order().ShouldBe(["li@example.com", "wang@example.com"]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Worker_ResolutionBreach_RaisesLevelOnce(DatabaseProvider provider)
    {
        // Level 3 opened Monday 2026-12-07 10:00 and restored at once: resolution 5 working days, due Monday 12-14 10:00.
        // Its breach raises the ticket to level 2, whose resolution target is the same 5 working days: the level 2 breach
        // mark is the same crossing, so the level is not raised again.
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var id = await harness.OpenAsync(level: 3);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));
        await harness.ActAsync(id, new TicketTransitionInput("accept"));
        await harness.ActAsync(id, new TicketTransitionInput("arrive"));
        await harness.ActAsync(id, new TicketTransitionInput("restore", LimitedService: true));

        harness.Time.SetUtcNow(Local(12, 14, 9, 59).ToUniversalTime());
        await harness.RunWorkerAsync();
        (await harness.GetAsync(id)).FaultLevel.ShouldBe(3);
        harness.Time.SetUtcNow(Local(12, 14, 11).ToUniversalTime());
        await harness.RunWorkerAsync();
        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        var ticket = await harness.GetAsync(id);
        ticket.FaultLevel.ShouldBe(2);
        var raised = (await harness.ActivitiesAsync(id, TicketAction.LevelChanged)).ShouldHaveSingleItem();
        (raised.OldValue, raised.NewValue, raised.Actor).ShouldBe(("3", "2", (string?)null));
        raised.At.ShouldBe(Local(12, 14, 11));
        ticket.Clocks.Single(c => c.Kind == SlaClockKind.Resolution).BreachSeconds.ShouldBe(2 * 3600); // 12:00 against 10:00
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PolicyEdit_OpenTicket_NewTargetFromTheEditElapsedKept(DatabaseProvider provider)
    {
        // Level 1 opened Monday 10:00: resolution 24 h around the clock, due Tuesday 10:00. At 12:00 the default level 1
        // policy is edited to a resolution of 8 h: the 2 h elapsed carry over, so the ticket is due at 18:00 the same day.
        await using var harness = await TicketHarness.StartAsync(provider, Local(12, 7, 10));
        var id = await harness.OpenAsync(level: 1);
        (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Resolution).DueAt.ShouldBe(Local(12, 8, 10));
        harness.Time.Advance(TimeSpan.FromHours(2));

        await harness.EditDefaultPolicyAsync(1, SlaClockKind.Resolution, minutes: 8 * 60);

        var ticket = await harness.GetAsync(id);
        var resolution = ticket.Clocks.Single(c => c.Kind == SlaClockKind.Resolution);
        resolution.TargetSeconds.ShouldBe(8 * 3600);
        resolution.ElapsedSeconds.ShouldBe(2 * 3600);
        resolution.DueAt.ShouldBe(Local(12, 7, 18));
        var change = (await harness.ActivitiesAsync(id, TicketAction.TermsChanged)).ShouldHaveSingleItem();
        change.At.ShouldBe(Local(12, 7, 12));
        change.Actor.ShouldBeNull();

        // The 75 % warning of the new target: 6 h after the start, 16:00.
        harness.Time.SetUtcNow(Local(12, 7, 16).ToUniversalTime());
        await harness.RunWorkerAsync();
        (await harness.ActivitiesAsync(id, TicketAction.ClockWarning)).Where(a => a.Field == nameof(SlaClockKind.Resolution))
            .Select(a => (a.MarkKey, a.ClockAt)).ShouldBe([("Resolution:0:warning-75", Local(12, 7, 16))]);
    }
}
