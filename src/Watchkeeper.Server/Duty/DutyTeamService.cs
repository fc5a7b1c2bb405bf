using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Duty;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Duty;

/// <summary>Creates, changes and deletes duty teams and their shift templates.</summary>
public sealed class DutyTeamService(WatchkeeperDbContext db, OrganizationDirectory organizations, DutyTimeZone timeZone, TimeProvider time,
    ILogger<DutyTeamService> logger)
{
    public async Task<IReadOnlyList<DutyTeamView>> ListAsync(CancellationToken cancellationToken)
    {
        var teams = await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Include(t => t.Members).Include(t => t.Templates)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return await ViewsAsync(teams, cancellationToken);
    }

    public async Task<DutyTeamView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var team = await FindVisibleAsync(id, cancellationToken);
        return team is null ? null : (await ViewsAsync([team], cancellationToken))[0];
    }

    public async Task<Result<DutyTeamView>> CreateAsync(DutyTeamInput input, CancellationToken cancellationToken)
    {
        var valid = await ValidateAsync(input, null, cancellationToken);
        if (!valid.IsSuccess)
        {
            return Result<DutyTeamView>.Failure(valid.Errors);
        }

        var team = new DutyTeam { Name = valid.Value.Name, OrganizationId = valid.Value.OrganizationId, CreatedAt = time.GetUtcNow() };
        Apply(team, valid.Value);
        db.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created duty team {TeamId} {TeamName} for organization {OrganizationId}", team.Id, team.Name, team.OrganizationId);
        return (await ViewsAsync([team], cancellationToken))[0];
    }

    public async Task<Result<DutyTeamView>> UpdateAsync(long id, DutyTeamInput input, CancellationToken cancellationToken)
    {
        var team = await db.Set<DutyTeam>().Include(t => t.Members).Include(t => t.Templates).AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null || !DutyScope.Sees(team.OrganizationId))
        {
            return DutyErrors.TeamNotFound(id);
        }

        var valid = await ValidateAsync(input, id, cancellationToken);
        if (!valid.IsSuccess)
        {
            return Result<DutyTeamView>.Failure(valid.Errors);
        }

        team.Name = valid.Value.Name;
        team.OrganizationId = valid.Value.OrganizationId;
        Apply(team, valid.Value);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Updated duty team {TeamId} {TeamName}", team.Id, team.Name);
        return (await ViewsAsync([team], cancellationToken))[0];
    }

    /// <summary>Deletes a team with its shifts and their handover notes.</summary>
    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var team = await db.Set<DutyTeam>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null || !DutyScope.Sees(team.OrganizationId))
        {
            return DutyErrors.TeamNotFound(id);
        }

        db.Remove(team);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Deleted duty team {TeamId} {TeamName}", team.Id, team.Name);
        return Result.Success();
    }

    private async Task<DutyTeam?> FindVisibleAsync(long id, CancellationToken cancellationToken) =>
        await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Include(t => t.Members).Include(t => t.Templates)
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    private sealed record ValidTeam(string Name, long OrganizationId, string? LeaderUserId, List<string> Members, List<ShiftTemplate> Templates);

    private async Task<Result<ValidTeam>> ValidateAsync(DutyTeamInput input, long? teamId, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = DutyInputs.Name(input.Name, "name", DutyTeam.MaxNameLength);
        errors.AddRange(name.Errors);

        var tree = await organizations.GetTreeAsync(cancellationToken);
        if (input.OrganizationId is not { } organizationId || tree.Find(organizationId) is null || !DutyScope.Sees(organizationId))
        {
            errors.Add(DutyErrors.OrganizationNotFound(input.OrganizationId) with { Kind = ErrorKind.Validation, Field = "organizationId" });
        }

        var leader = string.IsNullOrWhiteSpace(input.LeaderUserId) ? null : input.LeaderUserId.Trim();
        var members = DutyInputs.DistinctIds(input.MemberUserIds);
        if (leader is not null && !members.Contains(leader, StringComparer.Ordinal))
        {
            members.Insert(0, leader);
        }

        if (members.Count > DutyTeam.MaxMembers)
        {
            errors.Add(DutyErrors.TooMany("memberUserIds", members.Count, DutyTeam.MaxMembers));
        }
        else if (await DutyUsers.MissingAsync(db, members, cancellationToken) is { Count: > 0 } missing)
        {
            errors.Add(DutyErrors.UsersNotFound("memberUserIds", missing));
        }

        var templates = ValidateTemplates(input.Templates, errors);
        if (errors.Count > 0)
        {
            return Result<ValidTeam>.Failure(errors);
        }

        var organization = input.OrganizationId!.Value;
        if (await db.Set<DutyTeam>().AnyAsync(t => t.Id != teamId && t.OrganizationId == organization && t.Name == name.Value, cancellationToken))
        {
            return DutyErrors.TeamNameDuplicate(name.Value);
        }

        return new ValidTeam(name.Value, organization, leader, members, templates);
    }

    private List<ShiftTemplate> ValidateTemplates(IReadOnlyList<ShiftTemplateInput>? inputs, List<Error> errors)
    {
        var templates = new List<ShiftTemplate>();
        if (inputs is null)
        {
            return templates;
        }

        if (inputs.Count > DutyTeam.MaxTemplates)
        {
            errors.Add(DutyErrors.TooMany("templates", inputs.Count, DutyTeam.MaxTemplates));
            return templates;
        }

        foreach (var input in inputs)
        {
            var name = DutyInputs.Name(input.Name, "templates", TeamShiftTemplate.MaxNameLength);
            var start = DutyInputs.ParseTime(input.Start, "templates");
            var end = DutyInputs.ParseTime(input.End, "templates");
            errors.AddRange(name.Errors.Concat(start.Errors).Concat(end.Errors));
            if (name.IsSuccess && templates.Any(t => t.Name == name.Value))
            {
                errors.Add(DutyErrors.TemplateDuplicate(name.Value));
            }
            else if (name.IsSuccess && start.IsSuccess && end.IsSuccess)
            {
                templates.Add(new ShiftTemplate(name.Value, start.Value, end.Value));
            }
        }

        // A team works all its templates on each of its days, possibly on consecutive days: two days show every clash.
        var sample = new DateOnly(2000, 1, 3);
        var twoDays = new RosterPattern(sample, sample.AddDays(1), [new RotationTeam(0, templates)]).Expand(timeZone.Zone);
        if (errors.Count == 0 && ShiftOverlap.FindFirst(twoDays) is { } clash)
        {
            errors.Add(DutyErrors.TemplatesOverlap(clash.First.Name, clash.Second.Name));
        }

        return templates;
    }

    private static void Apply(DutyTeam team, ValidTeam valid)
    {
        team.LeaderUserId = valid.LeaderUserId;
        team.Members.RemoveAll(m => !valid.Members.Contains(m.UserId, StringComparer.Ordinal));
        foreach (var userId in valid.Members.Where(id => team.Members.All(m => m.UserId != id)))
        {
            team.Members.Add(new DutyTeamMember { TeamId = team.Id, UserId = userId });
        }

        team.Templates.Clear();
        team.Templates.AddRange(valid.Templates.Select((t, i) => new TeamShiftTemplate { Name = t.Name, StartTime = t.Start, EndTime = t.End, Position = i }));
    }

    private async Task<List<DutyTeamView>> ViewsAsync(IReadOnlyList<DutyTeam> teams, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var users = await DutyUsers.LoadAsync(db, teams.SelectMany(t => t.Members.Select(m => m.UserId).Append(t.LeaderUserId)), cancellationToken);
        return teams
            .OrderBy(t => tree.PathOf(t.OrganizationId), StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new DutyTeamView(t.Id, t.Name, t.OrganizationId, tree.PathOf(t.OrganizationId), users.View(t.LeaderUserId),
                users.Views(t.Members.Select(m => m.UserId).Order(StringComparer.Ordinal)),
                t.Templates.OrderBy(x => x.Position)
                    .Select(x => new ShiftTemplateView(x.Id, x.Name, DutyInputs.FormatTime(x.StartTime), DutyInputs.FormatTime(x.EndTime))).ToList()))
            .ToList();
    }
}
