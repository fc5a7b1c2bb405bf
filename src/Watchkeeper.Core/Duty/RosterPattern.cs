using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Duty;

/// <summary>A shift template of a team, e.g. 白班 08:00–20:00 or 夜班 20:00–08:00, in local time.</summary>
public sealed record ShiftTemplate(string Name, TimeOnly Start, TimeOnly End);

/// <summary>A team taking part in a rotation, with the templates it works on each of its days.</summary>
public sealed record RotationTeam(long TeamId, IReadOnlyList<ShiftTemplate> Templates);

/// <summary>One shift that a pattern produces: the team, its local date, the template name and the instants.</summary>
public sealed record PlannedShift(long TeamId, DateOnly Date, string Name, TimeInterval Window);

/// <summary>
/// A rotation of teams over days: the first team works the first <see cref="DaysPerTeam"/> days, the next team the
/// days after, and so on round the list. On each of its days a team works every one of its templates.
/// </summary>
/// <remarks>
/// Two patterns over the same dates compose the three-team 白-夜-休 cycle. Day shifts rotate A, B, C and night shifts
/// rotate C, A, B, so each team works a day shift, a night shift the next evening, then has a day off.
/// </remarks>
public sealed record RosterPattern(DateOnly From, DateOnly To, IReadOnlyList<RotationTeam> Teams, int DaysPerTeam = 1)
{
    /// <summary>The longest range one generation may cover, in days; a quarter keeps a request and its overlap check small.</summary>
    public const int MaxDays = 92;

    public const int MaxDaysPerTeam = 31;

    public const int MaxTeams = 20;

    public int DayCount => To.DayNumber - From.DayNumber + 1;

    /// <summary>Returns the team whose turn it is on <paramref name="date"/>.</summary>
    public RotationTeam TeamOn(DateOnly date)
    {
        var dayIndex = date.DayNumber - From.DayNumber;
        return Teams[dayIndex / DaysPerTeam % Teams.Count];
    }

    /// <summary>Returns every shift of the pattern in start order. Call only on a pattern that passed validation.</summary>
    public IReadOnlyList<PlannedShift> Expand(TimeZoneInfo zone)
    {
        var shifts = new List<PlannedShift>();
        for (var date = From; date <= To; date = date.AddDays(1))
        {
            var team = TeamOn(date);
            foreach (var template in team.Templates)
            {
                shifts.Add(new PlannedShift(team.TeamId, date, template.Name, ShiftWindow.Of(date, template.Start, template.End, zone)));
            }
        }

        return shifts.OrderBy(s => s.Window.Start).ThenBy(s => s.TeamId).ToList();
    }
}

/// <summary>Overlap rules of one team's shifts: a team cannot be on two shifts at once.</summary>
public static class ShiftOverlap
{
    /// <summary>Returns the first pair of shifts of one team whose windows overlap, or null when there is none.</summary>
    public static (PlannedShift First, PlannedShift Second)? FindFirst(IEnumerable<PlannedShift> shifts)
    {
        foreach (var team in shifts.GroupBy(s => s.TeamId))
        {
            PlannedShift? previous = null;
            foreach (var shift in team.OrderBy(s => s.Window.Start))
            {
                if (previous is not null && previous.Window.Overlaps(shift.Window))
                {
                    return (previous, shift);
                }

                if (previous is null || shift.Window.End > previous.Window.End)
                {
                    previous = shift;
                }
            }
        }

        return null;
    }
}
