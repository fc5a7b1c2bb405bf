using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Recording;

/// <summary>
/// Runs the daily recording checks. Each channel's next due time is stored in the database (RecordingChannelState),
/// so a restart neither repeats nor skips a day. Due channels are checked a few at a time; a failing channel is
/// logged and retried later while the others go on.
/// </summary>
public sealed partial class RecordingWorker(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    RecordingChannelDirectory channels,
    RecordingCheckService checks,
    RecordingBook book,
    RecordingMetrics metrics,
    IOptionsMonitor<RecordingOptions> options,
    TimeProvider time,
    ILogger<RecordingWorker> logger) : BackgroundService
{
    /// <summary>Due channels taken per poll; the rest wait for the next poll.</summary>
    private const int BatchSize = 500;

    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await book.RefreshAsync(null, stoppingToken);
        if (!options.CurrentValue.Enabled)
        {
            LogDisabled();
            return;
        }

        LogStarted(options.CurrentValue.MaxConcurrentChecks, options.CurrentValue.DailyCheckTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(exception);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(options.CurrentValue.PollSeconds, 1, 3600)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped();
    }

    /// <summary>Adds a due time for new channels, then checks every channel that is due.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await EnsureStatesAsync(now, cancellationToken);
        if (now - _lastCleanup > TimeSpan.FromHours(1))
        {
            await DeleteOldDaysAsync(now, cancellationToken);
            _lastCleanup = now;
        }

        List<(long DeviceId, DateTimeOffset DueAt)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.RecordingChannelStates.AsNoTracking().Where(s => s.NextCheckAt <= now)
                    .OrderBy(s => s.NextCheckAt).Take(BatchSize).Select(s => new { s.DeviceId, s.NextCheckAt }).ToListAsync(cancellationToken))
                .Select(s => (s.DeviceId, s.NextCheckAt)).ToList();
        }

        metrics.RecordPoll(due.Count, due.Count == 0 ? TimeSpan.Zero : now - due[0].DueAt);
        if (due.Count == 0)
        {
            return;
        }

        var loaded = (await channels.LoadAsync(due.Select(d => d.DeviceId).ToList(), cancellationToken)).ToDictionary(c => c.DeviceId);
        await RemoveStaleAsync(due.Select(d => d.DeviceId).Where(id => !loaded.ContainsKey(id)).ToList(), cancellationToken);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.CurrentValue.MaxConcurrentChecks), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(loaded.Values, parallel, async (channel, token) =>
        {
            try
            {
                await checks.RunDueAsync(channel, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                LogChannelFailed(exception, channel.DeviceId, channel.Code);
                await PostponeAsync(channel.DeviceId, token);
            }
        });
    }

    private async Task DeleteOldDaysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-Math.Max(1, options.CurrentValue.KeepDays));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.RecordingDayChecks.Where(d => d.Date < oldest).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            LogOldDaysDeleted(deleted, oldest);
        }
    }

    private async Task EnsureStatesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await channels.ListIdsAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = (await db.RecordingChannelStates.AsNoTracking().Select(s => s.DeviceId).ToListAsync(cancellationToken)).ToHashSet();
        var added = ids.Where(id => !known.Contains(id)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        db.RecordingChannelStates.AddRange(added.Select(id => new RecordingChannelState { DeviceId = id, NextCheckAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        LogChannelsAdded(added.Count);
    }

    /// <summary>Moves the due time of devices that are no longer recording channels out of the way; their settings stay.</summary>
    private async Task RemoveStaleAsync(List<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var later = time.GetUtcNow().AddDays(1);
        await db.RecordingChannelStates.Where(s => ids.Contains(s.DeviceId)).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAt, later), cancellationToken);
    }

    private async Task PostponeAsync(long deviceId, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var retry = time.GetUtcNow().AddMinutes(Math.Max(1, options.CurrentValue.RetryMinutes));
            await db.RecordingChannelStates.Where(s => s.DeviceId == deviceId).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAt, retry), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The due time stays as it was, so the next poll takes the channel again.
            LogChannelFailed(exception, deviceId, "");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording checks started: {MaxConcurrent} at a time, daily at {DailyCheckTime}")]
    private partial void LogStarted(int maxConcurrent, string dailyCheckTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording checks are turned off (Recording:Enabled); only checks requested through the API run")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording checks stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} new recording channels get a daily check")]
    private partial void LogChannelsAdded(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} recording day checks before {Oldest}")]
    private partial void LogOldDaysDeleted(int count, DateOnly oldest);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording poll failed; the next poll tries again")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording check of device {DeviceId} {DeviceCode} failed; it is retried later")]
    private partial void LogChannelFailed(Exception exception, long deviceId, string deviceCode);
}
