using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// Starts each camera's diagnosis round when it is due, with at most <see cref="VideoDiagnosisOptions.MaxConcurrentCameras"/>
/// rounds at once. Due times live in the database (<see cref="DiagnosisDue"/>), so a restart resumes the rhythm, and
/// "diagnose now" is a due time of now that the loop picks up without blocking the request.
/// </summary>
public sealed partial class DiagnosisScheduler(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    DiagnosisPlanDirectory plans,
    DiagnosisRunner runner,
    DiagnosisBook book,
    IMonitoringControl monitoring,
    IOptions<VideoDiagnosisOptions> options,
    TimeProvider time,
    ILogger<DiagnosisScheduler> logger) : BackgroundService
{
    /// <summary>The longest wait before a new camera's first round: first rounds spread over this or the plan's interval.</summary>
    private static readonly TimeSpan MaxFirstRoundSpread = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTimeOffset _lastSync = DateTimeOffset.MinValue;

    /// <summary>True when rounds run here: diagnosis is enabled and a frame grabber is installed.</summary>
    public bool Enabled => options.Value.Enabled && runner.HasFrameSource;

    /// <summary>Wakes the loop to look for due cameras now.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Makes the loop match its due times to the ledger and the plans now (a plan or device changed).</summary>
    public void RequestSync()
    {
        _lastSync = DateTimeOffset.MinValue;
        Wake();
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The probe reads the book, so it is filled before monitoring's first rounds whether or not rounds run here.
        await book.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogWarning("Video quality diagnosis is disabled by Diagnosis:Enabled=false; no camera will be diagnosed");
            return;
        }

        if (!runner.HasFrameSource)
        {
            // Without a grabber every round would end in "no frame" and raise a false alarm on every camera.
            logger.LogWarning("No frame grabber is installed; video quality diagnosis rounds do not run");
            return;
        }

        var maxRounds = Math.Max(1, options.Value.MaxConcurrentCameras);
        logger.LogInformation("Diagnosis scheduler started with at most {MaxConcurrentCameras} concurrent rounds", maxRounds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - _lastSync >= TimeSpan.FromSeconds(Math.Max(1, options.Value.SyncSeconds)))
                {
                    _lastSync = time.GetUtcNow();
                    await SyncAsync(stoppingToken);
                }

                var free = maxRounds - _running.Count;
                if (free > 0)
                {
                    foreach (var claim in await ClaimDueAsync(free, stoppingToken))
                    {
                        _running[claim.DeviceId] = RunOneAsync(claim, stoppingToken);
                    }
                }

                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The diagnosis scheduler loop failed; continuing after 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        logger.LogInformation("Diagnosis scheduler stopped");
    }

    private sealed record Claim(long DeviceId, DateTimeOffset DueAt, DateTimeOffset StartedAt, bool Manual, bool TakeReference);

    /// <summary>Takes due cameras and pushes their due time one lease ahead, so a round lost to a crash runs again later.</summary>
    private async Task<List<Claim>> ClaimDueAsync(int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var running = _running.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.DiagnosisDue
            .Where(d => d.DueAt <= now && !running.Contains(d.DeviceId))
            .OrderBy(d => d.DueAt)
            .Take(count)
            .ToListAsync(cancellationToken);

        var claims = new List<Claim>(due.Count);
        foreach (var row in due)
        {
            claims.Add(new Claim(row.DeviceId, row.DueAt, now, row.ManualRequestedAt is not null, row.TakeReference));
            row.DueAt = now + TimeSpan.FromMinutes(Math.Max(1, options.Value.LeaseMinutes));
            row.LastStartedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return claims;
    }

    private async Task RunOneAsync(Claim claim, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var ran = true;
        try
        {
            var request = new RoundRequest(claim.Manual ? DiagnosisTrigger.Manual : DiagnosisTrigger.Scheduled, claim.TakeReference, claim.DueAt);
            ran = await runner.RunAsync(claim.DeviceId, request, stoppingToken) is not null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            LogRoundFailed(exception, claim.DeviceId);
        }

        try
        {
            await CompleteAsync(claim, ran, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRoundFailed(exception, claim.DeviceId);
        }
        finally
        {
            _running.TryRemove(claim.DeviceId, out _);
            Wake();
        }
    }

    /// <summary>Sets the next due time from the plan, or now when "diagnose now" arrived while the round ran.</summary>
    private async Task CompleteAsync(Claim claim, bool ran, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DiagnosisDue.FirstOrDefaultAsync(d => d.DeviceId == claim.DeviceId, cancellationToken);
        if (row is null)
        {
            return;
        }

        if (!ran)
        {
            db.DiagnosisDue.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var organizationId = await db.Devices.Where(d => d.Id == claim.DeviceId).Select(d => d.OrganizationId).FirstOrDefaultAsync(cancellationToken);
        var plan = await plans.ResolveAsync(organizationId, cancellationToken);
        var requestedDuringRound = row.ManualRequestedAt > claim.StartedAt;
        var next = plan.NextDue(claim.StartedAt);
        if (requestedDuringRound || next < now)
        {
            next = now;
        }

        // The next due time is written only if no "diagnose now" arrived since the row was read. Otherwise that
        // request's due time of now is kept, and this round only records its completion.
        var readRequest = row.ManualRequestedAt;
        var manual = requestedDuringRound ? readRequest : null;
        var takeReference = requestedDuringRound && row.TakeReference;
        var written = await db.DiagnosisDue
            .Where(d => d.DeviceId == claim.DeviceId && d.ManualRequestedAt == readRequest)
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.DueAt, next)
                .SetProperty(d => d.LastCompletedAt, now)
                .SetProperty(d => d.ManualRequestedAt, manual)
                .SetProperty(d => d.TakeReference, takeReference), cancellationToken);
        if (written == 0)
        {
            await db.DiagnosisDue
                .Where(d => d.DeviceId == claim.DeviceId)
                .ExecuteUpdateAsync(update => update.SetProperty(d => d.LastCompletedAt, now), cancellationToken);
        }
    }

    /// <summary>
    /// Gives every covered camera a due time and drops those no plan covers any more; their diagnosis alarms resolve
    /// at the next monitoring round.
    /// </summary>
    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var resolve = await plans.GetResolverAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cameras = await db.Devices.AsNoTracking()
            .Where(d => (d.Kind == DeviceKind.Camera || d.Kind == DeviceKind.Channel) && d.MonitoringEnabled
                && ((d.RtspUrl != null && d.RtspUrl != "") || (d.SnapshotUrl != null && d.SnapshotUrl != "")))
            .Select(d => new { d.Id, d.OrganizationId, d.Kind })
            .ToListAsync(cancellationToken);
        var covered = cameras
            .Select(c => (c.Id, Plan: resolve(c.OrganizationId), c.Kind))
            .Where(c => c.Plan.Covers(c.Id, c.Kind))
            .ToDictionary(c => c.Id, c => c.Plan);
        var scheduled = (await db.DiagnosisDue.Select(d => d.DeviceId).ToListAsync(cancellationToken)).ToHashSet();

        foreach (var (id, plan) in covered.Where(c => !scheduled.Contains(c.Key)))
        {
            db.DiagnosisDue.Add(new DiagnosisDue { DeviceId = id, DueAt = now + Spread(id, plan.TypicalInterval) });
        }

        var dropped = scheduled.Where(id => !covered.ContainsKey(id)).ToList();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var chunk in dropped.Chunk(500))
        {
            await db.DiagnosisDue.Where(d => chunk.Contains(d.DeviceId)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var id in book.DeviceIds.Where(id => !covered.ContainsKey(id)))
        {
            if (book.Find(id) is { Covered: true })
            {
                book.Set(id, LatestDiagnosis.NotCovered(now));
                monitoring.ProbeNow(id);
            }
        }

        if (covered.Count != scheduled.Count || dropped.Count > 0)
        {
            LogSynced(covered.Count, dropped.Count);
        }
    }

    /// <summary>Spreads first rounds by device id so that a large fleet does not start at once.</summary>
    private static TimeSpan Spread(long deviceId, TimeSpan interval)
    {
        var window = interval < MaxFirstRoundSpread ? interval : MaxFirstRoundSpread;
        return TimeSpan.FromTicks((long)((ulong)(deviceId * 2_654_435_761L) % (ulong)Math.Max(1, window.Ticks)));
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Clamp(options.Value.PollSeconds, 0.1, 60)), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a wake-up.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Diagnosis round of device {DeviceId} failed; the camera is retried at its next due time")]
    private partial void LogRoundFailed(Exception exception, long deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnosis covers {CameraCount} cameras; {DroppedCount} left the plans")]
    private partial void LogSynced(int cameraCount, int droppedCount);
}
