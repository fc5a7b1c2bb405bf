using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Duty;

/// <summary>The duty roster as alarm routing and ticket assignment read it.</summary>
public interface IDutyRoster
{
    /// <summary>
    /// Returns the shifts on duty for <paramref name="organizationId"/> at <paramref name="at"/>: those of the teams of
    /// the organization itself or, when none of them is on duty, of the nearest ancestor whose teams are. Disabled users
    /// are left out. Reads only teams in <c>OrganizationScope.Current</c>, so background callers see every team.
    /// </summary>
    Task<OnDutyView> OnDutyAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Returns the shifts that overlap [from, to), optionally of one team, in start order.</summary>
    Task<Result<IReadOnlyList<DutyShiftView>>> ShiftsAsync(DateTimeOffset from, DateTimeOffset to, long? teamId = null,
        CancellationToken cancellationToken = default);
}

public sealed class DutyRoster(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, DutyTimeZone timeZone)
    : IDutyRoster
{
    /// <summary>The maximum number of shifts one roster query returns; a query that matches more is rejected with a request to narrow it.</summary>
    public const int MaxShifts = 5000;

    public async Task<OnDutyView> OnDutyAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        // Npgsql writes only UTC DateTimeOffset parameters to timestamptz.
        at = at.ToUniversalTime();
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var chain = AncestorsOf(tree, organizationId);
        if (chain.Count == 0)
        {
            return new OnDutyView(organizationId, timeZone.ToLocal(at), null, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Where(t => chain.Contains(t.OrganizationId))
            .Select(t => new { t.Id, t.Name, t.OrganizationId })
            .ToListAsync(cancellationToken);
        var teamIds = teams.Select(t => t.Id).ToList();
        var shifts = await db.Set<DutyShift>().AsNoTracking()
            .Include(s => s.Assignees)
            .Where(s => teamIds.Contains(s.TeamId) && s.StartAt <= at && s.EndAt > at)
            .ToListAsync(cancellationToken);

        var teamById = teams.ToDictionary(t => t.Id);
        var servedBy = chain.Where(level => shifts.Any(s => teamById[s.TeamId].OrganizationId == level)).Select(level => (long?)level).FirstOrDefault();
        if (servedBy is null)
        {
            return new OnDutyView(organizationId, timeZone.ToLocal(at), null, []);
        }

        var onDuty = shifts.Where(s => teamById[s.TeamId].OrganizationId == servedBy).ToList();
        var users = await DutyUsers.LoadAsync(db, onDuty.SelectMany(s => s.Assignees.Select(a => a.UserId).Append(s.LeaderUserId)), cancellationToken);
        var views = onDuty
            .OrderBy(s => s.StartAt).ThenBy(s => teamById[s.TeamId].Name, StringComparer.Ordinal)
            .Select(s => new OnDutyShift(s.Id, s.TeamId, teamById[s.TeamId].Name, servedBy.Value, s.Name, timeZone.ToLocal(s.StartAt), timeZone.ToLocal(s.EndAt),
                users.OnDuty(AssigneesWithLeader(s), s.LeaderUserId)))
            .ToList();
        return new OnDutyView(organizationId, timeZone.ToLocal(at), servedBy, views);
    }

    public Task<Result<IReadOnlyList<DutyShiftView>>> ShiftsAsync(DateTimeOffset from, DateTimeOffset to, long? teamId = null,
        CancellationToken cancellationToken = default) =>
        ShiftsAsync(from, to, teamId, organizationId: null, cancellationToken);

    /// <summary>
    /// Returns the shifts that overlap [from, to). <paramref name="organizationId"/> keeps the teams that serve any part of
    /// that organization: teams of the organization, of its ancestors and of its descendants.
    /// </summary>
    public async Task<Result<IReadOnlyList<DutyShiftView>>> ShiftsAsync(DateTimeOffset from, DateTimeOffset to, long? teamId, long? organizationId,
        CancellationToken cancellationToken)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking());
        if (teamId is { } onlyTeam)
        {
            teams = teams.Where(t => t.Id == onlyTeam);
        }

        if (organizationId is { } organization)
        {
            var tree = await organizations.GetTreeAsync(cancellationToken);
            var related = AncestorsOf(tree, organization).Concat(tree.SubtreeIds(organization)).Distinct().ToList();
            teams = teams.Where(t => related.Contains(t.OrganizationId));
        }

        var teamRows = await teams.Select(t => new TeamRow(t.Id, t.Name, t.OrganizationId)).ToListAsync(cancellationToken);
        var teamIds = teamRows.Select(t => t.Id).ToList();
        var shifts = await db.Set<DutyShift>().AsNoTracking()
            .Include(s => s.Assignees)
            .Where(s => teamIds.Contains(s.TeamId) && s.StartAt < to && s.EndAt > from)
            .OrderBy(s => s.StartAt).ThenBy(s => s.TeamId)
            .Take(MaxShifts + 1)
            .ToListAsync(cancellationToken);
        if (shifts.Count > MaxShifts)
        {
            return Error.Validation("duty.roster.too_many", Bilingual.Join(
                $"该范围内超过 {MaxShifts} 个班次，请缩小日期范围或指定班组。", $"More than {MaxShifts} shifts fall in this range; narrow the dates or choose a team."), "to");
        }

        return Result<IReadOnlyList<DutyShiftView>>.Success(await ViewsAsync(db, shifts, teamRows.ToDictionary(t => t.Id), cancellationToken));
    }

    /// <summary>Returns one shift when its team is visible, or null.</summary>
    public async Task<DutyShiftView?> ShiftAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shift = await db.Set<DutyShift>().AsNoTracking().Include(s => s.Assignees).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (shift is null)
        {
            return null;
        }

        var team = await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Where(t => t.Id == shift.TeamId)
            .Select(t => new TeamRow(t.Id, t.Name, t.OrganizationId))
            .FirstOrDefaultAsync(cancellationToken);
        return team is null ? null : (await ViewsAsync(db, [shift], new() { [team.Id] = team }, cancellationToken))[0];
    }

    private async Task<IReadOnlyList<DutyShiftView>> ViewsAsync(WatchkeeperDbContext db, List<DutyShift> shifts, Dictionary<long, TeamRow> teams,
        CancellationToken cancellationToken)
    {
        var shiftIds = shifts.Select(s => s.Id).ToList();
        var notes = await db.Set<HandoverNote>().AsNoTracking()
            .Where(n => shiftIds.Contains(n.ShiftId) || (n.IncomingShiftId != null && shiftIds.Contains(n.IncomingShiftId.Value)))
            .OrderBy(n => n.WrittenAt)
            .ToListAsync(cancellationToken);
        var userIds = shifts.SelectMany(AssigneesWithLeader)
            .Concat(notes.Select(n => n.AuthorUserId))
            .Concat(notes.Select(n => n.AcknowledgedByUserId).OfType<string>());
        var users = await DutyUsers.LoadAsync(db, userIds, cancellationToken);

        return shifts.Select(s =>
        {
            var team = teams[s.TeamId];
            var shiftNotes = notes.Where(n => n.ShiftId == s.Id || n.IncomingShiftId == s.Id).Select(n => NoteView(n, users)).ToList();
            return new DutyShiftView(s.Id, s.TeamId, team.Name, team.OrganizationId, s.Date, s.Name, timeZone.ToLocal(s.StartAt),
                timeZone.ToLocal(s.EndAt), users.View(s.LeaderUserId), users.Views(s.Assignees.Select(a => a.UserId).Order(StringComparer.Ordinal)),
                shiftNotes);
        }).ToList();
    }

    private HandoverNoteView NoteView(HandoverNote note, DutyUsers users) =>
        new(note.Id, note.ShiftId, note.IncomingShiftId, note.Text, note.OpenItems,
            users.View(note.AuthorUserId) ?? new DutyUserView(note.AuthorUserId, note.AuthorUserId, null),
            timeZone.ToLocal(note.WrittenAt), users.View(note.AcknowledgedByUserId),
            note.AcknowledgedAt is { } acknowledged ? timeZone.ToLocal(acknowledged) : null);

    private static IEnumerable<string> AssigneesWithLeader(DutyShift shift)
    {
        var ids = shift.Assignees.Select(a => a.UserId);
        return shift.LeaderUserId is { } leader ? ids.Append(leader).Distinct(StringComparer.Ordinal) : ids;
    }

    /// <summary>Returns the organization and its ancestors, nearest first; empty when the organization does not exist.</summary>
    private static List<long> AncestorsOf(OrganizationTree tree, long organizationId)
    {
        var chain = new List<long>();
        for (var node = tree.Find(organizationId); node is not null && !chain.Contains(node.Id); node = node.ParentId is { } p ? tree.Find(p) : null)
        {
            chain.Add(node.Id);
        }

        return chain;
    }

    private sealed record TeamRow(long Id, string Name, long OrganizationId);
}
