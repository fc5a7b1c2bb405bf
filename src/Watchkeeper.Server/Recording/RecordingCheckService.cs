using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Recording;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Recording;

/// <summary>
/// Checks a channel's recordings of one local day: fetches the device's list, measures it against the schedule, and
/// stores the day with its gaps in one transaction, so a failed or partial fetch never leaves a half-written day.
/// Then refreshes the recording book and requests a round, so that alarms follow at once.
/// </summary>
public sealed partial class RecordingCheckService(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    RecordingChannelDirectory channels,
    RecordingPolicyStore policies,
    RecordingFetcher fetcher,
    RecordingBook book,
    RecordingMetrics metrics,
    IMonitoringControl monitoring,
    IOptionsMonitor<RecordingOptions> options,
    TimeProvider time,
    ILogger<RecordingCheckService> logger)
{
    /// <summary>Finds a recording channel by ledger id; null when the device is not a recording channel.</summary>
    public async Task<RecordingChannel?> FindChannelAsync(long deviceId, CancellationToken cancellationToken) =>
        (await channels.LoadAsync([deviceId], cancellationToken)).FirstOrDefault();

    /// <summary>Checks one day of one channel now.</summary>
    public async Task<Result<RecordingDayCheck>> CheckDayAsync(long deviceId, DateOnly date, CancellationToken cancellationToken)
    {
        if (await FindChannelAsync(deviceId, cancellationToken) is not { } channel)
        {
            return RecordingErrors.NotARecordingChannel(deviceId);
        }

        var policy = await policies.ResolveAsync(channel.OrganizationId, deviceId, cancellationToken);
        if (LocalDay.Window(date, policy.Zone).Start >= time.GetUtcNow())
        {
            return RecordingErrors.FutureDate(date);
        }

        var check = await CheckDayAsync(channel, policy, date, cancellationToken);
        await AfterChecksAsync(deviceId, cancellationToken);
        return check;
    }

    /// <summary>Runs the due work of one channel: each unchecked day up to yesterday (at most the backfill), then retention.</summary>
    public async Task RunDueAsync(RecordingChannel channel, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var policy = await policies.ResolveAsync(channel.OrganizationId, channel.DeviceId, cancellationToken);
        var now = time.GetUtcNow();
        var yesterday = LocalDay.DateOf(now, policy.Zone).AddDays(-1);
        var state = await LoadStateAsync(channel.DeviceId, cancellationToken);
        var earliest = yesterday.AddDays(-(Math.Max(1, settings.MaxBackfillDays) - 1));
        var first = yesterday;
        if (state.LastCheckedDate is { } last)
        {
            first = last.AddDays(1) > earliest ? last.AddDays(1) : earliest;
        }

        var failed = false;
        for (var date = first; date <= yesterday; date = date.AddDays(1))
        {
            var check = await CheckDayAsync(channel, policy, date, cancellationToken);
            failed |= check.Outcome == RecordingCheckOutcome.Failed;
        }

        if (settings.CheckRetention)
        {
            await CheckRetentionAsync(channel, policy, cancellationToken);
        }

        var next = failed
            ? time.GetUtcNow().AddMinutes(Math.Max(1, settings.RetryMinutes))
            : LocalDay.NextOccurrence(time.GetUtcNow(), DailyCheckTime(settings), policy.Zone);
        await SetNextCheckAsync(channel.DeviceId, next, cancellationToken);
        await AfterChecksAsync(channel.DeviceId, cancellationToken);
    }

    /// <summary>
    /// Finds the oldest recording the device still stores near the required retention: a search of the required day and the
    /// day before it, and only when that finds nothing, a search from the required day to now.
    /// </summary>
    public async Task CheckRetentionAsync(RecordingChannel channel, EffectiveRecordingPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var required = LocalDay.DateOf(now, policy.Zone).AddDays(-Math.Max(0, policy.RetentionDays));
        var boundary = LocalDay.Window(required.AddDays(-1), policy.Zone).Start;
        var requiredEnd = LocalDay.Window(required, policy.Zone).End;

        var fetch = await fetcher.FetchAsync(channel, boundary, requiredEnd < now ? requiredEnd : now, policy.Zone, cancellationToken);
        if (fetch.Succeeded && fetch.Recordings.Count == 0 && requiredEnd < now)
        {
            fetch = await fetcher.FetchAsync(channel, requiredEnd, now, policy.Zone, cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await EnsureStateAsync(db, channel.DeviceId, cancellationToken);
        if (fetch.Succeeded)
        {
            state.OldestRecordingAt = fetch.Recordings.Count == 0 ? null : fetch.Recordings.Min(r => r.Start).ToUniversalTime();
            state.RetentionCheckedAt = now;
            state.RetentionFailure = null;
            LogRetention(channel.DeviceId, channel.Code, state.OldestRecordingAt, policy.RetentionDays);
        }
        else
        {
            state.RetentionFailure = Truncate(fetch.Detail, 1000);
            LogRetentionFailed(channel.DeviceId, channel.Code, fetch.Detail);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<RecordingDayCheck> CheckDayAsync(RecordingChannel channel, EffectiveRecordingPolicy policy, DateOnly date, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var window = LocalDay.Window(date, policy.Zone);
        var fetch = await fetcher.FetchAsync(channel, window.Start, window.End < now ? window.End : now, policy.Zone, cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var state = await EnsureStateAsync(db, channel.DeviceId, cancellationToken);
        var existing = await db.RecordingDayChecks.FirstOrDefaultAsync(d => d.DeviceId == channel.DeviceId && d.Date == date, cancellationToken);
        state.LastAttemptAt = now;

        RecordingDayCheck stored;
        if (!fetch.Succeeded)
        {
            state.LastFailure = Truncate($"{date:yyyy-MM-dd}: {fetch.Detail}", 1000);
            LogCheckFailed(channel.DeviceId, channel.Code, date, fetch.Detail);
            if (existing is { Outcome: RecordingCheckOutcome.Checked })
            {
                // An earlier complete check of the day stays: a failed retry shows nothing new about the recordings.
                stored = existing;
            }
            else
            {
                stored = Replace(db, existing, new RecordingDayCheck
                {
                    DeviceId = channel.DeviceId, Date = date, Source = channel.Source, Outcome = RecordingCheckOutcome.Failed,
                    CheckedAt = now, Detail = Truncate(fetch.Detail, 1000),
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            metrics.RecordCheck(RecordingCheckOutcome.Failed, channel.Source, Stopwatch.GetElapsedTime(started));
            return stored;
        }

        var day = RecordingDayAnalysis.Analyze(date, policy.Zone, policy.Schedule, fetch.Recordings, notAfter: now);
        stored = Replace(db, existing, new RecordingDayCheck
        {
            DeviceId = channel.DeviceId, Date = date, Source = channel.Source, Outcome = RecordingCheckOutcome.Checked, CheckedAt = now,
            ScheduledSeconds = Seconds(day.Scheduled), RecordedSeconds = Seconds(day.RecordedInSchedule),
            GapCount = day.Gaps.Count, LongestGapSeconds = Seconds(day.LongestGap), SegmentCount = fetch.Recordings.Count,
            Detail = Truncate(fetch.Detail, 1000),
        });
        await db.SaveChangesAsync(cancellationToken);

        db.RecordingGaps.AddRange(day.Gaps.Select(g => new RecordingGap
        {
            DayCheckId = stored.Id, DeviceId = channel.DeviceId, Date = date, Start = g.Start.ToUniversalTime(), End = g.End.ToUniversalTime(), DurationSeconds = Seconds(g.Duration),
        }));
        db.RecordedSpans.AddRange(day.Recorded.Select(r => new RecordedSpan { DayCheckId = stored.Id, Start = r.Start.ToUniversalTime(), End = r.End.ToUniversalTime() }));
        state.LastFailure = null;
        if (state.LastCheckedDate is null || date > state.LastCheckedDate)
        {
            state.LastCheckedDate = date;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.RecordCheck(RecordingCheckOutcome.Checked, channel.Source, Stopwatch.GetElapsedTime(started));
        LogChecked(channel.DeviceId, channel.Code, date, day.Gaps.Count, day.Completeness ?? 1);
        return stored;
    }

    private static RecordingDayCheck Replace(WatchkeeperDbContext db, RecordingDayCheck? existing, RecordingDayCheck fresh)
    {
        if (existing is not null)
        {
            // Its gaps and spans go with it (cascade), so the day is replaced whole inside the caller's transaction.
            db.RecordingDayChecks.Remove(existing);
        }

        db.RecordingDayChecks.Add(fresh);
        return fresh;
    }

    private async Task AfterChecksAsync(long deviceId, CancellationToken cancellationToken)
    {
        await book.RefreshAsync([deviceId], cancellationToken);
        monitoring.ProbeNow(deviceId);
    }

    private async Task<RecordingChannelState> LoadStateAsync(long deviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RecordingChannelStates.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken)
            ?? new RecordingChannelState { DeviceId = deviceId };
    }

    private async Task SetNextCheckAsync(long deviceId, DateTimeOffset next, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await EnsureStateAsync(db, deviceId, cancellationToken);
        state.NextCheckAt = next.ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<RecordingChannelState> EnsureStateAsync(WatchkeeperDbContext db, long deviceId, CancellationToken cancellationToken)
    {
        var state = await db.RecordingChannelStates.FirstOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        if (state is null)
        {
            state = new RecordingChannelState { DeviceId = deviceId, NextCheckAt = time.GetUtcNow() };
            db.RecordingChannelStates.Add(state);
        }

        return state;
    }

    internal static TimeOnly DailyCheckTime(RecordingOptions settings) =>
        TimeOnly.TryParseExact(settings.DailyCheckTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at
            : new TimeOnly(1, 30);

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording check of device {DeviceId} {DeviceCode} for {Date}: {GapCount} gaps, completeness {Completeness:P2}")]
    private partial void LogChecked(long deviceId, string deviceCode, DateOnly date, int gapCount, double completeness);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording check of device {DeviceId} {DeviceCode} for {Date} failed: {Detail}")]
    private partial void LogCheckFailed(long deviceId, string deviceCode, DateOnly date, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of device {DeviceId} {DeviceCode}: oldest recording {OldestRecording}, {RequiredDays} days required")]
    private partial void LogRetention(long deviceId, string deviceCode, DateTimeOffset? oldestRecording, int requiredDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention check of device {DeviceId} {DeviceCode} failed: {Detail}")]
    private partial void LogRetentionFailed(long deviceId, string deviceCode, string detail);
}

/// <summary>The expected failures of the recording API.</summary>
public static class RecordingErrors
{
    public static Error NotARecordingChannel(long deviceId) => Error.NotFound("recording.channel.not_found", Bilingual.Join(
        $"设备 {deviceId} 不存在或不是录像通道（须为录像机下的通道或摄像机，并有录像机通道号或国标通道编码）。",
        $"Device {deviceId} does not exist or is not a recording channel (a channel or camera under a recorder with a recorder channel number or a GB/T 28181 channel ID)."));

    public static Error FutureDate(DateOnly date) => Error.Validation("recording.date.future", Bilingual.Join(
        $"日期 {date:yyyy-MM-dd} 尚未开始，无法检查。", $"The date {date:yyyy-MM-dd} has not begun yet, so it cannot be checked."), "date");

    public static Error InvalidDate(string? text) => Error.Validation("recording.date.invalid", Bilingual.Join(
        $"日期“{text}”无效，格式为 yyyy-MM-dd。", $"The date '{text}' is invalid; use yyyy-MM-dd."), "date");
}
