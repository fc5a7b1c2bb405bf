using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

public enum ChangeConflictKind
{
    /// <summary>Two changes whose windows overlap touch a device in common.</summary>
    Overlap,

    /// <summary>A change's window falls in a freeze period that covers its scope.</summary>
    Freeze,
}

/// <summary>A change on the calendar: its permit window once the permit is issued, otherwise its planned window.</summary>
public sealed record CalendarChangeView(long Id, string Number, string Title, ChangeType Type, ChangeState State, long OrganizationId, DateTimeOffset Start,
    DateTimeOffset End, bool IsPermitWindow, int DeviceCount);

/// <summary>A conflict: two changes (otherChangeId) sharing devices over the overlap, or a change in a freeze period (freezePeriodId).</summary>
public sealed record CalendarConflictView(ChangeConflictKind Kind, long ChangeId, long? OtherChangeId, long? FreezePeriodId, DateTimeOffset Start,
    DateTimeOffset End, IReadOnlyList<long> SharedDeviceIds);

public sealed record ChangeCalendarView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CalendarChangeView> Changes,
    IReadOnlyList<ChangeFreezeView> FreezePeriods, IReadOnlyList<CalendarConflictView> Conflicts);

/// <summary>
/// The change calendar in the caller's scope: the windows in a range, the freeze periods, and the conflicts between them.
/// Rejected and cancelled changes are left out; conflicts are found among the open changes only.
/// </summary>
public sealed class ChangeCalendar(WatchkeeperDbContext db, ChangeHealth health, OrganizationDirectory organizations, ChangeFreezes freezes)
{
    /// <summary>The longest range, in days: a month view with the weeks around it.</summary>
    public const int MaxRangeDays = 62;

    /// <summary>The most changes one calendar shows; the conflict check compares each pair, so it stays bounded.</summary>
    public const int MaxChanges = 500;

    public async Task<ChangeCalendarView> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var changes = await db.ChangeRequests.AsNoTracking()
            .Where(c => c.State != ChangeState.Cancelled && c.State != ChangeState.Rejected)
            .Where(c => (c.Permit == null && c.PlannedStart < to && c.PlannedEnd > from)
                || (c.Permit != null && c.Permit.WindowStart < to && c.Permit.WindowEnd > from))
            .OrderBy(c => c.PlannedStart).ThenBy(c => c.Id).Take(MaxChanges).ToListAsync(cancellationToken);
        var scopes = new Dictionary<long, HashSet<long>>();
        foreach (var change in changes)
        {
            scopes[change.Id] = [.. await health.ScopeAsync(db, change, cancellationToken)];
        }

        var conflicts = new List<CalendarConflictView>();
        var open = changes.Where(c => c.IsOpen).ToList();
        for (var i = 0; i < open.Count; i++)
        {
            for (var j = i + 1; j < open.Count; j++)
            {
                var (a, b) = (open[i], open[j]);
                var start = Max(StartOf(a), StartOf(b));
                var end = Min(EndOf(a), EndOf(b));
                if (start >= end)
                {
                    continue;
                }

                var shared = scopes[a.Id].Intersect(scopes[b.Id]).Order().ToList();
                if (shared.Count > 0)
                {
                    conflicts.Add(new CalendarConflictView(ChangeConflictKind.Overlap, a.Id, b.Id, null, start, end, shared));
                }
            }
        }

        // Freeze periods outside the caller's scope still bind the caller's changes, so every one is checked here.
        var periods = await db.ChangeFreezePeriods.AsNoTracking().IgnoreOrganizationScope().Include(f => f.Organizations)
            .Where(f => f.StartAt < to && f.EndAt > from).ToListAsync(cancellationToken);
        foreach (var change in open)
        {
            var inWindow = periods.Where(p => p.StartAt < EndOf(change) && p.EndAt > StartOf(change)).ToList();
            foreach (var period in await ChangeFreezes.CoveringAsync(db, organizations, inWindow, change, [.. scopes[change.Id]], cancellationToken))
            {
                conflicts.Add(new CalendarConflictView(ChangeConflictKind.Freeze, change.Id, null, period.Id, Max(StartOf(change), period.StartAt),
                    Min(EndOf(change), period.EndAt), []));
            }
        }

        var views = changes.Select(c => new CalendarChangeView(c.Id, c.Number, c.Title, c.Type, c.State, c.OrganizationId, StartOf(c), EndOf(c),
            c.Permit is not null, scopes[c.Id].Count)).ToList();

        // A period that binds a change of the caller's is shown even when its organizations are outside the caller's scope.
        var listed = (await freezes.ListAsync(from, to, cancellationToken)).ToList();
        var binding = conflicts.Where(c => c.FreezePeriodId is not null).Select(c => c.FreezePeriodId!.Value).ToHashSet();
        listed.AddRange(periods.Where(p => binding.Contains(p.Id) && listed.All(l => l.Id != p.Id)).Select(ChangeFreezeView.Of));
        return new ChangeCalendarView(from, to, views, [.. listed.OrderBy(p => p.StartAt).ThenBy(p => p.Id)], conflicts);
    }

    private static DateTimeOffset StartOf(ChangeRequest change) => change.Permit?.WindowStart ?? change.PlannedStart;

    private static DateTimeOffset EndOf(ChangeRequest change) => change.Permit?.WindowEnd ?? change.PlannedEnd;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
