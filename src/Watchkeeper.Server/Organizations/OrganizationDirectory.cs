using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Organizations;

/// <summary>
/// A cached snapshot of the organization tree. Local changes invalidate it at once; changes made by another
/// node show after at most <see cref="MaxAge"/>.
/// </summary>
/// <remarks>
/// The cache contains the whole tree, whoever loaded it. <see cref="GetVisibleTreeAsync"/> cuts it down to what
/// <see cref="OrganizationScope.Current"/> sees, for anything a user picks from or browses.
/// </remarks>
public sealed class OrganizationDirectory(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private const int MaxLoadAttempts = 3;

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private int _version;
    private OrganizationTree? _tree;
    private DateTimeOffset _loadedAt;
    private VisibleTree? _visible;

    /// <summary>Returns the whole tree, for system work and for paths; users browse <see cref="GetVisibleTreeAsync"/>.</summary>
    public async ValueTask<OrganizationTree> GetTreeAsync(CancellationToken cancellationToken = default)
    {
        var tree = _tree;
        if (tree is not null && time.GetUtcNow() - _loadedAt < MaxAge)
        {
            return tree;
        }

        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_tree is not null && time.GetUtcNow() - _loadedAt < MaxAge)
            {
                return _tree;
            }

            // An invalidation during the load may mean the rows read are already stale, so the load is repeated.
            // After a few tries the last load is returned without being cached.
            for (var attempt = 1; ; attempt++)
            {
                var version = Volatile.Read(ref _version);
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                // The cache is shared by every user, so it must not take the scope of the first one.
                var organizations = await db.Organizations.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
                var loaded = new OrganizationTree(organizations);
                if (version == Volatile.Read(ref _version))
                {
                    _tree = loaded;
                    _loadedAt = time.GetUtcNow();
                    return loaded;
                }

                if (attempt == MaxLoadAttempts)
                {
                    return loaded;
                }
            }
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>
    /// Returns the organizations the current scope sees, as a tree whose roots are the tops of the visible subtrees.
    /// Unrestricted and background work get the whole tree.
    /// </summary>
    public async ValueTask<OrganizationTree> GetVisibleTreeAsync(CancellationToken cancellationToken = default)
    {
        var tree = await GetTreeAsync(cancellationToken);
        if (OrganizationScope.Current is not { IsUnrestricted: false } scope)
        {
            return tree;
        }

        var cached = _visible;
        if (cached is not null && ReferenceEquals(cached.Source, tree) && ReferenceEquals(cached.Scope, scope))
        {
            return cached.Tree;
        }

        var visible = new OrganizationTree(scope.OrganizationIds.Select(tree.Find).OfType<Organization>());
        _visible = new VisibleTree(tree, scope, visible);
        return visible;
    }

    /// <summary>Returns true when the organization exists and the current scope sees it.</summary>
    public async ValueTask<bool> IsVisibleAsync(long organizationId, CancellationToken cancellationToken = default) =>
        (await GetTreeAsync(cancellationToken)).Find(organizationId) is not null
        && (OrganizationScope.Current?.Includes(organizationId) ?? true);

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _tree = null;
    }

    /// <summary>The last visible tree built, reused while the same user keeps asking.</summary>
    private sealed record VisibleTree(OrganizationTree Source, OrganizationScope Scope, OrganizationTree Tree);
}
