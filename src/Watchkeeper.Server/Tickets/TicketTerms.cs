using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Calendars;

namespace Watchkeeper.Server.Tickets;

/// <summary>The contract a ticket runs under, as far as the ticket workflow needs it.</summary>
public sealed record TicketContract(long Id, string Number, string Name, string? ProjectManagerUserId, IReadOnlyList<string> ResidentEngineerUserIds);

/// <summary>Where tickets get their contract, their SLA terms and the fault-level criteria.</summary>
public interface ITicketTermsSource
{
    /// <summary>The contract covering the organization at <paramref name="at"/>, or null.</summary>
    Task<TicketContract?> ContractForAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<TicketContract?> ContractAsync(long contractId, CancellationToken cancellationToken);

    /// <summary>Returns the terms for a fault level under a contract, or the default terms without one.</summary>
    Task<SlaTermsSnapshot> TermsAsync(long? contractId, int faultLevel, CancellationToken cancellationToken);

    Task<IReadOnlyList<FaultLevelCriteria>> FaultLevelCriteriaAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The terms that ship with Watchkeeper, used for tickets without a contract: faster targets around the clock for
/// levels 1 and 2, working time on the default calendar for levels 3 and 4.
/// </summary>
public sealed class ShippedTicketTerms : ITicketTermsSource
{
    private const long OfficeHours = CalendarDefinition.DefaultId;

    public Task<TicketContract?> ContractForAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult<TicketContract?>(null);

    public Task<TicketContract?> ContractAsync(long contractId, CancellationToken cancellationToken) => Task.FromResult<TicketContract?>(null);

    public Task<SlaTermsSnapshot> TermsAsync(long? contractId, int faultLevel, CancellationToken cancellationToken) =>
        Task.FromResult(Defaults(faultLevel));

    public Task<IReadOnlyList<FaultLevelCriteria>> FaultLevelCriteriaAsync(CancellationToken cancellationToken) =>
        Task.FromResult(FaultLevels.Defaults);

    /// <summary>
    /// Level 1: response 15 min, arrival 2 h, restoration 4 h, resolution 24 h, 7×24. Level 2: 30 min, 4 h, 8 h,
    /// 48 h, 7×24. Level 3: 2, 8, 16 and 40 working hours. Level 4: 8 and 40 working hours. Warnings go out at 75 %
    /// and 90 %, to the assignee and, at 90 %, the shift leaders on duty. A breach goes to both, and a breached
    /// resolution raises the level. An unassigned or unaccepted ticket goes to the shift leaders.
    /// </summary>
    public static SlaTermsSnapshot Defaults(int faultLevel)
    {
        var (calendar, response, arrival, restoration, resolution, assignment) = faultLevel switch
        {
            1 => ((long?)null, 15, 120, 240, 1440, 10),
            2 => (null, 30, 240, 480, 2880, 15),
            3 => (OfficeHours, 120, 480, 960, 2400, 60),
            _ => (OfficeHours, 480, 0, 0, 2400, 120),
        };

        var targets = new List<SlaTargetSnapshot>
        {
            new(SlaClockKind.Response, response, calendar),
            new(SlaClockKind.Resolution, resolution, calendar),
            new(SlaClockKind.Assignment, assignment, calendar),
            new(SlaClockKind.Acceptance, Math.Max(15, response / 2), calendar),
        };
        if (arrival > 0)
        {
            targets.Add(new SlaTargetSnapshot(SlaClockKind.Arrival, arrival, calendar));
            targets.Add(new SlaTargetSnapshot(SlaClockKind.Restoration, restoration, calendar));
        }

        var marks = new List<SlaMarkSnapshot>
        {
            new("unassigned", SlaClockKind.Assignment, SlaMarkKind.Escalation, 100, 0, ["teamLead"]),
            new("unaccepted", SlaClockKind.Acceptance, SlaMarkKind.Escalation, 100, 0, ["assignee", "teamLead"]),
        };
        foreach (var target in targets.Where(t => SlaClocks.IsServiceLevel(t.Clock)))
        {
            marks.Add(new SlaMarkSnapshot("warning-75", target.Clock, SlaMarkKind.Warning, 75, 0, ["assignee"]));
            marks.Add(new SlaMarkSnapshot("warning-90", target.Clock, SlaMarkKind.Warning, 90, 0, ["assignee", "teamLead"]));
            marks.Add(new SlaMarkSnapshot("breach", target.Clock, SlaMarkKind.Breach, 100, 0, ["assignee", "teamLead"],
                RaiseLevel: target.Clock == SlaClockKind.Resolution && faultLevel > 1));
        }

        return new SlaTermsSnapshot(null, null, faultLevel, targets, marks);
    }
}
