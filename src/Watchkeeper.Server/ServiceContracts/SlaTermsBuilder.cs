using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>Turns a stored policy into the terms snapshot that a ticket keeps.</summary>
internal static class SlaTermsBuilder
{
    public const string BreachMarkId = "breach";
    public const string UnassignedMarkId = "unassigned";
    public const string UnacceptedMarkId = "unaccepted";

    public static string WarningMarkId(int percent) => $"warning-{percent}";

    public static string StepMarkId(int stepId) => $"step-{stepId}";

    /// <summary>
    /// Builds the snapshot: every service-level target gets a warning mark per percentage and a breach mark. Each step
    /// becomes an escalation mark, and the Assignment and Acceptance targets get the unassigned and unaccepted marks.
    /// </summary>
    public static SlaTermsSnapshot Snapshot(SlaPolicy policy, long? contractId, int faultLevel)
    {
        var targets = policy.Targets.Select(t => new SlaTargetSnapshot(t.Clock, t.Minutes, t.CalendarId)).ToList();
        var marks = new List<SlaMarkSnapshot>();
        foreach (var target in policy.Targets.Where(t => SlaClocks.IsServiceLevel(t.Clock)))
        {
            marks.AddRange(policy.WarningPercents.Order().Select(percent =>
                new SlaMarkSnapshot(WarningMarkId(percent), target.Clock, SlaMarkKind.Warning, percent, 0, [.. policy.WarningNotify])));
            marks.Add(new SlaMarkSnapshot(BreachMarkId, target.Clock, SlaMarkKind.Breach, 100, 0, [.. policy.BreachNotify]));
        }

        var clocks = policy.Targets.Select(t => t.Clock).ToHashSet();
        marks.AddRange(policy.Steps.Where(s => clocks.Contains(s.Clock)).Select(step =>
            new SlaMarkSnapshot(StepMarkId(step.Id), step.Clock, SlaMarkKind.Escalation, step.Percent, step.AfterMinutes, [.. step.Notify], step.RaiseLevel)));
        if (clocks.Contains(SlaClockKind.Assignment))
        {
            marks.Add(new SlaMarkSnapshot(UnassignedMarkId, SlaClockKind.Assignment, SlaMarkKind.Escalation, 100, 0, [.. policy.UnassignedNotify]));
        }

        if (clocks.Contains(SlaClockKind.Acceptance))
        {
            marks.Add(new SlaMarkSnapshot(UnacceptedMarkId, SlaClockKind.Acceptance, SlaMarkKind.Escalation, 100, 0, [.. policy.UnacceptedNotify]));
        }

        return new SlaTermsSnapshot(contractId, policy.Id, faultLevel, targets, marks);
    }
}
