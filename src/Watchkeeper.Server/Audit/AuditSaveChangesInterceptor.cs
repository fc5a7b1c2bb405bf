using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Records every create, update and delete saved on behalf of a user (while <see cref="OrganizationScope.Current"/> is
/// set) as audit entries in the same transaction as the change. When the caller has no transaction, the interceptor
/// opens one before EF saves and commits it after the entries are written, so a change never commits without them.
/// </summary>
/// <remarks>
/// NOTE: writes that bypass SaveChanges are not seen: ExecuteUpdate/ExecuteDelete and the ledger import's bulk
/// INSERT/COPY of devices (its new organizations are recorded). Such paths must call <see cref="IAuditLog"/> themselves.
/// </remarks>
public sealed class AuditSaveChangesInterceptor(AuditActorResolver actors, TimeProvider time) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, PendingAudit> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Capture(eventData.Context) is { } pending)
        {
            if (pending.Db.Database.CurrentTransaction is null)
            {
                pending.OwnedTransaction = await pending.Db.Database.BeginTransactionAsync(cancellationToken);
            }

            _pending.AddOrUpdate(pending.Db, pending);
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is null || !_pending.TryGetValue(eventData.Context, out var pending))
        {
            return result;
        }

        _pending.Remove(eventData.Context);
        await using var owned = pending.OwnedTransaction;
        var now = time.GetUtcNow();
        var entries = pending.Changes.Select(change => AuditChanges.EntryOf(change, pending.Actor, now)).ToList();
        await AuditChain.AppendAsync(pending.Db, entries, cancellationToken);
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await DiscardAsync(eventData.Context);

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        await DiscardAsync(eventData.Context);

    // NOTE: the synchronous SaveChanges blocks on the asynchronous append; the platform's own code saves asynchronously.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        DiscardAsync(eventData.Context).GetAwaiter().GetResult();

    public override void SaveChangesCanceled(DbContextEventData eventData) =>
        DiscardAsync(eventData.Context).GetAwaiter().GetResult();

    private PendingAudit? Capture(DbContext? context)
    {
        if (OrganizationScope.Current is null || context is not WatchkeeperDbContext db)
        {
            return null;
        }

        var changes = AuditChanges.Collect(db.ChangeTracker);
        return changes.Count == 0 ? null : new PendingAudit(db, changes, actors.Resolve());
    }

    /// <summary>Rolls back the transaction the interceptor opened, so that neither the change nor an entry is kept.</summary>
    private async Task DiscardAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        if (pending.OwnedTransaction is { } owned)
        {
            await owned.DisposeAsync();
        }
    }

    private sealed class PendingAudit(WatchkeeperDbContext db, List<AuditedChange> changes, AuditActor actor)
    {
        public WatchkeeperDbContext Db { get; } = db;

        public List<AuditedChange> Changes { get; } = changes;

        public AuditActor Actor { get; } = actor;

        public IDbContextTransaction? OwnedTransaction { get; set; }
    }
}
