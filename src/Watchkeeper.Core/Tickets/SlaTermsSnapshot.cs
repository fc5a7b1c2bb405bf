using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tickets;

public enum SlaMarkKind
{
    Warning,
    Breach,
    Escalation,
}

/// <summary>A clock's target as stored: minutes on a business calendar, or on 7×24 time when the calendar is null.</summary>
public sealed record SlaTargetSnapshot(SlaClockKind Clock, int Minutes, long? CalendarId);

/// <summary>
/// A mark as stored with the terms, with what to do when it is crossed.
/// </summary>
/// <param name="Notify">Receivers in the notification routing's notation, such as "user:ID", "group:ID", "duty", "assignee".</param>
/// <param name="RaiseLevel">Whether crossing it raises the fault level by one (towards level 1).</param>
public sealed record SlaMarkSnapshot(string Id, SlaClockKind Clock, SlaMarkKind Kind, int Percent, int AfterMinutes,
    IReadOnlyList<string> Notify, bool RaiseLevel = false);

/// <summary>
/// The terms a ticket ran under from some instant on, copied from its contract's SLA policy for its fault level when
/// they applied. The copy keeps the history replayable after the policy is edited.
/// </summary>
public sealed record SlaTermsSnapshot(long? ContractId, long? PolicyId, int FaultLevel, IReadOnlyList<SlaTargetSnapshot> Targets,
    IReadOnlyList<SlaMarkSnapshot> Marks)
{
    public static SlaTermsSnapshot Empty(int faultLevel) => new(null, null, faultLevel, [], []);

    /// <summary>Whether both hold the same contract, policy, level, targets and marks, list by list.</summary>
    public bool SameAs(SlaTermsSnapshot other) =>
        ContractId == other.ContractId && PolicyId == other.PolicyId && FaultLevel == other.FaultLevel
        && Targets.SequenceEqual(other.Targets)
        && Marks.Count == other.Marks.Count
        && Marks.Zip(other.Marks).All(p => p.First with { Notify = [] } == p.Second with { Notify = [] } && p.First.Notify.SequenceEqual(p.Second.Notify));

    public SlaMarkSnapshot? MarkOf(SlaClockKind clock, string id) => Marks.FirstOrDefault(m => m.Clock == clock && m.Id == id);

    /// <summary>Builds the terms for <see cref="SlaClocks"/>. A calendar that the lookup does not find counts as 7×24 time.</summary>
    public SlaTerms ToTerms(Func<long, BusinessCalendar?> calendars)
    {
        var targets = new Dictionary<SlaClockKind, SlaTarget>();
        foreach (var target in Targets)
        {
            targets[target.Clock] = new SlaTarget(TimeSpan.FromMinutes(target.Minutes), target.CalendarId is { } id ? calendars(id) : null);
        }

        return new SlaTerms(targets, [.. Marks.Select(m => new SlaMark(m.Id, m.Clock, m.Percent, TimeSpan.FromMinutes(m.AfterMinutes)))]);
    }
}
