using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Changes;

/// <summary>Reads changes in the caller's organization scope for the API and console.</summary>
public sealed partial class ChangeQueries(WatchkeeperDbContext db, ChangeService changes, IOptions<ChangeOptions> options)
{
    public const int MaxPageSize = 500;

    /// <summary>Changes whose planned window overlaps <paramref name="from"/> to <paramref name="to"/> when given, newest first.</summary>
    public Task<IReadOnlyList<ChangeSummaryView>> ListAsync(ChangeState? state, ChangeType? type, DateTimeOffset? from, DateTimeOffset? to, int limit,
        CancellationToken cancellationToken) =>
        ListAsync(new ChangeListFilter(state, type, from, to), limit, cancellationToken);

    /// <summary>One change with its approvals, records and history, and what still blocks its permit for the planned window.</summary>
    public async Task<ChangeView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(id, cancellationToken);
        if (change is null)
        {
            return null;
        }

        var blockers = change.State is ChangeState.Approved or ChangeState.PendingApproval
            ? change.PermitGates(change.PlannedStart, change.PlannedEnd, options.Value.NoticeLead).Select(e => e.Message).ToList()
            : [];
        return ChangeView.Of(change, blockers);
    }
}
