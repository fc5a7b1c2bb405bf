using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tests.ServiceContracts;

/// <summary>The snapshot a policy turns into, replayed by the ticket clocks with hand-worked crossing times.</summary>
public sealed class SlaTermsBuilderTests
{
    private static readonly TimeSpan s_china = TimeSpan.FromHours(8);

    [Fact]
    public void Snapshot_AroundTheClock_CrossesEveryMark()
    {
        var policy = new SlaPolicy
        {
            Id = 1001,
            Kind = SlaPolicyKind.Contract,
            ContractId = 7,
            FaultLevel = 2,
            Targets = [new(SlaClockKind.Response, 30, null), new(SlaClockKind.Restoration, 480, null)],
            WarningPercents = [75, 90],
            WarningNotify = ["assignee"],
            BreachNotify = ["teamLead"],
            Steps = [new SlaEscalationStep(4, SlaClockKind.Restoration, 100, 120, ["projectManager"], RaiseLevel: true)],
        };
        var opened = new DateTimeOffset(2026, 12, 1, 10, 0, 0, s_china);

        var snapshot = SlaTermsBuilder.Snapshot(policy, 7, 2);
        var evaluation = SlaClocks.Evaluate([new SlaEvent(opened, SlaEventKind.Opened, snapshot.ToTerms(_ => null))], opened.AddHours(11));
        var crossed = evaluation.Crossed.ToDictionary(c => c.Key, c => c.CrossedAt);

        snapshot.ContractId.ShouldBe(7);
        snapshot.PolicyId.ShouldBe(1001);
        crossed["Response:0:warning-75"].ShouldBe(opened.AddMinutes(22.5));
        crossed["Response:0:warning-90"].ShouldBe(opened.AddMinutes(27));
        crossed["Response:0:breach"].ShouldBe(opened.AddMinutes(30));
        crossed["Restoration:0:warning-75"].ShouldBe(opened.AddHours(6));
        crossed["Restoration:0:breach"].ShouldBe(opened.AddHours(8));
        crossed["Restoration:0:step-4"].ShouldBe(opened.AddHours(10));
        snapshot.MarkOf(SlaClockKind.Restoration, "step-4").ShouldNotBeNull().RaiseLevel.ShouldBeTrue();
        crossed.Keys.ShouldNotContain(k => k.StartsWith("Assignment", StringComparison.Ordinal));
    }

    [Fact]
    public void Snapshot_FridayEveningArrival_DueMondayNoon()
    {
        var office = new CalendarDefinition { Name = "默认工作日历", WorkingHours = CalendarDefinition.OfficeHours() }.ToCalendar();
        var policy = new SlaPolicy
        {
            Id = 1002,
            FaultLevel = 3,
            Targets = [new(SlaClockKind.Arrival, 240, CalendarDefinition.DefaultId)],
            WarningPercents = [75],
        };

        // Friday 2026-12-04 17:00 leaves one working hour, and Monday 09:00-12:00 gives the other three.
        var opened = new DateTimeOffset(2026, 12, 4, 17, 0, 0, s_china);
        var terms = SlaTermsBuilder.Snapshot(policy, null, 3).ToTerms(id => id == CalendarDefinition.DefaultId ? office : null);
        var evaluation = SlaClocks.Evaluate([new SlaEvent(opened, SlaEventKind.Opened, terms)], opened.AddHours(1));

        var arrival = evaluation.Clock(SlaClockKind.Arrival).ShouldNotBeNull();
        arrival.DueAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 12, 0, 0, s_china));
        evaluation.Upcoming.Single(c => c.Clock == SlaClockKind.Arrival).CrossedAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 11, 0, 0, s_china));
    }
}
