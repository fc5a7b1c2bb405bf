using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Duty;

/// <summary>
/// Applies <see cref="OrganizationScope.Current"/> to the roster: a user sees only teams whose organization is in
/// the user's scope, and with them only their shifts and notes. Null scope (background work) sees everything.
/// </summary>
internal static class DutyScope
{
    public static bool Sees(long organizationId) => OrganizationScope.Current?.Includes(organizationId) ?? true;

    public static IQueryable<DutyTeam> Visible(IQueryable<DutyTeam> teams)
    {
        var scope = OrganizationScope.Current;
        if (scope is null || scope.IsUnrestricted)
        {
            return teams;
        }

        var ids = scope.OrganizationIds.ToList();
        return teams.Where(t => ids.Contains(t.OrganizationId));
    }
}
