using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// Puts edited SLA policies in force on the open tickets that run under them, from the moment of the edit: each
/// clock keeps its elapsed and paused time and takes the new target from then on.
/// </summary>
public sealed partial class TicketTermsUpdater(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    ISlaPolicies policies,
    TimeProvider time,
    ILogger<TicketTermsUpdater> logger) : ISlaPolicyObserver
{
    private const int BatchSize = 200;
    private const int MaxAttempts = 5;

    public async Task PolicyChangedAsync(IReadOnlyList<long> policyIds, CancellationToken cancellationToken)
    {
        using var system = OrganizationScope.BeginSystemWork();
        var edited = policyIds.ToHashSet();

        // The terms are a JSON column, so the policy id is read here rather than in the query. Edits are rare.
        List<long> affected;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var open = await db.Tickets.AsNoTracking()
                .Where(t => t.State != TicketState.Resolved && t.State != TicketState.Confirmed && t.State != TicketState.Closed)
                .Select(t => new { t.Id, t.Terms }).ToListAsync(cancellationToken);
            affected = [.. open.Where(t => t.Terms.PolicyId is { } id && edited.Contains(id)).Select(t => t.Id)];
        }

        var changed = 0;
        foreach (var batch in affected.Chunk(BatchSize))
        {
            changed += await UpdateAsync(batch, cancellationToken);
        }

        if (affected.Count > 0)
        {
            LogUpdated(changed, affected.Count, string.Join(",", edited));
        }
    }

    /// <summary>Updates a batch, and again from a fresh read when someone changed one of its tickets meanwhile.</summary>
    private async Task<int> UpdateAsync(long[] ids, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var tickets = await db.Tickets.Include(t => t.Activities).Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
            var clocks = await TicketClocks.LoadAsync(db, cancellationToken);
            var now = time.GetUtcNow();
            var changed = 0;
            foreach (var ticket in tickets.Where(t => t.IsOpen))
            {
                var terms = await policies.TermsAsync(ticket.ContractId, ticket.FaultLevel, cancellationToken);
                if (terms.SameAs(ticket.Terms))
                {
                    continue;
                }

                ticket.ChangeTerms(terms, ticket.ContractId, TicketMessages.PolicyEdited, null, now);
                clocks.Refresh(ticket, now);
                TicketVersion.Increment(db, ticket);
                changed++;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return changed;
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogBatchRetry(exception, string.Join(",", ids), attempt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA policies {PolicyIds} edited: new terms on {Changed} of {Affected} open tickets")]
    private partial void LogUpdated(int changed, int affected, string policyIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tickets {TicketIds} changed while their SLA terms were updated; reading them again (attempt {Attempt})")]
    private partial void LogBatchRetry(Exception exception, string ticketIds, int attempt);
}
