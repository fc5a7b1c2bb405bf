using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// Acts on tickets whose stored notice time has come: warnings, breaches and escalation steps. Several workers (or
/// one restarted half-way) may run. Each claims a ticket by moving its notice time past a lease. The unique crossing
/// key on the log then makes a second attempt at the same crossing fail instead of notifying twice.
/// </summary>
public sealed partial class TicketClockWorker(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    TicketEscalator escalator,
    DeliverySignal deliveries,
    IOptions<TicketOptions> options,
    TimeProvider time,
    ILogger<TicketClockWorker> logger) : BackgroundService
{
    // Keeps the loop from spinning on a notice time that a slow save has not moved yet.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(20);

    /// <summary>Processes the tickets due now, in batches until none is left, and returns how many crossings it acted on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var system = OrganizationScope.BeginSystemWork();
        var settings = options.Value;
        var acted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            List<long> due;
            TicketClocks clocks;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await db.Tickets.AsNoTracking().Where(t => t.NextNoticeAt <= now).OrderBy(t => t.NextNoticeAt).ThenBy(t => t.Id)
                    .Select(t => t.Id).Take(Math.Max(1, settings.ClockBatchSize)).ToListAsync(cancellationToken);

                // One read of the calendars serves the whole batch instead of one read per ticket.
                clocks = await TicketClocks.LoadAsync(db, cancellationToken);
            }

            var claimed = 0;
            foreach (var id in due)
            {
                var result = await ProcessAsync(id, now, clocks, cancellationToken);
                claimed += result.Claimed ? 1 : 0;
                acted += result.Acted;
            }

            if (acted > 0)
            {
                deliveries.Wake();
            }

            if (due.Count < settings.ClockBatchSize || claimed == 0)
            {
                break;
            }
        }

        return acted;
    }

    /// <summary>Claims one ticket and acts on its due crossings in one transaction.</summary>
    private async Task<(bool Claimed, int Acted)> ProcessAsync(long id, DateTimeOffset now, TicketClocks clocks, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lease = now.AddSeconds(Math.Max(1, options.Value.ClaimSeconds));
        var claimed = await db.Tickets.Where(t => t.Id == id && t.NextNoticeAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.NextNoticeAt, lease), cancellationToken);
        if (claimed == 0)
        {
            return (false, 0);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await db.Tickets.Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (ticket is null)
            {
                return (true, 0);
            }

            var acted = await escalator.ActAsync(db, ticket, clocks, now, cancellationToken);
            TicketVersion.Increment(db, ticket);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (true, acted);
        }
        catch (DbUpdateException exception)
        {
            // Another worker acted on the same crossing, or a user changed the ticket meanwhile. The claim's lease
            // brings the ticket back, and the next evaluation starts from what was saved.
            LogConflict(exception, id);
            return (true, 0);
        }
    }

    /// <summary>
    /// Runs until the host stops. It wakes at the earliest stored notice time, or after the interval if that comes
    /// first, so an escalation fires at its due time.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ClockWorkerEnabled)
        {
            LogDisabled();
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.ClockIntervalSeconds));
        LogStarted(interval.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await RunOnceAsync(stoppingToken);
                if (await NextNoticeAtAsync(stoppingToken) is { } next)
                {
                    wait = TimeSpan.FromTicks(Math.Clamp((next - time.GetUtcNow()).Ticks, MinimumWait.Ticks, interval.Ticks));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                LogRunFailed(exception);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);

                // Leave the thread that fired the timer, so that a test clock skipping many due times runs one pass (see PeriodicWork).
                await Task.Yield();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<DateTimeOffset?> NextNoticeAtAsync(CancellationToken cancellationToken)
    {
        using var system = OrganizationScope.BeginSystemWork();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => t.NextNoticeAt != null).OrderBy(t => t.NextNoticeAt)
            .Select(t => t.NextNoticeAt).FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket clock worker started; it checks due tickets every {IntervalSeconds} s")]
    private partial void LogStarted(double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket clock worker is disabled (Tickets:ClockWorkerEnabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while its clocks were processed; it is processed again when its claim ends")]
    private partial void LogConflict(Exception exception, long ticketId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ticket clock worker's run failed and is tried again after the next wait")]
    private partial void LogRunFailed(Exception exception);
}
