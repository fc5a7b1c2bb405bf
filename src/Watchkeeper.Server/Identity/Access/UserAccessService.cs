using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// Resolves and caches each user's <see cref="UserAccess"/>. Every request and console event calls it, so a
/// change of roles, permissions, organizations or the disabled flag applies within <see cref="MaxAge"/> on
/// every node, and at once on the node that made it.
/// </summary>
public sealed class UserAccessService(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, (UserAccess Access, DateTimeOffset LoadedAt, OrganizationTree Tree)> _cache = new(StringComparer.Ordinal);

    /// <summary>The user id of a cookie, bearer-token or personal-access-token principal; null when anonymous.</summary>
    public static string? UserIdOf(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        return principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
    }

    public async ValueTask<UserAccess?> GetAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken = default) =>
        UserIdOf(principal) is { } userId ? await GetAsync(userId, cancellationToken) : null;

    public async ValueTask<UserAccess> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        // A changed organization tree changes every scope's descendants, so an entry is only as good as its tree.
        var tree = await organizations.GetTreeAsync(cancellationToken);
        if (_cache.TryGetValue(userId, out var entry) && ReferenceEquals(entry.Tree, tree) && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return entry.Access;
        }

        var access = await LoadAsync(userId, tree, cancellationToken);
        _cache[userId] = (access, time.GetUtcNow(), tree);
        return access;
    }

    public void Invalidate(string userId) => _cache.TryRemove(userId, out _);

    /// <summary>After a role or the organization tree changed: every user's access is read again.</summary>
    public void InvalidateAll() => _cache.Clear();

    private async Task<UserAccess> LoadAsync(string userId, OrganizationTree tree, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().IgnoreQueryFilters()
            .Where(u => u.Id == userId)
            .Select(u => new { u.UserName, u.IsDisabled })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return UserAccess.None(userId);
        }

        var roles = await db.UserRoles.AsNoTracking()
            .Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { r.Id, r.Name })
            .ToListAsync(cancellationToken);
        var roleIds = roles.Select(r => r.Id).ToList();
        var permissionNames = await db.RoleClaims.AsNoTracking()
            .Where(c => roleIds.Contains(c.RoleId) && c.ClaimType == AccessClaims.Permission)
            .Select(c => c.ClaimValue)
            .Distinct()
            .ToListAsync(cancellationToken);
        var permissions = new HashSet<Permission>();
        foreach (var name in permissionNames)
        {
            if (Permission.TryParse(name, out var permission))
            {
                permissions.Add(permission);
            }
        }

        var roleNames = roles.Select(r => r.Name!).ToHashSet(StringComparer.Ordinal);
        var scope = await ScopeOfAsync(db, userId, roleNames, tree, cancellationToken);
        return new UserAccess(userId, user.UserName, !user.IsDisabled, roleNames, permissions, scope);
    }

    private static async Task<OrganizationScope> ScopeOfAsync(WatchkeeperDbContext db, string userId, IReadOnlySet<string> roles,
        OrganizationTree tree, CancellationToken cancellationToken)
    {
        if (roles.Contains(BuiltInRoles.Administrator))
        {
            return OrganizationScope.Unrestricted;
        }

        var memberOf = await db.UserOrganizations.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => m.OrganizationId)
            .ToListAsync(cancellationToken);
        if (memberOf.Count == 0)
        {
            return OrganizationScope.Nothing;
        }

        return OrganizationScope.Of(memberOf.Where(id => tree.Find(id) is not null).SelectMany(tree.SubtreeIds));
    }
}
