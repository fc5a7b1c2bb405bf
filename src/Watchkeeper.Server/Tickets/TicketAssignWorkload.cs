using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tickets;

/// <summary>One engineer's open assigned tickets, by fault level, and how many of them breached a target.</summary>
public sealed record TicketWorkloadView(string UserId, string Name, int Open, int Level1, int Level2, int Level3, int Level4, int Breached);

/// <summary>An engineer's fault categories, which automatic assignment prefers.</summary>
public sealed record EngineerSkillsView(string UserId, IReadOnlyList<FaultCategory> Categories);

public sealed record EngineerSkillsInput(IReadOnlyList<string>? Categories);

/// <summary>The workload per engineer and the engineers' skills, for automatic assignment and the dispatcher.</summary>
public sealed class TicketWorkloadQueries(WatchkeeperDbContext db)
{
    /// <summary>Counts the open assigned tickets in the caller's scope per assignee, busiest first.</summary>
    public async Task<IReadOnlyList<TicketWorkloadView>> WorkloadAsync(CancellationToken cancellationToken)
    {
        var open = TicketAssigner.OpenStates;
        var counts = await db.Tickets.AsNoTracking()
            .Where(t => t.AssigneeUserId != null && open.Contains(t.State))
            .GroupBy(t => new { UserId = t.AssigneeUserId!, t.FaultLevel })
            .Select(g => new WorkloadRow(g.Key.UserId, g.Key.FaultLevel, g.Count(), g.Count(t => t.IsBreached)))
            .ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName ?? u.Id }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

        return [.. counts.GroupBy(c => c.UserId)
            .Select(g => new TicketWorkloadView(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Sum(c => c.Count),
                Level(g, 1), Level(g, 2), Level(g, 3), Level(g, 4), g.Sum(c => c.Breached)))
            .OrderByDescending(w => w.Open).ThenBy(w => w.Name, StringComparer.Ordinal)];

        static int Level(IEnumerable<WorkloadRow> rows, int level) => rows.Where(r => r.FaultLevel == level).Sum(r => r.Count);
    }

    private sealed record WorkloadRow(string UserId, int FaultLevel, int Count, int Breached);

    /// <summary>Returns the user's skills, or null when the user does not exist.</summary>
    public async Task<EngineerSkillsView?> SkillsAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return null;
        }

        var categories = await db.EngineerSkills.AsNoTracking().Where(s => s.UserId == userId).Select(s => s.Category).ToListAsync(cancellationToken);
        return new EngineerSkillsView(userId, [.. categories.Order()]);
    }

    /// <summary>Replaces the user's skills with <paramref name="input"/>'s categories.</summary>
    public async Task<Result<EngineerSkillsView>> SetSkillsAsync(string userId, EngineerSkillsInput input, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return TicketRuleErrors.UserNotFound(userId);
        }

        var errors = new List<Error>();
        var categories = new SortedSet<FaultCategory>();
        foreach (var text in input.Categories ?? [])
        {
            if (!string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.Trim()[0]) && Enum.TryParse<FaultCategory>(text.Trim(), true, out var category))
            {
                categories.Add(category);
            }
            else
            {
                errors.Add(TicketApiErrors.EnumInvalid("categories", text, Enum.GetNames<FaultCategory>()));
            }
        }

        if (errors.Count > 0)
        {
            return Result<EngineerSkillsView>.Failure(errors);
        }

        var stored = await db.EngineerSkills.Where(s => s.UserId == userId).ToListAsync(cancellationToken);
        db.EngineerSkills.RemoveRange(stored.Where(s => !categories.Contains(s.Category)));
        db.EngineerSkills.AddRange(categories.Where(c => stored.All(s => s.Category != c)).Select(c => new EngineerSkill { UserId = userId, Category = c }));
        await db.SaveChangesAsync(cancellationToken);
        return new EngineerSkillsView(userId, [.. categories]);
    }
}
