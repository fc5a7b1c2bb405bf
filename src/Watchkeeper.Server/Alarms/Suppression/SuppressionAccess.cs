using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// Applies the current user's organization scope to maintenance windows and silences. A user limited to some
/// organizations can read the windows and silences that touch them (and every global one) and can write only those
/// that stay inside them.
/// </summary>
/// <remarks>
/// Windows and silences keep their scope as lists, so no database query filter applies to them; every read and
/// write of the API and console goes through this class instead.
/// </remarks>
public sealed class SuppressionAccess(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    /// <summary>Returns a test of whether the current user sees a scope, prepared for the scopes listed.</summary>
    public async Task<Func<SuppressionScope, bool>> VisibilityAsync(IEnumerable<SuppressionScope> scopes, CancellationToken cancellationToken)
    {
        if (OrganizationScope.Current is not { IsUnrestricted: false } user)
        {
            return _ => true;
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        var deviceIds = scopes.SelectMany(s => s.DeviceIds).Distinct().ToList();

        // The device query filter drops the devices outside the user's scope.
        var visibleDevices = deviceIds.Count == 0
            ? []
            : (await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        return scope => scope.IsGlobal
            || scope.OrganizationIds.Any(id => tree.SubtreeIds(id).Any(user.OrganizationIds.Contains))
            || scope.DeviceIds.Any(visibleDevices.Contains);
    }

    /// <summary>Returns true when the current user may change or expire something with this scope.</summary>
    public async Task<bool> CanWriteAsync(SuppressionScope scope, CancellationToken cancellationToken) =>
        OrganizationScope.Current is not { IsUnrestricted: false } || (await CheckScopeAsync(scope, cancellationToken)).Count == 0;

    /// <summary>
    /// Checks that every organization and device of <paramref name="scope"/> exists and is in the current user's
    /// scope, and that a limited user does not cover every organization. Hidden organizations read as missing.
    /// </summary>
    public async Task<List<Error>> CheckScopeAsync(SuppressionScope scope, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        if (scope.OrganizationIds.Count > SuppressionLists.MaxEntries)
        {
            errors.Add(SuppressionErrors.TooManyEntries("organizationIds"));
        }

        if (scope.DeviceIds.Count > SuppressionLists.MaxEntries)
        {
            errors.Add(SuppressionErrors.TooManyEntries("deviceIds"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (OrganizationScope.Current is { IsUnrestricted: false } && scope.IsGlobal)
        {
            errors.Add(SuppressionErrors.GlobalNotAllowed());
        }

        foreach (var organizationId in scope.OrganizationIds)
        {
            if (!await organizations.IsVisibleAsync(organizationId, cancellationToken))
            {
                errors.Add(SuppressionErrors.OrganizationNotFound(organizationId));
            }
        }

        if (scope.DeviceIds.Count > 0)
        {
            var ids = scope.DeviceIds.ToList();
            var found = await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
            var missing = ids.Except(found).Order().ToList();
            if (missing.Count > 0)
            {
                errors.Add(SuppressionErrors.DevicesNotFound(missing));
            }
        }

        // A hidden organization or device returns 404 before any 400, so the response does not reveal that it exists.
        return [.. errors.OrderBy(ResponseOrder)];
    }

    private static int ResponseOrder(Error error) => error.Kind switch
    {
        ErrorKind.NotFound => 0,
        ErrorKind.Forbidden => 1,
        _ => 2,
    };
}
