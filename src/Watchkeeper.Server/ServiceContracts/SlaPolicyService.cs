using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>Reads and edits SLA policies: a contract's own, the defaults and the Advanced template.</summary>
public sealed class SlaPolicyService(WatchkeeperDbContext db, SlaPolicyNotifier notifier, TimeProvider time, ILogger<SlaPolicyService> logger)
{
    /// <summary>Returns the default policies and the Advanced template, by kind and fault level.</summary>
    public async Task<IReadOnlyList<SlaPolicyView>> ListSharedAsync(CancellationToken cancellationToken) =>
        (await db.SlaPolicies.AsNoTracking().Where(p => p.ContractId == null).ToListAsync(cancellationToken))
            .OrderBy(p => p.Kind).ThenBy(p => p.FaultLevel).Select(SlaPolicyView.From).ToList();

    public async Task<SlaPolicyView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.SlaPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } policy ? SlaPolicyView.From(policy) : null;

    /// <summary>Returns, for each fault level, the contract's own policy or the default one it uses. Returns null when the contract is not visible.</summary>
    public async Task<IReadOnlyList<ContractPolicyView>?> ForContractAsync(long contractId, CancellationToken cancellationToken)
    {
        if (!await db.ServiceContracts.AnyAsync(c => c.Id == contractId, cancellationToken))
        {
            return null;
        }

        var policies = await db.SlaPolicies.AsNoTracking()
            .Where(p => p.ContractId == contractId || (p.ContractId == null && p.Kind == SlaPolicyKind.Default))
            .ToListAsync(cancellationToken);
        var views = new List<ContractPolicyView>();
        for (var level = Ticket.MinLevel; level <= Ticket.MaxLevel; level++)
        {
            var own = policies.Where(p => p.ContractId == contractId && p.FaultLevel == level).OrderBy(p => p.Id).FirstOrDefault();
            var policy = own ?? policies.Where(p => p.Kind == SlaPolicyKind.Default && p.FaultLevel == level).OrderBy(p => p.Id).FirstOrDefault();
            if (policy is not null)
            {
                views.Add(new ContractPolicyView(level, own is null, SlaPolicyView.From(policy)));
            }
        }

        return views;
    }

    /// <summary>Replaces a default or template policy, or a contract's policy the caller can see.</summary>
    public async Task<Result<SlaPolicyView>> UpdateAsync(long id, SlaPolicyInput input, CancellationToken cancellationToken)
    {
        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return ServiceContractErrors.PolicyNotFound(id);
        }

        var content = await SlaPolicyRules.ValidateAsync(db, input, policy.NextStepId, cancellationToken);
        if (!content.IsSuccess)
        {
            return Result<SlaPolicyView>.Failure(content.Errors);
        }

        content.Value.CopyTo(policy);
        policy.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Updated SLA policy {PolicyId} ({PolicyKind}, contract {ContractId}, fault level {FaultLevel})",
            policy.Id, policy.Kind, policy.ContractId, policy.FaultLevel);
        await notifier.ChangedAsync([policy.Id], cancellationToken);
        return SlaPolicyView.From(policy);
    }

    /// <summary>Creates or replaces a contract's own policy for one fault level.</summary>
    public async Task<Result<SlaPolicyView>> PutForContractAsync(long contractId, int level, SlaPolicyInput input, CancellationToken cancellationToken)
    {
        if (level is < Ticket.MinLevel or > Ticket.MaxLevel)
        {
            return ServiceContractErrors.FaultLevelInvalid(level);
        }

        if (!await db.ServiceContracts.AnyAsync(c => c.Id == contractId, cancellationToken))
        {
            return ServiceContractErrors.ContractNotFound(contractId);
        }

        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.ContractId == contractId && p.FaultLevel == level, cancellationToken);
        var content = await SlaPolicyRules.ValidateAsync(db, input, policy?.NextStepId ?? 1, cancellationToken);
        if (!content.IsSuccess)
        {
            return Result<SlaPolicyView>.Failure(content.Errors);
        }

        var created = policy is null;
        policy ??= db.SlaPolicies.Add(new SlaPolicy { Kind = SlaPolicyKind.Contract, ContractId = contractId, FaultLevel = level }).Entity;
        content.Value.CopyTo(policy);
        policy.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{Action} SLA policy {PolicyId} of contract {ContractId} for fault level {FaultLevel}",
            created ? "Created" : "Updated", policy.Id, contractId, level);

        // Open tickets of this contract at this level ran on the default policy until now.
        var changed = created ? await WithDefaultAsync(policy.Id, level, cancellationToken) : [policy.Id];
        await notifier.ChangedAsync(changed, cancellationToken);
        return SlaPolicyView.From(policy);
    }

    /// <summary>Deletes a contract's own policy for a fault level, so that the contract falls back to the default policy.</summary>
    public async Task<Result> DeleteForContractAsync(long contractId, int level, CancellationToken cancellationToken)
    {
        if (!await db.ServiceContracts.AnyAsync(c => c.Id == contractId, cancellationToken))
        {
            return ServiceContractErrors.ContractNotFound(contractId);
        }

        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.ContractId == contractId && p.FaultLevel == level, cancellationToken);
        if (policy is null)
        {
            return ServiceContractErrors.ContractPolicyNotFound(contractId, level);
        }

        db.SlaPolicies.Remove(policy);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Deleted SLA policy {PolicyId} of contract {ContractId} for fault level {FaultLevel}", policy.Id, contractId, level);
        await notifier.ChangedAsync([policy.Id], cancellationToken);
        return Result.Success();
    }

    /// <summary>Copies the Advanced template into a contract's own policies, for the levels it has none of, and returns the new ids.</summary>
    internal async Task<List<long>> CopyTemplateAsync(long contractId, CancellationToken cancellationToken)
    {
        var existing = await db.SlaPolicies.Where(p => p.ContractId == contractId).Select(p => p.FaultLevel).ToListAsync(cancellationToken);
        var template = await db.SlaPolicies.AsNoTracking().Where(p => p.Kind == SlaPolicyKind.AdvancedTemplate && p.ContractId == null)
            .ToListAsync(cancellationToken);
        var copies = template.Where(t => !existing.Contains(t.FaultLevel)).GroupBy(t => t.FaultLevel).Select(g => g.OrderBy(t => t.Id).First())
            .Select(t =>
            {
                var copy = new SlaPolicy { Kind = SlaPolicyKind.Contract, ContractId = contractId, FaultLevel = t.FaultLevel, UpdatedAt = time.GetUtcNow() };
                SlaPolicyContent.Of(t).CopyTo(copy);
                return copy;
            })
            .ToList();
        db.SlaPolicies.AddRange(copies);
        await db.SaveChangesAsync(cancellationToken);
        return copies.Select(c => c.Id).ToList();
    }

    private async Task<List<long>> WithDefaultAsync(long policyId, int level, CancellationToken cancellationToken)
    {
        var defaults = await db.SlaPolicies.AsNoTracking().Where(p => p.Kind == SlaPolicyKind.Default && p.FaultLevel == level).Select(p => p.Id)
            .ToListAsync(cancellationToken);
        return [policyId, .. defaults];
    }
}
