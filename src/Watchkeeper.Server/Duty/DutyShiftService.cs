using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Duty;
using Watchkeeper.Core.Recording;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Duty;

/// <summary>Creates, changes and deletes single shifts, and generates a roster from the teams' templates.</summary>
public sealed class DutyShiftService(WatchkeeperDbContext db, DutyRoster roster, DutyTimeZone timeZone, TimeProvider time,
    ILogger<DutyShiftService> logger)
{
    public async Task<Result<DutyShiftView>> CreateAsync(DutyShiftInput input, CancellationToken cancellationToken)
    {
        var team = input.TeamId is { } teamId ? await FindTeamAsync(teamId, cancellationToken) : null;
        if (team is null)
        {
            return input.TeamId is { } missing
                ? DutyErrors.TeamNotFound(missing)
                : Error.Validation("duty.shift.team.missing", Bilingual.Join("请选择班组 (teamId)。", "Choose the duty team (teamId)."), "teamId");
        }

        var shift = new DutyShift { Name = "", TeamId = team.Id, CreatedAt = time.GetUtcNow() };
        var applied = await ApplyAsync(shift, team, input, cancellationToken);
        if (!applied.IsSuccess)
        {
            return Result<DutyShiftView>.Failure(applied.Errors);
        }

        db.Add(shift);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created shift {ShiftId} {ShiftName} of duty team {TeamId} from {StartAt} to {EndAt}", shift.Id, shift.Name, team.Id,
            shift.StartAt, shift.EndAt);
        return (await roster.ShiftAsync(shift.Id, cancellationToken))!;
    }

    /// <summary>Replaces a shift's name, times and users; the team stays.</summary>
    public async Task<Result<DutyShiftView>> UpdateAsync(long id, DutyShiftInput input, CancellationToken cancellationToken)
    {
        var shift = await db.Set<DutyShift>().Include(s => s.Assignees).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var team = shift is null ? null : await FindTeamAsync(shift.TeamId, cancellationToken);
        if (shift is null || team is null)
        {
            return DutyErrors.ShiftNotFound(id);
        }

        if (input.TeamId is { } teamId && teamId != shift.TeamId)
        {
            return Error.Validation("duty.shift.team.fixed", Bilingual.Join(
                $"班次 {id} 属于班组 {shift.TeamId}，不能改到其他班组；请删除后在目标班组新建。",
                $"Shift {id} belongs to duty team {shift.TeamId} and cannot move; delete it and create it in the other team."), "teamId");
        }

        var applied = await ApplyAsync(shift, team, input, cancellationToken);
        if (!applied.IsSuccess)
        {
            return Result<DutyShiftView>.Failure(applied.Errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Updated shift {ShiftId} {ShiftName} of duty team {TeamId}: {StartAt} to {EndAt}", shift.Id, shift.Name, team.Id,
            shift.StartAt, shift.EndAt);
        return (await roster.ShiftAsync(shift.Id, cancellationToken))!;
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var shift = await db.Set<DutyShift>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (shift is null || await FindTeamAsync(shift.TeamId, cancellationToken) is null)
        {
            return DutyErrors.ShiftNotFound(id);
        }

        db.Remove(shift);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Deleted shift {ShiftId} of duty team {TeamId}", id, shift.TeamId);
        return Result.Success();
    }

    /// <summary>
    /// Generates the shifts of a rotation over a date range. Nothing is saved when one generated shift would overlap
    /// another shift of the same team, generated or already in the roster.
    /// </summary>
    public async Task<Result<RosterGenerateResult>> GenerateAsync(RosterGenerateInput input, CancellationToken cancellationToken)
    {
        var pattern = await PatternAsync(input, cancellationToken);
        if (!pattern.IsSuccess)
        {
            return Result<RosterGenerateResult>.Failure(pattern.Errors);
        }

        var (rotation, teams) = pattern.Value;
        var planned = rotation.Expand(timeZone.Zone);
        if (ShiftOverlap.FindFirst(planned) is { } clash)
        {
            return OverlapError(teams[clash.Second.TeamId], clash.Second, clash.First);
        }

        var existing = await ExistingOverlapAsync(planned, teams, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var shifts = planned.Select(p =>
        {
            var team = teams[p.TeamId];
            var shift = new DutyShift { TeamId = p.TeamId, Date = p.Date, Name = p.Name, StartAt = p.Window.Start, EndAt = p.Window.End, LeaderUserId = team.LeaderUserId, CreatedAt = now };
            shift.Assignees.AddRange(team.Members.Select(m => new DutyShiftAssignee { UserId = m.UserId }));
            return shift;
        }).ToList();
        db.AddRange(shifts);
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("Generated {ShiftCount} shifts for duty teams {TeamIds} from {From} to {To}", shifts.Count,
            string.Join(",", teams.Keys), rotation.From, rotation.To);
        return new RosterGenerateResult(shifts.Count, rotation.From, rotation.To, shifts.Select(s => s.Id).ToList());
    }

    private async Task<Result<(RosterPattern Pattern, Dictionary<long, DutyTeam> Teams)>> PatternAsync(RosterGenerateInput input, CancellationToken cancellationToken)
    {
        var from = DutyInputs.ParseDate(input.From, "from");
        var to = DutyInputs.ParseDate(input.To, "to");
        if (!from.IsSuccess || !to.IsSuccess)
        {
            return Result<(RosterPattern, Dictionary<long, DutyTeam>)>.Failure([.. from.Errors, .. to.Errors]);
        }

        var days = to.Value.DayNumber - from.Value.DayNumber + 1;
        if (days < 1 || days > RosterPattern.MaxDays)
        {
            return DutyErrors.RangeInvalid(from.Value, to.Value, RosterPattern.MaxDays);
        }

        var daysPerTeam = input.DaysPerTeam ?? 1;
        if (daysPerTeam < 1 || daysPerTeam > RosterPattern.MaxDaysPerTeam)
        {
            return DutyErrors.DaysPerTeamInvalid(daysPerTeam, RosterPattern.MaxDaysPerTeam);
        }

        var teamIds = (input.TeamIds ?? []).Distinct().ToList();
        if (teamIds.Count == 0)
        {
            return DutyErrors.TeamsMissing();
        }

        if (teamIds.Count > RosterPattern.MaxTeams)
        {
            return DutyErrors.TooMany("teamIds", teamIds.Count, RosterPattern.MaxTeams);
        }

        var templateName = string.IsNullOrWhiteSpace(input.TemplateName) ? null : input.TemplateName.Trim();
        var teams = await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Include(t => t.Members).Include(t => t.Templates)
            .AsSplitQuery()
            .Where(t => teamIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        var rotation = new List<RotationTeam>();
        foreach (var teamId in teamIds)
        {
            if (!teams.TryGetValue(teamId, out var team))
            {
                return DutyErrors.TeamNotFound(teamId);
            }

            var templates = team.Templates.Where(t => templateName is null || t.Name == templateName).OrderBy(t => t.Position)
                .Select(t => new ShiftTemplate(t.Name, t.StartTime, t.EndTime)).ToList();
            if (templates.Count == 0)
            {
                return DutyErrors.TeamHasNoTemplates(team.Name, templateName);
            }

            rotation.Add(new RotationTeam(teamId, templates));
        }

        return (new RosterPattern(from.Value, to.Value, rotation, daysPerTeam), teams);
    }

    private async Task<Error?> ExistingOverlapAsync(IReadOnlyList<PlannedShift> planned, Dictionary<long, DutyTeam> teams, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
        {
            return null;
        }

        var teamIds = teams.Keys.ToList();
        var start = planned.Min(p => p.Window.Start);
        var end = planned.Max(p => p.Window.End);
        var existing = await db.Set<DutyShift>().AsNoTracking()
            .Where(s => teamIds.Contains(s.TeamId) && s.StartAt < end && s.EndAt > start)
            .Select(s => new { s.TeamId, s.Date, s.Name, s.StartAt, s.EndAt })
            .ToListAsync(cancellationToken);
        foreach (var shift in planned)
        {
            var other = existing.FirstOrDefault(e => e.TeamId == shift.TeamId && e.StartAt < shift.Window.End && shift.Window.Start < e.EndAt);
            if (other is not null)
            {
                return OverlapError(teams[shift.TeamId], shift, new PlannedShift(other.TeamId, other.Date, other.Name, new TimeInterval(other.StartAt, other.EndAt)));
            }
        }

        return null;
    }

    private async Task<Result<DutyShift>> ApplyAsync(DutyShift shift, DutyTeam team, DutyShiftInput input, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var date = DutyInputs.ParseDate(input.Date, "date");
        var name = DutyInputs.Name(input.Name, "name", TeamShiftTemplate.MaxNameLength);
        errors.AddRange(date.Errors.Concat(name.Errors));

        var template = name.IsSuccess ? team.Templates.FirstOrDefault(t => t.Name == name.Value) : null;
        TimeOnly start = default, end = default;
        if (template is not null && string.IsNullOrWhiteSpace(input.Start) && string.IsNullOrWhiteSpace(input.End))
        {
            (start, end) = (template.StartTime, template.EndTime);
        }
        else if (name.IsSuccess && template is null && string.IsNullOrWhiteSpace(input.Start) && string.IsNullOrWhiteSpace(input.End))
        {
            errors.Add(DutyErrors.NoTimes(name.Value));
        }
        else
        {
            var parsedStart = DutyInputs.ParseTime(input.Start, "start");
            var parsedEnd = DutyInputs.ParseTime(input.End, "end");
            errors.AddRange(parsedStart.Errors.Concat(parsedEnd.Errors));
            (start, end) = (parsedStart.IsSuccess ? parsedStart.Value : default, parsedEnd.IsSuccess ? parsedEnd.Value : default);
        }

        var leader = string.IsNullOrWhiteSpace(input.LeaderUserId) ? team.LeaderUserId : input.LeaderUserId.Trim();
        var users = input.UserIds is null ? team.Members.Select(m => m.UserId).ToList() : DutyInputs.DistinctIds(input.UserIds);
        if (leader is not null && !users.Contains(leader, StringComparer.Ordinal))
        {
            users.Insert(0, leader);
        }

        if (users.Count > DutyTeam.MaxMembers)
        {
            errors.Add(DutyErrors.TooMany("userIds", users.Count, DutyTeam.MaxMembers));
        }
        else if (await DutyUsers.MissingAsync(db, users, cancellationToken) is { Count: > 0 } missing)
        {
            errors.Add(DutyErrors.UsersNotFound("userIds", missing));
        }

        if (errors.Count > 0)
        {
            return Result<DutyShift>.Failure(errors);
        }

        var window = ShiftWindow.Of(date.Value, start, end, timeZone.Zone);
        var planned = new PlannedShift(team.Id, date.Value, name.Value, window);
        var other = await db.Set<DutyShift>().AsNoTracking()
            .Where(s => s.TeamId == team.Id && s.Id != shift.Id && s.StartAt < window.End && s.EndAt > window.Start)
            .OrderBy(s => s.StartAt)
            .Select(s => new { s.Date, s.Name, s.StartAt, s.EndAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (other is not null)
        {
            return OverlapError(team, planned, new PlannedShift(team.Id, other.Date, other.Name, new TimeInterval(other.StartAt, other.EndAt)));
        }

        shift.Date = date.Value;
        shift.Name = name.Value;
        shift.StartAt = window.Start;
        shift.EndAt = window.End;
        shift.LeaderUserId = leader;
        shift.Assignees.RemoveAll(a => !users.Contains(a.UserId, StringComparer.Ordinal));
        shift.Assignees.AddRange(users.Where(id => shift.Assignees.All(a => a.UserId != id)).Select(id => new DutyShiftAssignee { UserId = id }));
        return shift;
    }

    private Error OverlapError(DutyTeam team, PlannedShift shift, PlannedShift other) =>
        DutyErrors.Overlap(team.Name, shift.Name, shift.Date, DutyInputs.FormatSpan(shift.Window.Start, shift.Window.End, timeZone.Zone),
            other.Name, other.Date, DutyInputs.FormatSpan(other.Window.Start, other.Window.End, timeZone.Zone));

    private async Task<DutyTeam?> FindTeamAsync(long id, CancellationToken cancellationToken) =>
        await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Include(t => t.Members).Include(t => t.Templates)
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
}
