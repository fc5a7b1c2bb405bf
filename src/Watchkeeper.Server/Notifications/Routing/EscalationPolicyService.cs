using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Escalation policies: steps that tell more people about alarms nobody acknowledges in time.</summary>
public sealed class EscalationPolicyService(WatchkeeperDbContext db, TimeProvider time)
{
    public const int MaxSteps = 10;

    /// <summary>The latest a step may fire: one week after the alarm was first notified.</summary>
    public const int MaxAfterMinutes = 7 * 24 * 60;

    public async Task<IReadOnlyList<EscalationPolicyView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.EscalationPolicies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<EscalationPolicyView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.EscalationPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } policy ? ToView(policy) : null;

    public async Task<Result<EscalationPolicyView>> CreateAsync(EscalationPolicyInput input, CancellationToken cancellationToken) =>
        await SaveAsync(new EscalationPolicy { Name = "", CreatedAt = time.GetUtcNow() }, input, isNew: true, cancellationToken);

    public async Task<Result<EscalationPolicyView>> UpdateAsync(long id, EscalationPolicyInput input, CancellationToken cancellationToken)
    {
        var policy = await db.EscalationPolicies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return policy is null ? RoutingErrors.PolicyNotFound(id) : await SaveAsync(policy, input, isNew: false, cancellationToken);
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var policy = await db.EscalationPolicies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return RoutingErrors.PolicyNotFound(id);
        }

        var rules = await db.NotificationRules.IgnoreOrganizationScope().Where(r => r.EscalationPolicyId == id).Select(r => r.Name).ToListAsync(cancellationToken);
        if (rules.Count > 0)
        {
            return RoutingErrors.InUse("升级策略 / Escalation policy", id, rules);
        }

        db.EscalationPolicies.Remove(policy);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    public static EscalationPolicyView ToView(EscalationPolicy policy) => new(policy.Id, policy.Name, policy.UseWorkingTime, policy.CalendarId,
        [.. policy.Steps.Select(s => new EscalationStepInput(s.AfterMinutes, s.UserIds, s.GroupIds, s.DutyRosterLeader, s.ChannelIds))],
        policy.CreatedAt, policy.UpdatedAt);

    private async Task<Result<EscalationPolicyView>> SaveAsync(EscalationPolicy policy, EscalationPolicyInput input, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = RoutingReferences.Name(input.Name, EscalationPolicy.MaxNameLength);
        if (!name.IsSuccess)
        {
            errors.AddRange(name.Errors);
        }
        else if (await db.EscalationPolicies.AnyAsync(p => p.Name == name.Value && p.Id != policy.Id, cancellationToken))
        {
            errors.Add(RoutingErrors.NameDuplicate(name.Value));
        }

        await RoutingReferences.CheckCalendarAsync(db, input.CalendarId, "calendarId", errors, cancellationToken);
        var steps = await StepsAsync(input.Steps ?? [], errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<EscalationPolicyView>.Failure(errors);
        }

        policy.Name = name.Value;
        policy.UseWorkingTime = input.UseWorkingTime == true;
        policy.CalendarId = input.CalendarId;
        policy.Steps = steps;
        policy.UpdatedAt = time.GetUtcNow();
        if (isNew)
        {
            db.EscalationPolicies.Add(policy);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToView(policy);
    }

    private async Task<List<EscalationStep>> StepsAsync(IReadOnlyList<EscalationStepInput> inputs, List<Error> errors, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0)
        {
            errors.Add(RoutingErrors.StepsMissing());
            return [];
        }

        if (inputs.Count > MaxSteps)
        {
            errors.Add(RoutingErrors.TooMany("steps", inputs.Count, MaxSteps));
            return [];
        }

        var steps = new List<EscalationStep>();
        var previous = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.AfterMinutes is not { } minutes || minutes <= previous || minutes > MaxAfterMinutes)
            {
                errors.Add(RoutingErrors.StepMinutesInvalid(i + 1, input.AfterMinutes, previous));
            }

            var userIds = RoutingReferences.Ids(input.UserIds);
            var groupIds = RoutingReferences.Ids(input.GroupIds);
            var channelIds = RoutingReferences.Ids(input.ChannelIds);
            if (userIds.Count == 0 && groupIds.Count == 0 && input.DutyRosterLeader != true)
            {
                errors.Add(RoutingErrors.StepNoReceivers(i + 1));
            }

            await RoutingReferences.CheckUsersAsync(db, userIds, $"steps[{i}].userIds", errors, cancellationToken);
            await RoutingReferences.CheckGroupsAsync(db, groupIds, $"steps[{i}].groupIds", errors, cancellationToken);
            await RoutingReferences.CheckChannelsAsync(db, channelIds, $"steps[{i}].channelIds", errors, cancellationToken);
            steps.Add(new EscalationStep(input.AfterMinutes ?? 0, userIds, groupIds, input.DutyRosterLeader == true, channelIds));
            previous = Math.Max(previous, input.AfterMinutes ?? 0);
        }

        return steps;
    }
}
