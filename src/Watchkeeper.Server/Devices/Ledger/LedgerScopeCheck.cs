using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// Rejects an import plan that would touch an organization outside the importing user's scope. That is a device
/// created in or moved into a hidden organization, an update of a hidden device, or an organization created at
/// the root or under a hidden parent.
/// </summary>
/// <remarks>
/// The planner reads the whole ledger, because device codes are unique across it and organization paths start at
/// the root, so the plan is checked against the scope afterwards.
/// </remarks>
internal static class LedgerScopeCheck
{
    /// <summary>Adds one file error and returns false when the plan leaves the scope.</summary>
    public static bool Check(LedgerImportPlan plan, IReadOnlyDictionary<long, long> storedOrganizationOf, OrganizationScope scope, LedgerErrorList errors)
    {
        var hidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var organization in plan.Organizations.Where(o => o.Parent is null && !scope.Includes(o.Entity.ParentId)))
        {
            hidden.Add(organization.Entity.Name);
        }

        foreach (var planned in plan.Creates.Concat(plan.Updates))
        {
            var movesOut = planned.Organization is null && !scope.Includes(planned.Device.OrganizationId);
            var wasHidden = storedOrganizationOf.TryGetValue(planned.Device.Id, out var stored) && !scope.Includes(stored);
            if (movesOut || wasHidden)
            {
                hidden.Add(planned.Device.Code);
            }
        }

        if (hidden.Count == 0)
        {
            return true;
        }

        var sample = string.Join(", ", hidden.Take(10));
        errors.Add(LedgerImportError.ForFile("ledger.organization.out_of_scope",
            $"文件中有 {hidden.Count} 项（{sample}）属于你无权管理的组织或根级组织，未写入任何数据。",
            $"{hidden.Count} entries of the file ({sample}) belong to organizations outside your scope or at the root; nothing was written."));
        return false;
    }
}
