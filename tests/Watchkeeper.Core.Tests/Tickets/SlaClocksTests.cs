using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Core.Tests.Tickets;

/// <summary>
/// Every expected instant below is worked out by hand from the history in the test, in China Standard Time
/// (UTC+8, no daylight saving).
/// </summary>
public sealed class SlaClocksTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // Monday to Friday 09:00-18:00 with the 2026 Mid-Autumn and National Day holidays (2026-09-25 to 27,
    // 2026-10-01 to 07) and their make-up working days (Sunday 2026-09-20, Saturday 2026-10-10).
    private static readonly BusinessCalendar s_office = new(
        s_china,
        BusinessCalendar.Default().HoursOfWeek(),
        holidays: [.. Days(9, 25, 27), .. Days(10, 1, 7)],
        makeUpWorkingDays: [new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)]);

    private static IEnumerable<DateOnly> Days(int month, int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(day => new DateOnly(2026, month, day));

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static SlaTerms Terms(SlaClockKind clock, TimeSpan target, BusinessCalendar? calendar = null, params SlaMark[] marks) =>
        new(new Dictionary<SlaClockKind, SlaTarget> { [clock] = new SlaTarget(target, calendar) }, marks);

    private static SlaEvent At(DateTimeOffset at, SlaEventKind kind, SlaTerms? terms = null) => new(at, kind, terms);

    [Fact]
    public void Evaluate_AcceptedBeforeTarget_ResponseMet()
    {
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromMinutes(30));

        var clocks = SlaClocks.Evaluate([At(Local(12, 7, 10), SlaEventKind.Opened, terms), At(Local(12, 7, 10, 20), SlaEventKind.Accepted)], Local(12, 7, 11));

        var response = clocks.Clock(SlaClockKind.Response)!;
        response.State.ShouldBe(SlaClockState.Met);
        response.Elapsed.ShouldBe(TimeSpan.FromMinutes(20));
        response.DueAt.ShouldBe(Local(12, 7, 10, 30));
        response.StoppedAt.ShouldBe(Local(12, 7, 10, 20));
    }

    [Fact]
    public void Evaluate_RunningPastTarget_BreachedWithSize()
    {
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromMinutes(30), marks: new SlaMark("breach", SlaClockKind.Response, 100));

        var clocks = SlaClocks.Evaluate([At(Local(12, 7, 10), SlaEventKind.Opened, terms)], Local(12, 7, 10, 45));

        var response = clocks.Clock(SlaClockKind.Response)!;
        response.State.ShouldBe(SlaClockState.Breached);
        response.BreachedAt.ShouldBe(Local(12, 7, 10, 30));
        response.BreachSize.ShouldBe(TimeSpan.FromMinutes(15));
        clocks.Crossed.ShouldHaveSingleItem().CrossedAt.ShouldBe(Local(12, 7, 10, 30));
    }

    [Fact]
    public void Evaluate_Paused_TimeNotCounted()
    {
        // 08:00-09:00 runs (1 h), 09:00-11:30 waits for the customer (2.5 h), 11:30-12:00 runs (0.5 h).
        var terms = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8));
        var history = new[]
        {
            At(Local(12, 7, 8), SlaEventKind.Opened, terms),
            At(Local(12, 7, 8, 10), SlaEventKind.Accepted),
            At(Local(12, 7, 9), SlaEventKind.Paused),
            At(Local(12, 7, 11, 30), SlaEventKind.Resumed),
        };

        var resolution = SlaClocks.Evaluate(history, Local(12, 7, 12)).Clock(SlaClockKind.Resolution)!;

        resolution.State.ShouldBe(SlaClockState.Running);
        resolution.Elapsed.ShouldBe(TimeSpan.FromHours(1.5));
        resolution.Paused.ShouldBe(TimeSpan.FromHours(2.5));
        resolution.DueAt.ShouldBe(Local(12, 7, 18, 30)); // 11:30 + the 7 h left
    }

    [Fact]
    public void Evaluate_WhilePaused_NoDueTime()
    {
        var terms = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8));

        var resolution = SlaClocks.Evaluate([At(Local(12, 7, 8), SlaEventKind.Opened, terms), At(Local(12, 7, 9), SlaEventKind.Paused)], Local(12, 7, 10))
            .Clock(SlaClockKind.Resolution)!;

        resolution.State.ShouldBe(SlaClockState.Paused);
        resolution.DueAt.ShouldBeNull();
        resolution.Elapsed.ShouldBe(TimeSpan.FromHours(1));
        resolution.Paused.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Evaluate_LevelChangedWhilePaused_ElapsedCarriesOver()
    {
        // Level 3 (8 h) runs 08:00-09:00, pauses; at 10:00 the level rises to 2 (4 h, warning at 75 % = 3 h);
        // it resumes at 11:00 with 1 h elapsed, so the warning falls at 13:00 and the due time at 14:00.
        var level3 = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8), marks: new SlaMark("warning-75", SlaClockKind.Resolution, 75));
        var level2 = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(4), marks: new SlaMark("warning-75", SlaClockKind.Resolution, 75));
        var history = new[]
        {
            At(Local(12, 7, 8), SlaEventKind.Opened, level3),
            At(Local(12, 7, 9), SlaEventKind.Paused),
            At(Local(12, 7, 10), SlaEventKind.TermsChanged, level2),
            At(Local(12, 7, 11), SlaEventKind.Resumed),
        };

        var clocks = SlaClocks.Evaluate(history, Local(12, 7, 13, 30));

        var resolution = clocks.Clock(SlaClockKind.Resolution)!;
        resolution.Elapsed.ShouldBe(TimeSpan.FromHours(3.5));
        resolution.Paused.ShouldBe(TimeSpan.FromHours(2));
        resolution.Target.ShouldBe(TimeSpan.FromHours(4));
        resolution.DueAt.ShouldBe(Local(12, 7, 14));
        clocks.Crossed.ShouldHaveSingleItem().CrossedAt.ShouldBe(Local(12, 7, 13));
    }

    [Fact]
    public void Evaluate_PausedPastNewTarget_BreachedAtChange()
    {
        var level3 = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8), marks: new SlaMark("breach", SlaClockKind.Resolution, 100));
        var level1 = Terms(SlaClockKind.Resolution, TimeSpan.FromMinutes(30), marks: new SlaMark("breach", SlaClockKind.Resolution, 100));
        var history = new[]
        {
            At(Local(12, 7, 8), SlaEventKind.Opened, level3),
            At(Local(12, 7, 9), SlaEventKind.Paused),
            At(Local(12, 7, 10), SlaEventKind.TermsChanged, level1),
        };

        var clocks = SlaClocks.Evaluate(history, Local(12, 7, 10, 5));

        var resolution = clocks.Clock(SlaClockKind.Resolution)!;
        resolution.State.ShouldBe(SlaClockState.Breached);
        resolution.BreachedAt.ShouldBe(Local(12, 7, 10));
        resolution.BreachSize.ShouldBe(TimeSpan.FromMinutes(30)); // 1 h elapsed against 30 min; paused time does not grow it
        clocks.Crossed.ShouldHaveSingleItem().CrossedAt.ShouldBe(Local(12, 7, 10));
    }

    [Fact]
    public void Evaluate_PolicyChange_CarriesElapsed()
    {
        // Monday 2026-12-07: 7×24 for 08:00-10:00 (2 h of 8 h), then an 8 h target on office hours from 10:00:
        // the 6 h left end at 16:00 the same day.
        var aroundTheClock = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8));
        var office = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(8), s_office);
        var history = new[]
        {
            At(Local(12, 7, 8), SlaEventKind.Opened, aroundTheClock),
            At(Local(12, 7, 10), SlaEventKind.TermsChanged, office),
        };

        var resolution = SlaClocks.Evaluate(history, Local(12, 7, 12)).Clock(SlaClockKind.Resolution)!;

        resolution.Elapsed.ShouldBe(TimeSpan.FromHours(4));
        resolution.DueAt.ShouldBe(Local(12, 7, 16));
    }

    [Fact]
    public void Evaluate_FridayClose_NoticeSunday()
    {
        // Friday 2026-09-18 17:00 with 1 working hour: the target is reached at 18:00, the close of work. The next
        // working time is the make-up Sunday 2026-09-20 at 09:00, not Monday.
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(1), s_office, new SlaMark("breach", SlaClockKind.Response, 100));

        var clocks = SlaClocks.Evaluate([At(Local(9, 18, 17), SlaEventKind.Opened, terms)], Local(9, 18, 21));

        var crossing = clocks.Crossed.ShouldHaveSingleItem();
        crossing.CrossedAt.ShouldBe(Local(9, 18, 18));
        crossing.NoticeAt.ShouldBe(Local(9, 20, 9));
        clocks.NextNoticeAt(new HashSet<string>()).ShouldBe(Local(9, 20, 9));
    }

    [Fact]
    public void Evaluate_AfterFriday_DueMakeUpSunday()
    {
        // 2 working hours from Friday 17:00: 1 h on Friday, then from 09:00 on the make-up Sunday; 75 % (90 min)
        // falls at Sunday 09:30 and the target at Sunday 10:00.
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(2), s_office, new SlaMark("warning-75", SlaClockKind.Response, 75));

        var clocks = SlaClocks.Evaluate([At(Local(9, 18, 17), SlaEventKind.Opened, terms)], Local(9, 19, 12));

        clocks.Crossed.ShouldBeEmpty();
        var next = clocks.Upcoming.ShouldHaveSingleItem();
        next.CrossedAt.ShouldBe(Local(9, 20, 9, 30));
        next.NoticeAt.ShouldBe(Local(9, 20, 9, 30));
        clocks.Clock(SlaClockKind.Response)!.DueAt.ShouldBe(Local(9, 20, 10));
    }

    [Fact]
    public void Evaluate_AcrossPublicHoliday_SkipsHoliday()
    {
        // Thursday 2026-09-24 17:00 with 2 working hours: 1 h runs on Thursday. Friday 25 to Sunday 27 are the
        // Mid-Autumn holiday, so the second hour runs Monday 28 09:00-10:00.
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(2), s_office, new SlaMark("breach", SlaClockKind.Response, 100));

        var clocks = SlaClocks.Evaluate([At(Local(9, 24, 17), SlaEventKind.Opened, terms)], Local(9, 26, 12));

        clocks.Clock(SlaClockKind.Response)!.DueAt.ShouldBe(Local(9, 28, 10));
        clocks.Clock(SlaClockKind.Response)!.Elapsed.ShouldBe(TimeSpan.FromHours(1));
        clocks.Upcoming.ShouldHaveSingleItem().NoticeAt.ShouldBe(Local(9, 28, 10));
    }

    [Fact]
    public void Evaluate_AroundTheClock_NoticeAtOnce()
    {
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(1), marks: new SlaMark("breach", SlaClockKind.Response, 100));

        var crossing = SlaClocks.Evaluate([At(Local(9, 18, 17), SlaEventKind.Opened, terms)], Local(9, 18, 21)).Crossed.ShouldHaveSingleItem();

        crossing.CrossedAt.ShouldBe(Local(9, 18, 18));
        crossing.NoticeAt.ShouldBe(Local(9, 18, 18));
    }

    [Fact]
    public void Evaluate_LateEvaluation_EachCrossingOnce()
    {
        // A worker that was down from 10:00 to 12:00 still gets the 75 % and the breach, each at its own instant.
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(1), null,
            new SlaMark("warning-75", SlaClockKind.Response, 75), new SlaMark("breach", SlaClockKind.Response, 100),
            new SlaMark("step-1", SlaClockKind.Response, 100, TimeSpan.FromHours(2)));

        var clocks = SlaClocks.Evaluate([At(Local(12, 7, 10), SlaEventKind.Opened, terms)], Local(12, 7, 12));

        clocks.Crossed.Select(c => (c.Key, c.CrossedAt)).ShouldBe([("Response:0:warning-75", Local(12, 7, 10, 45)), ("Response:0:breach", Local(12, 7, 11))]);
        clocks.Upcoming.ShouldHaveSingleItem().CrossedAt.ShouldBe(Local(12, 7, 13));
        clocks.NextNoticeAt(new HashSet<string> { "Response:0:warning-75" }).ShouldBe(Local(12, 7, 11));
        clocks.NextNoticeAt(new HashSet<string> { "Response:0:warning-75", "Response:0:breach" }).ShouldBe(Local(12, 7, 13));
    }

    [Fact]
    public void Evaluate_HistoryAfterNow_IsIgnored()
    {
        var terms = Terms(SlaClockKind.Response, TimeSpan.FromHours(1));

        var response = SlaClocks.Evaluate([At(Local(12, 7, 10), SlaEventKind.Opened, terms), At(Local(12, 7, 10, 50), SlaEventKind.Accepted)],
            Local(12, 7, 10, 30)).Clock(SlaClockKind.Response)!;

        response.State.ShouldBe(SlaClockState.Running);
        response.Elapsed.ShouldBe(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Evaluate_Reopened_ResolutionRunsOn()
    {
        // 08:00-10:00 until resolved (2 h of 4 h), reopened at 12:00: at 13:00 3 h have elapsed, due at 14:00.
        var terms = Terms(SlaClockKind.Resolution, TimeSpan.FromHours(4));
        var history = new[]
        {
            At(Local(12, 7, 8), SlaEventKind.Opened, terms),
            At(Local(12, 7, 10), SlaEventKind.Resolved),
            At(Local(12, 7, 12), SlaEventKind.Reopened),
        };

        var resolution = SlaClocks.Evaluate(history, Local(12, 7, 13)).Clock(SlaClockKind.Resolution)!;

        resolution.State.ShouldBe(SlaClockState.Running);
        resolution.Elapsed.ShouldBe(TimeSpan.FromHours(3));
        resolution.DueAt.ShouldBe(Local(12, 7, 14));
    }

    [Fact]
    public void Evaluate_Transferred_AcceptanceNewCycle()
    {
        var terms = Terms(SlaClockKind.Acceptance, TimeSpan.FromMinutes(15), marks: new SlaMark("step-1", SlaClockKind.Acceptance, 100));
        var history = new[]
        {
            At(Local(12, 7, 10), SlaEventKind.Opened, terms),
            At(Local(12, 7, 10, 5), SlaEventKind.Assigned),
            At(Local(12, 7, 10, 40), SlaEventKind.Assigned),
        };

        var clocks = SlaClocks.Evaluate(history, Local(12, 7, 10, 50));

        clocks.Crossed.ShouldHaveSingleItem().Key.ShouldBe("Acceptance:0:step-1");
        clocks.Crossed[0].CrossedAt.ShouldBe(Local(12, 7, 10, 20));
        var acceptance = clocks.Clock(SlaClockKind.Acceptance)!;
        acceptance.Cycle.ShouldBe(1);
        acceptance.Elapsed.ShouldBe(TimeSpan.FromMinutes(10));
        clocks.Upcoming.ShouldHaveSingleItem().Key.ShouldBe("Acceptance:1:step-1");
        clocks.Upcoming[0].CrossedAt.ShouldBe(Local(12, 7, 10, 55));
    }

    [Fact]
    public void Evaluate_BeforeFirstAssignment_AcceptanceIsPending()
    {
        var terms = Terms(SlaClockKind.Acceptance, TimeSpan.FromMinutes(15));

        SlaClocks.Evaluate([At(Local(12, 7, 10), SlaEventKind.Opened, terms)], Local(12, 7, 11)).Clock(SlaClockKind.Acceptance)!.State
            .ShouldBe(SlaClockState.Pending);
    }

    [Fact]
    public void Evaluate_Resolved_StopsEveryClock()
    {
        var terms = new SlaTerms(new Dictionary<SlaClockKind, SlaTarget>
        {
            [SlaClockKind.Arrival] = new(TimeSpan.FromHours(4)),
            [SlaClockKind.Restoration] = new(TimeSpan.FromHours(6)),
        }, []);

        var clocks = SlaClocks.Evaluate([At(Local(12, 7, 8), SlaEventKind.Opened, terms), At(Local(12, 7, 9), SlaEventKind.Resolved)], Local(12, 7, 20));

        clocks.Clock(SlaClockKind.Arrival)!.State.ShouldBe(SlaClockState.Met);
        clocks.Clock(SlaClockKind.Restoration)!.Elapsed.ShouldBe(TimeSpan.FromHours(1));
        clocks.NextNoticeAt(new HashSet<string>()).ShouldBeNull();
        clocks.NextDueAt.ShouldBeNull();
    }
}
