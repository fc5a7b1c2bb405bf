namespace Watchkeeper.Core.Changes;

/// <summary>
/// An approval step as fixed when the change was submitted. Steps with the same order run in parallel; a step of a
/// higher order starts when every step below it is complete.
/// </summary>
/// <param name="Approvers">Who may approve: "user:{id}" or "role:{name}". With <see cref="ApprovalMode.All"/> every
/// entry needs its own approval by a different person.</param>
public sealed record ApprovalStepSnapshot(int Order, string Name, ApprovalMode Mode, IReadOnlyList<string> Approvers);

/// <summary>The user deciding, with the roles that approver entries such as "role:Leadership" match.</summary>
public sealed record ApproverIdentity(string UserId, IReadOnlySet<string> Roles)
{
    public bool Matches(string entry) =>
        entry.StartsWith("user:", StringComparison.Ordinal) ? entry.AsSpan(5).SequenceEqual(UserId)
        : entry.StartsWith("role:", StringComparison.Ordinal) && Roles.Contains(entry[5..]);
}

/// <summary>One approver's decision on one entry of a step, in one approval round.</summary>
public sealed class ChangeApproval
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public int Round { get; set; }

    public string StepName { get; set; } = "";

    /// <summary>The approver entry this decision is for, such as "role:Leadership".</summary>
    public string Entry { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>The approver who delegated this decision to <see cref="UserId"/>, if any.</summary>
    public string? OnBehalfOfUserId { get; set; }

    public bool Approved { get; set; }

    public string Comment { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>An approver's entry on a step handed to another user for one round.</summary>
public sealed class ChangeDelegation
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public int Round { get; set; }

    public string StepName { get; set; } = "";

    public string Entry { get; set; } = "";

    public string FromUserId { get; set; } = "";

    public string ToUserId { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>Which steps of a round are open, who may decide on them, and when the round is complete.</summary>
public static class ApprovalChain
{
    public static bool IsComplete(ApprovalStepSnapshot step, IEnumerable<ChangeApproval> decisions)
    {
        var approved = decisions.Where(d => d.StepName == step.Name && d.Approved).Select(d => d.Entry).ToHashSet(StringComparer.Ordinal);
        return step.Mode == ApprovalMode.Any ? approved.Count > 0 : step.Approvers.All(approved.Contains);
    }

    /// <summary>The steps waiting for decisions now: those of the lowest order that is not complete.</summary>
    public static IReadOnlyList<ApprovalStepSnapshot> Active(IReadOnlyList<ApprovalStepSnapshot> steps, IReadOnlyList<ChangeApproval> decisions)
    {
        var open = steps.Where(s => !IsComplete(s, decisions)).ToList();
        if (open.Count == 0)
        {
            return [];
        }

        var order = open.Min(s => s.Order);
        return [.. open.Where(s => s.Order == order)];
    }

    /// <summary>
    /// Returns the entries that <paramref name="who"/> may decide on now, each with the delegator decided for (null when
    /// the user decides for themself). A user decides once per step, and an entry already approved is not offered again.
    /// </summary>
    public static IReadOnlyList<(ApprovalStepSnapshot Step, string Entry, string? OnBehalfOf)> Pending(
        IReadOnlyList<ApprovalStepSnapshot> steps, IReadOnlyList<ChangeApproval> decisions, IReadOnlyList<ChangeDelegation> delegations,
        ApproverIdentity who)
    {
        var result = new List<(ApprovalStepSnapshot, string, string?)>();
        foreach (var step in Active(steps, decisions))
        {
            var mine = decisions.Where(d => d.StepName == step.Name).ToList();
            if (mine.Any(d => d.UserId == who.UserId))
            {
                continue;
            }

            var approved = mine.Where(d => d.Approved).Select(d => d.Entry).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in step.Approvers.Where(e => !approved.Contains(e)))
            {
                var delegated = delegations.Where(d => d.StepName == step.Name && d.Entry == entry).ToList();
                if (who.Matches(entry) && !delegated.Any(d => d.FromUserId == who.UserId))
                {
                    result.Add((step, entry, null));
                }
                else if (delegated.LastOrDefault(d => d.ToUserId == who.UserId) is { } delegation)
                {
                    // The delegate decides for the delegator, who no longer decides on this entry.
                    result.Add((step, entry, delegation.FromUserId));
                }
            }
        }

        return result;
    }
}
