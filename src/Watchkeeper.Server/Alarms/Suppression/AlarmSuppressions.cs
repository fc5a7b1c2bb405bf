using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// Loads the maintenance windows and silences that may be in force within <see cref="Reach"/> of an instant and
/// keeps them as a <see cref="SuppressionSnapshot"/>. The snapshot is reused until a window or silence changes on
/// this node (<see cref="Invalidate"/>), it is older than <see cref="MaxAge"/> (changes made on another node), or
/// an instant leaves its reach.
/// </summary>
public sealed class AlarmSuppressions(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, TimeProvider time)
    : IAlarmSuppressions
{
    /// <summary>How far before and after the load instant a snapshot covers.</summary>
    public static readonly TimeSpan Reach = TimeSpan.FromHours(12);

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Loads tried while invalidations keep overtaking them; the last one is used even if stale.</summary>
    private const int MaxLoadAttempts = 3;

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private SuppressionSnapshot? _snapshot;
    private DateTimeOffset _loadedAt;
    private long _version;

    /// <summary>Raised after every change of a window or silence on this node.</summary>
    public event Action? Changed;

    async Task<ISuppressionSnapshot> IAlarmSuppressions.SnapshotAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        await SnapshotAsync(at, cancellationToken);

    public async Task<SuppressionSnapshot> SnapshotAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (Reusable(_snapshot, at) is { } cached)
        {
            return cached;
        }

        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (Reusable(_snapshot, at) is { } loaded)
            {
                return loaded;
            }

            // A window or silence saved while the snapshot loads may be missing from it, and the worker would lift the
            // flags that it explains. A load that an invalidation overtook is therefore read again.
            for (var attempt = 1; ; attempt++)
            {
                var version = Interlocked.Read(ref _version);
                var snapshot = await LoadAsync(at, cancellationToken);
                if (version == Interlocked.Read(ref _version))
                {
                    _snapshot = snapshot;
                    _loadedAt = time.GetUtcNow();
                    return snapshot;
                }

                if (attempt == MaxLoadAttempts)
                {
                    return snapshot;
                }
            }
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Drops the snapshot and raises <see cref="Changed"/>, so the suppression worker re-evaluates alarms.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
        Changed?.Invoke();
    }

    private SuppressionSnapshot? Reusable(SuppressionSnapshot? snapshot, DateTimeOffset at) =>
        snapshot is not null && snapshot.Covers(at) && time.GetUtcNow() - _loadedAt < MaxAge ? snapshot : null;

    private async Task<SuppressionSnapshot> LoadAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var from = at - Reach;
        var to = at + Reach;
        var tree = await organizations.GetTreeAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.EndAt > from && w.StartAt < to).ToListAsync(cancellationToken);
        var silences = await db.Silences.AsNoTracking()
            .Where(s => s.EndAt > from && s.StartAt < to && (s.ExpiredAt == null || s.ExpiredAt > from))
            .ToListAsync(cancellationToken);

        var rules = new List<SuppressionRule>(windows.Count + silences.Count);
        rules.AddRange(windows.Select(w => SuppressionRule.ForWindow(w, SuppressionScope.Of(w).Compile(tree))));
        rules.AddRange(silences.Select(s => SuppressionRule.ForSilence(s, SuppressionScope.Of(s).Compile(tree))));
        return new SuppressionSnapshot(from, to, rules);
    }
}

/// <summary>
/// The windows and silences loaded for instants between <see cref="From"/> and <see cref="To"/>. Matching runs in
/// memory and is safe from several threads.
/// </summary>
public sealed class SuppressionSnapshot(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<SuppressionRule> rules) : ISuppressionSnapshot
{
    public DateTimeOffset From { get; } = from;

    public DateTimeOffset To { get; } = to;

    public IReadOnlyList<SuppressionRule> Rules { get; } = rules;

    public bool Covers(DateTimeOffset at) => at >= From && at < To;

    /// <summary>
    /// Returns the window or silence that covers the subject at <paramref name="at"/>: a maintenance window before a
    /// silence, and of those the one in force longest.
    /// </summary>
    public SuppressionMatch? Match(AlarmMatchSubject subject, DateTimeOffset at)
    {
        SuppressionMatch? best = null;
        foreach (var rule in Rules)
        {
            if (!rule.Matcher.Matches(subject) || rule.ActiveUntil(at) is not { } until)
            {
                continue;
            }

            if (best is null || Precedes(rule.Kind, until, best))
            {
                best = new SuppressionMatch(rule.Kind, rule.SourceId, rule.Reason, until);
            }
        }

        return best;
    }

    /// <summary>Returns the next instant after <paramref name="at"/> at which any window or silence starts or stops, capped at <see cref="To"/>.</summary>
    public DateTimeOffset NextChangeAfter(DateTimeOffset at)
    {
        var next = To;
        foreach (var rule in Rules)
        {
            if (rule.NextChangeAfter(at) is { } change && change < next)
            {
                next = change;
            }
        }

        return next;
    }

    private static bool Precedes(AlarmSuppression kind, DateTimeOffset until, SuppressionMatch best) =>
        kind != best.Kind ? kind == AlarmSuppression.MaintenanceWindow : until > best.Until;
}

/// <summary>One maintenance window or silence prepared for matching.</summary>
public sealed class SuppressionRule
{
    private readonly Func<DateTimeOffset, MaintenanceOccurrence?> _occurrenceAt;
    private readonly Func<DateTimeOffset, DateTimeOffset?> _nextChangeAfter;

    // The last result and the span in which it holds, so that a run of alarm checks at nearby instants computes
    // the occurrence once. It is replaced as one reference, so readers on other threads see a whole result.
    private Memo? _memo;

    private SuppressionRule(AlarmSuppression kind, long sourceId, string reason, SuppressionMatcher matcher,
        Func<DateTimeOffset, MaintenanceOccurrence?> occurrenceAt, Func<DateTimeOffset, DateTimeOffset?> nextChangeAfter)
    {
        Kind = kind;
        SourceId = sourceId;
        Reason = reason;
        Matcher = matcher;
        _occurrenceAt = occurrenceAt;
        _nextChangeAfter = nextChangeAfter;
    }

    public AlarmSuppression Kind { get; }

    public long SourceId { get; }

    /// <summary>What the alarm's history and the console show; stable while the window or silence is unchanged.</summary>
    public string Reason { get; }

    public SuppressionMatcher Matcher { get; }

    public static SuppressionRule ForWindow(MaintenanceWindow window, SuppressionMatcher matcher)
    {
        var schedule = MaintenanceWindows.ScheduleOf(window);
        return new SuppressionRule(AlarmSuppression.MaintenanceWindow, window.Id,
            Bilingual.Join($"维护窗口 #{window.Id}“{window.Name}”", $"maintenance window #{window.Id} '{window.Name}'"),
            matcher, schedule.OccurrenceAt, schedule.NextChangeAfter);
    }

    public static SuppressionRule ForSilence(Silence silence, SuppressionMatcher matcher)
    {
        var start = silence.StartAt;
        var end = silence.EffectiveEndAt;
        return new SuppressionRule(AlarmSuppression.Silence, silence.Id,
            Bilingual.Join($"静默 #{silence.Id}（{silence.CreatedBy}）：{silence.Reason}", $"silence #{silence.Id} by {silence.CreatedBy}: {silence.Reason}"),
            matcher,
            at => at >= start && at < end ? new MaintenanceOccurrence(start, end) : null,
            at => NextBound(at, start, end));
    }

    /// <summary>Returns the first of <paramref name="start"/> and <paramref name="end"/> after <paramref name="at"/>, or null when both have passed.</summary>
    private static DateTimeOffset? NextBound(DateTimeOffset at, DateTimeOffset start, DateTimeOffset end)
    {
        if (at < start)
        {
            return start;
        }

        return at < end ? end : null;
    }

    /// <summary>Returns when the rule stops being in force, or null when it is not in force at <paramref name="at"/>.</summary>
    public DateTimeOffset? ActiveUntil(DateTimeOffset at)
    {
        var memo = _memo;
        if (memo is null || at < memo.From || at >= memo.To)
        {
            memo = Remember(at);
        }

        return memo.ActiveUntil;
    }

    public DateTimeOffset? NextChangeAfter(DateTimeOffset at) => _nextChangeAfter(at);

    private Memo Remember(DateTimeOffset at)
    {
        Memo memo;
        if (_occurrenceAt(at) is { } occurrence)
        {
            memo = new Memo(at, occurrence.End, occurrence.End);
        }
        else
        {
            memo = new Memo(at, _nextChangeAfter(at) ?? DateTimeOffset.MaxValue, null);
        }

        _memo = memo;
        return memo;
    }

    private sealed record Memo(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? ActiveUntil);
}
