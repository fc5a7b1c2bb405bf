using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Organizations;

/// <summary>
/// A cached snapshot of the organization tree. Local changes invalidate it at once; changes made by another
/// node show after at most <see cref="MaxAge"/>.
/// </summary>
public sealed class OrganizationDirectory(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private OrganizationTree? _tree;
    private DateTimeOffset _loadedAt;

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

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var organizations = await db.Organizations.AsNoTracking().ToListAsync(cancellationToken);
            _tree = new OrganizationTree(organizations);
            _loadedAt = time.GetUtcNow();
            return _tree;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    public void Invalidate() => _tree = null;
}
