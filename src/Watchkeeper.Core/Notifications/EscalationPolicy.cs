using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Notifications;

/// <summary>One escalation step: whom else to notify when an alarm stays unacknowledged this long after it was first notified.</summary>
public sealed record EscalationStep(int AfterMinutes, IReadOnlyList<string> UserIds, IReadOnlyList<long> GroupIds, bool DutyRosterLeader,
    IReadOnlyList<long> ChannelIds);

/// <summary>Steps in order of <see cref="EscalationStep.AfterMinutes"/>, counted in wall-clock or working minutes.</summary>
public static class EscalationSchedule
{
    /// <summary>
    /// Returns when step <paramref name="stepNumber"/> (1-based) is due for an alarm first notified at
    /// <paramref name="startedAt"/>, or null when there is no such step. With a calendar, the minutes are working minutes.
    /// </summary>
    public static DateTimeOffset? DueAt(IReadOnlyList<EscalationStep> steps, int stepNumber, DateTimeOffset startedAt, BusinessCalendar? workingTime)
    {
        if (stepNumber < 1 || stepNumber > steps.Count)
        {
            return null;
        }

        var after = TimeSpan.FromMinutes(steps[stepNumber - 1].AfterMinutes);
        return workingTime is null ? startedAt + after : workingTime.AddWorkingTime(startedAt, after);
    }
}
