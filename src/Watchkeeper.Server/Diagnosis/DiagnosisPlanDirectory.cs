using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// Resolves the diagnosis plan of a camera: the plan of its own organization, else of the nearest organization
/// above it that has one, else the built-in default. Plans are cached until one changes, and for at most 30 s so
/// that another web node's edits arrive.
/// </summary>
public sealed class DiagnosisPlanDirectory(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    public void Invalidate() => _snapshot = null;

    /// <summary>Returns the plan in force for a device of the given organization.</summary>
    public async Task<EffectivePlan> ResolveAsync(long organizationId, CancellationToken cancellationToken)
    {
        var resolver = await GetResolverAsync(cancellationToken);
        return resolver(organizationId);
    }

    /// <summary>Returns a function that resolves plans from one consistent snapshot, for resolving many devices.</summary>
    public async Task<Func<long, EffectivePlan>> GetResolverAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt > MaxAge)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // A camera inherits the plan of an ancestor its user may not see, so the snapshot contains every plan.
            var plans = await db.DiagnosisPlans.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
            snapshot = new Snapshot(plans.ToDictionary(p => p.OrganizationId, DiagnosisPlanRules.Parse), time.GetUtcNow());
            _snapshot = snapshot;
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        return organizationId => Resolve(tree, snapshot.Plans, organizationId);
    }

    private static EffectivePlan Resolve(OrganizationTree tree, Dictionary<long, EffectivePlan> plans, long organizationId)
    {
        var seen = new HashSet<long>();
        for (var node = tree.Find(organizationId); node is not null && seen.Add(node.Id); node = node.ParentId is { } parent ? tree.Find(parent) : null)
        {
            if (plans.TryGetValue(node.Id, out var plan))
            {
                return plan;
            }
        }

        return DiagnosisPlanRules.BuiltIn;
    }

    private sealed record Snapshot(Dictionary<long, EffectivePlan> Plans, DateTimeOffset LoadedAt);
}
