using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Recording;

/// <summary>A checked day of a channel: its gaps within the schedule.</summary>
public sealed record DayVerdict(DateOnly Date, IReadOnlyList<TimeInterval> Gaps);

/// <summary>What the recording probe reports for a channel: its latest checked days and its retention.</summary>
/// <param name="RecentDays">Checked days, newest first, at most <see cref="RecordingBook.DaysKept"/>.</param>
public sealed record ChannelVerdict(IReadOnlyList<DayVerdict> RecentDays, DateTimeOffset? OldestRecording, DateTimeOffset? RetentionCheckedAt,
    int RequiredDays, TimeZoneInfo Zone);

/// <summary>
/// The latest recording checks of every channel in memory, which the passive recording probe reads in each round
/// without touching the database. Loaded at start and refreshed after each check.
/// </summary>
public sealed class RecordingBook(IDbContextFactory<WatchkeeperDbContext> dbFactory, RecordingPolicyStore policies,
    IOptionsMonitor<RecordingOptions> options, TimeProvider time)
{
    /// <summary>Days of gaps the probe can report at once: consecutive bad days each keep their alarm up to this many.</summary>
    public const int DaysKept = 7;

    private readonly ConcurrentDictionary<long, ChannelVerdict> _verdicts = new();

    public ChannelVerdict? Find(long deviceId) => _verdicts.GetValueOrDefault(deviceId);

    public int Count => _verdicts.Count;

    /// <summary>Reloads the verdicts of <paramref name="deviceIds"/>, or of every channel when null.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<long>? deviceIds, CancellationToken cancellationToken)
    {
        // The book serves the recording probe of every channel, so a refresh a user triggers reads past the user's scope.
        using var systemWork = OrganizationScope.BeginSystemWork();
        var resolver = await policies.LoadResolverAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = LocalDay.DateOf(time.GetUtcNow(), policies.DefaultZone).AddDays(-(DaysKept + 2));

        var states = db.RecordingChannelStates.AsNoTracking();
        var days = db.RecordingDayChecks.AsNoTracking().Where(d => d.Outcome == RecordingCheckOutcome.Checked && d.Date >= since);
        var gaps = db.RecordingGaps.AsNoTracking().Where(g => g.Date >= since);
        var devices = db.Devices.AsNoTracking();
        if (deviceIds is not null)
        {
            states = states.Where(s => deviceIds.Contains(s.DeviceId));
            days = days.Where(d => deviceIds.Contains(d.DeviceId));
            gaps = gaps.Where(g => deviceIds.Contains(g.DeviceId));
            devices = devices.Where(d => deviceIds.Contains(d.Id));
        }

        var stateList = await states.ToListAsync(cancellationToken);
        var dayList = await days.Select(d => new { d.Id, d.DeviceId, d.Date }).ToListAsync(cancellationToken);
        var gapsByDay = (await gaps.Select(g => new { g.DayCheckId, g.Start, g.End }).ToListAsync(cancellationToken))
            .ToLookup(g => g.DayCheckId, g => new TimeInterval(g.Start, g.End));
        var organizationOf = await devices.Select(d => new { d.Id, d.OrganizationId }).ToDictionaryAsync(d => d.Id, d => d.OrganizationId, cancellationToken);
        var daysByDevice = dayList.ToLookup(d => d.DeviceId);

        foreach (var id in deviceIds ?? _verdicts.Keys.ToList())
        {
            _verdicts.TryRemove(id, out _);
        }

        foreach (var state in stateList)
        {
            if (!organizationOf.TryGetValue(state.DeviceId, out var organizationId))
            {
                continue;
            }

            var policy = resolver.Resolve(organizationId, RecordingScheduleJson.Deserialize(state.Schedule));
            var recent = daysByDevice[state.DeviceId].OrderByDescending(d => d.Date).Take(DaysKept)
                .Select(d => new DayVerdict(d.Date, gapsByDay[d.Id].OrderBy(g => g.Start).ToList())).ToList();
            if (recent.Count > 0 || state.RetentionCheckedAt is not null)
            {
                _verdicts[state.DeviceId] = new ChannelVerdict(recent, state.OldestRecordingAt, state.RetentionCheckedAt, policy.RetentionDays, policy.Zone);
            }
        }
    }

    /// <summary>
    /// Evaluates the recording probe of a channel. Each checked day with a gap of at least the threshold is a
    /// RecordingGap finding (subject: the date), counting back from the latest checked day to the first day without
    /// one. A clean latest day therefore resolves them all. A retention shortfall is one RetentionShortfall finding.
    /// </summary>
    public ProbeOutcome Evaluate(long deviceId)
    {
        if (Find(deviceId) is not { } verdict)
        {
            return ProbeOutcome.Skipped(ProbeKind.Recording, ProbeReason.NotConfigured, "no recording check has succeeded for this channel yet");
        }

        var threshold = TimeSpan.FromMinutes(Math.Max(0, options.CurrentValue.GapAlarmMinutes));
        var findings = new List<Finding>();
        foreach (var day in verdict.RecentDays)
        {
            var over = day.Gaps.Where(g => g.Duration >= threshold).ToList();
            if (over.Count == 0)
            {
                break;
            }

            findings.Add(new Finding(AlarmType.RecordingGap, day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DescribeGaps(day.Date, over, verdict.Zone, threshold)));
        }

        if (verdict.RetentionCheckedAt is not null)
        {
            var retention = RetentionStatus.Evaluate(verdict.RequiredDays, time.GetUtcNow(), verdict.OldestRecording, verdict.Zone);
            if (!retention.Compliant)
            {
                var oldest = retention.OldestDate is { } date ? $"the oldest recording is from {date:yyyy-MM-dd} ({retention.RetainedDays} days)" : "no recording was found";
                findings.Add(new Finding(AlarmType.RetentionShortfall, "",
                    $"{oldest}; {retention.RequiredDays} days are required, {retention.ShortfallDays} days short"));
            }
        }

        var latest = verdict.RecentDays.Count > 0 ? $"latest checked day {verdict.RecentDays[0].Date:yyyy-MM-dd}" : "no day checked yet";
        return ProbeOutcome.Reachable(ProbeKind.Recording, TimeSpan.Zero, latest, findings);
    }

    private static string DescribeGaps(DateOnly date, List<TimeInterval> gaps, TimeZoneInfo zone, TimeSpan threshold)
    {
        var longest = gaps.MaxBy(g => g.Duration);
        var total = IntervalSet.TotalDuration(gaps);
        return string.Create(CultureInfo.InvariantCulture,
            $"{date:yyyy-MM-dd}: {gaps.Count} gap(s) of {threshold.TotalMinutes:0}+ min within the schedule, {total.TotalMinutes:0} min in all; longest {Local(longest.Start, zone)}-{Local(longest.End, zone)} ({longest.Duration.TotalMinutes:0} min)");
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The recording probe: it sends nothing and reads the recording book, so a round costs no network call.</summary>
public sealed class RecordingProbe(RecordingBook book) : IProbe
{
    public ProbeKind Kind => ProbeKind.Recording;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken) => Task.FromResult(book.Evaluate(target.DeviceId));
}
