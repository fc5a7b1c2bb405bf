using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Recording;

/// <summary>One channel's recording completeness over a period.</summary>
public sealed record ChannelCompleteness(long ChannelId, string Code, string Name, long OrganizationId, RecordingSource Source, double? Completeness,
    long RecordedSeconds, long ScheduledSeconds, int CheckedDays, int FailedDays, int GapCount, long LongestGapSeconds, DateOnly? LatestCheckedDate);

/// <summary>
/// 录像完整率 over channels and local days: the sum of recorded seconds over the sum of scheduled seconds of every
/// successfully checked channel-day in the period. Failed and unchecked channel-days are counted apart and add to
/// neither sum.
/// </summary>
public sealed record RecordingCompletenessResponse(
    DateOnly From,
    DateOnly To,
    long? OrganizationId,
    long? ChannelId,
    string Definition,
    double? Completeness,
    long RecordedSeconds,
    long ScheduledSeconds,
    int ChannelCount,
    int CheckedChannelDays,
    int FailedChannelDays,
    int UncheckedChannelDays,
    IReadOnlyList<ChannelCompleteness> Channels);

/// <summary>One channel's retention as of its latest retention check.</summary>
public sealed record ChannelRetention(long ChannelId, string Code, string Name, long OrganizationId, int RequiredDays, int? RetainedDays,
    DateTimeOffset? OldestRecordingAt, bool? Compliant, int? ShortfallDays, DateTimeOffset? CheckedAt, string? Failure);

/// <summary>
/// Retention compliance (录像保存天数达标): a channel complies when its oldest available recording is at least the
/// organization's required days old, counted in local calendar days. The rate is compliant channels over channels
/// whose retention was checked.
/// </summary>
public sealed record RetentionComplianceResponse(DateTimeOffset AsOf, long? OrganizationId, long? ChannelId, string Definition, double? ComplianceRate,
    int CompliantCount, int CheckedCount, int ChannelCount, IReadOnlyList<ChannelRetention> Channels);

/// <summary>Reads stored recording checks for the API, the KPIs and the console.</summary>
public sealed class RecordingQueries(WatchkeeperDbContext db, RecordingChannelDirectory directory, RecordingPolicyStore policies,
    OrganizationDirectory organizations, TimeProvider time)
{
    public const string CompletenessDefinition =
        "录像完整率 = 有录像的计划时长 ÷ 计划录像时长，按组织时区的自然日逐通道计算后求和；检查失败或未检查的通道日不计入。 / "
        + "Recording completeness = scheduled time covered by a recording ÷ scheduled time, summed over the successfully checked channel-days (local calendar days of the organization) in the period; failed and unchecked channel-days are left out and counted apart.";

    public const string RetentionDefinition =
        "录像保存天数达标：最早可用录像所在日期距今天的自然日数 ≥ 组织要求的保存天数；达标率 = 达标通道 ÷ 已检查通道。 / "
        + "Retention compliance: the local calendar days from the oldest available recording to today are at least the organization's required retention days; the rate is compliant channels ÷ channels whose retention was checked.";

    /// <summary>The longest period one completeness request may span.</summary>
    public const int MaxPeriodDays = 366;

    /// <summary>Returns the stored check of one channel-day, or NotChecked with the day's schedule.</summary>
    public async Task<RecordingDayResponse?> DayAsync(long deviceId, DateOnly date, CancellationToken cancellationToken)
    {
        if ((await directory.LoadAsync([deviceId], cancellationToken)).FirstOrDefault() is not { } channel)
        {
            return null;
        }

        var policy = await policies.ResolveAsync(channel.OrganizationId, deviceId, cancellationToken);
        var window = LocalDay.Window(date, policy.Zone);
        var scheduled = IntervalSet.Clip(policy.Schedule.ScheduledOn(date, policy.Zone), window).Select(Dto).ToList();
        var check = await db.RecordingDayChecks.AsNoTracking().FirstOrDefaultAsync(d => d.DeviceId == deviceId && d.Date == date, cancellationToken);
        if (check is null)
        {
            return new RecordingDayResponse(deviceId, channel.Code, channel.Name, date, policy.Zone.Id, window.Start, window.End, channel.Source, "NotChecked",
                null, channel.Problem ?? "", 0, 0, null, 0, [], [], scheduled);
        }

        var gaps = await db.RecordingGaps.AsNoTracking().Where(g => g.DayCheckId == check.Id).OrderBy(g => g.Start).ToListAsync(cancellationToken);
        var spans = await db.RecordedSpans.AsNoTracking().Where(s => s.DayCheckId == check.Id).OrderBy(s => s.Start).ToListAsync(cancellationToken);
        var isChecked = check.Outcome == RecordingCheckOutcome.Checked;
        return new RecordingDayResponse(deviceId, channel.Code, channel.Name, date, policy.Zone.Id, window.Start, window.End, check.Source, check.Outcome.ToString(),
            check.CheckedAt, check.Detail, check.ScheduledSeconds, check.RecordedSeconds,
            isChecked && check.ScheduledSeconds > 0 ? (double)check.RecordedSeconds / check.ScheduledSeconds : null, check.LongestGapSeconds,
            spans.Select(s => Dto(new TimeInterval(s.Start, s.End))).ToList(),
            gaps.Select(g => Dto(new TimeInterval(g.Start, g.End))).ToList(),
            scheduled);
    }

    /// <summary>Computes 录像完整率 over the local days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public async Task<RecordingCompletenessResponse> CompletenessAsync(DateOnly from, DateOnly to, long? organizationId, long? channelId,
        bool includeChannels, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(organizationId, channelId, cancellationToken);
        var ids = scope.Select(c => c.DeviceId).ToList();
        var rows = await LoadDaysAsync(ids, from, to, cancellationToken);
        var total = new CompletenessAccumulator();
        var perChannel = new List<ChannelCompleteness>();
        var byChannel = rows.ToLookup(r => r.DeviceId);
        foreach (var channel in scope)
        {
            var own = new CompletenessAccumulator();
            foreach (var day in byChannel[channel.DeviceId])
            {
                Add(total, day);
                Add(own, day);
            }

            var result = own.Result();
            var days = byChannel[channel.DeviceId].ToList();
            perChannel.Add(new ChannelCompleteness(channel.DeviceId, channel.Code, channel.Name, channel.OrganizationId, channel.Source, result.Rate,
                (long)result.Recorded.TotalSeconds, (long)result.Scheduled.TotalSeconds, result.CheckedDays, result.FailedDays,
                days.Sum(d => d.GapCount), days.Count == 0 ? 0 : days.Max(d => d.LongestGapSeconds),
                days.Where(d => d.Outcome == RecordingCheckOutcome.Checked).Select(d => (DateOnly?)d.Date).Max()));
        }

        var sum = total.Result();
        var channelDays = scope.Count * (to.DayNumber - from.DayNumber + 1);
        return new RecordingCompletenessResponse(from, to, organizationId, channelId, CompletenessDefinition, sum.Rate,
            (long)sum.Recorded.TotalSeconds, (long)sum.Scheduled.TotalSeconds, scope.Count, sum.CheckedDays, sum.FailedDays,
            Math.Max(0, channelDays - sum.CheckedDays - sum.FailedDays), includeChannels ? perChannel : []);
    }

    /// <summary>Returns the retention of every channel in scope as of now.</summary>
    public async Task<RetentionComplianceResponse> RetentionAsync(long? organizationId, long? channelId, bool includeChannels, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(organizationId, channelId, cancellationToken);
        var ids = scope.Select(c => c.DeviceId).ToList();
        var states = await db.RecordingChannelStates.AsNoTracking().Where(s => ids.Contains(s.DeviceId)).ToDictionaryAsync(s => s.DeviceId, cancellationToken);
        var resolver = await policies.LoadResolverAsync(cancellationToken);
        var now = time.GetUtcNow();
        var list = scope.Select(channel =>
        {
            var state = states.GetValueOrDefault(channel.DeviceId);
            var policy = resolver.Resolve(channel.OrganizationId, RecordingScheduleJson.Deserialize(state?.Schedule));
            if (state?.RetentionCheckedAt is not { } checkedAt)
            {
                return new ChannelRetention(channel.DeviceId, channel.Code, channel.Name, channel.OrganizationId, policy.RetentionDays, null, null, null, null, null, state?.RetentionFailure);
            }

            var status = RetentionStatus.Evaluate(policy.RetentionDays, now, state.OldestRecordingAt, policy.Zone);
            return new ChannelRetention(channel.DeviceId, channel.Code, channel.Name, channel.OrganizationId, policy.RetentionDays, status.RetainedDays,
                state.OldestRecordingAt, status.Compliant, status.ShortfallDays, checkedAt, state.RetentionFailure);
        }).ToList();

        var checkedCount = list.Count(c => c.Compliant is not null);
        var compliant = list.Count(c => c.Compliant == true);
        return new RetentionComplianceResponse(now, organizationId, channelId, RetentionDefinition,
            checkedCount == 0 ? null : (double)compliant / checkedCount, compliant, checkedCount, list.Count, includeChannels ? list : []);
    }

    private async Task<List<RecordingChannel>> ScopeAsync(long? organizationId, long? channelId, CancellationToken cancellationToken)
    {
        var all = await directory.LoadAsync(channelId is { } id ? [id] : null, cancellationToken);
        if (organizationId is not { } organization)
        {
            return all;
        }

        var subtree = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organization).ToHashSet();
        return all.Where(c => subtree.Contains(c.OrganizationId)).ToList();
    }

    private async Task<List<RecordingDayCheck>> LoadDaysAsync(List<long> ids, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = new List<RecordingDayCheck>();
        foreach (var chunk in ids.Chunk(1000))
        {
            rows.AddRange(await db.RecordingDayChecks.AsNoTracking()
                .Where(d => chunk.Contains(d.DeviceId) && d.Date >= from && d.Date <= to).ToListAsync(cancellationToken));
        }

        return rows;
    }

    private static void Add(CompletenessAccumulator accumulator, RecordingDayCheck day)
    {
        if (day.Outcome == RecordingCheckOutcome.Checked)
        {
            accumulator.AddChecked(day.DeviceId, TimeSpan.FromSeconds(day.ScheduledSeconds), TimeSpan.FromSeconds(Math.Min(day.RecordedSeconds, day.ScheduledSeconds)));
        }
        else
        {
            accumulator.AddFailed(day.DeviceId);
        }
    }

    private static TimeSpanDto Dto(TimeInterval interval) => new(interval.Start, interval.End, (long)interval.Duration.TotalSeconds);
}
