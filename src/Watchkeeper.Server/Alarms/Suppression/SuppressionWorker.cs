using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>The <c>Alarms:Suppression</c> configuration section.</summary>
public sealed class AlarmSuppressionOptions
{
    public const string Section = "Alarms:Suppression";

    /// <summary>False stops the worker: windows and silences are stored but flag no alarm.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest wait between two full evaluations, in seconds, even when no window or silence starts or ends sooner.</summary>
    public int SafetyIntervalSeconds { get; set; } = 300;

    /// <summary>The most alarms changed in one database transaction.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>What one evaluation did, and when the next one is due.</summary>
public sealed record SuppressionPass(int Evaluated, int Suppressed, int Unsuppressed, DateTimeOffset NextDueAt);

/// <summary>
/// Flags active alarms covered by a maintenance window or silence and clears the flag when it ends. It evaluates
/// every active alarm at start-up, at each window or silence start and end, after every change of one, and at
/// least every <see cref="AlarmSuppressionOptions.SafetyIntervalSeconds"/>; new alarms are evaluated as soon as
/// <see cref="MonitoringEvents"/> publishes them.
/// </summary>
/// <remarks>
/// Due times are computed from the stored windows and silences, so a restart loses nothing: the first evaluation
/// catches up. A root-cause suppression is never replaced: the parent's alarm explains the fault, and the flag
/// gives way to a window or silence only after alarm correlation clears it.
/// </remarks>
public sealed partial class SuppressionWorker : BackgroundService
{
    public const string MeterName = "Watchkeeper.Alarms.Suppression";

    private readonly IDbContextFactory<WatchkeeperDbContext> _dbFactory;
    private readonly AlarmSuppressions _suppressions;
    private readonly MonitoringEvents _events;
    private readonly IOptions<AlarmSuppressionOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SuppressionWorker> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, byte> _newAlarms = new();
    private readonly SemaphoreSlim _evaluationLock = new(1, 1);
    private readonly Meter _meter;
    private readonly Counter<long> _flagChanges;
    private readonly Histogram<double> _duration;
    private volatile bool _fullEvaluationRequested = true;
    private DateTimeOffset _nextDueAt = DateTimeOffset.MinValue;

    public SuppressionWorker(IDbContextFactory<WatchkeeperDbContext> dbFactory, AlarmSuppressions suppressions, MonitoringEvents events,
        IOptions<AlarmSuppressionOptions> options, IMeterFactory meterFactory, TimeProvider time, ILogger<SuppressionWorker> logger)
    {
        _dbFactory = dbFactory;
        _suppressions = suppressions;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger;
        _meter = meterFactory.Create(MeterName);
        _flagChanges = _meter.CreateCounter<long>("flag.changes", description: "Alarms flagged or unflagged by a maintenance window or silence, by change");
        _duration = _meter.CreateHistogram<double>("evaluation.duration", unit: "s", description: "Time to evaluate active alarms against windows and silences");
    }

    /// <summary>When the next full evaluation is due; <see cref="DateTimeOffset.MinValue"/> before the first.</summary>
    public DateTimeOffset NextDueAt => _nextDueAt;

    /// <summary>Asks the loop for a full evaluation now.</summary>
    public void RequestEvaluation()
    {
        _fullEvaluationRequested = true;
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Evaluates every active alarm, or only <paramref name="alarmIds"/>, against the windows and silences in force
    /// now, saves and publishes the alarms whose flag changed, and returns when the next change is due.
    /// </summary>
    public async Task<SuppressionPass> EvaluateAsync(IReadOnlyCollection<long>? alarmIds = null, CancellationToken cancellationToken = default)
    {
        await _evaluationLock.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            var now = _time.GetUtcNow();
            var snapshot = await _suppressions.SnapshotAsync(now, cancellationToken);
            var candidates = await LoadCandidatesAsync(alarmIds, cancellationToken);
            var decisions = candidates.Select(c => Decide(c, snapshot.Match(c.Subject, now))).OfType<Decision>().ToList();

            var (suppressed, unsuppressed) = (0, 0);
            foreach (var batch in decisions.Chunk(Math.Max(1, _options.Value.BatchSize)))
            {
                var applied = await ApplyAsync(batch, now, cancellationToken);
                suppressed += applied.Suppressed;
                unsuppressed += applied.Unsuppressed;
            }

            var safety = now + TimeSpan.FromSeconds(Math.Max(1, _options.Value.SafetyIntervalSeconds));
            var next = snapshot.NextChangeAfter(now);
            var pass = new SuppressionPass(candidates.Count, suppressed, unsuppressed, next < safety ? next : safety);
            if (alarmIds is null)
            {
                _nextDueAt = pass.NextDueAt;
            }

            _duration.Record(_time.GetElapsedTime(started).TotalSeconds);
            if (suppressed + unsuppressed > 0)
            {
                LogEvaluated(candidates.Count, suppressed, unsuppressed, pass.NextDueAt);
            }

            return pass;
        }
        finally
        {
            _evaluationLock.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Value.Enabled)
        {
            _logger.LogWarning("The suppression worker is disabled by Alarms:Suppression:Enabled=false; windows and silences flag no alarm");
            return;
        }

        _suppressions.Changed += RequestEvaluation;
        _events.Published += OnPublished;
        _logger.LogInformation("Suppression worker started; safety interval {SafetyIntervalSeconds} s", _options.Value.SafetyIntervalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                    await WaitAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    _logger.LogError(exception, "Suppression evaluation failed; retrying in 5 s");
                    _fullEvaluationRequested = true;
                    await Task.Delay(TimeSpan.FromSeconds(5), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            _suppressions.Changed -= RequestEvaluation;
            _events.Published -= OnPublished;
            _logger.LogInformation("Suppression worker stopped");
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        _evaluationLock.Dispose();
        base.Dispose();
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_fullEvaluationRequested || _time.GetUtcNow() >= _nextDueAt)
        {
            _fullEvaluationRequested = false;
            _newAlarms.Clear();
            await EvaluateAsync(null, cancellationToken);
            return;
        }

        var ids = _newAlarms.Keys.ToList();
        foreach (var id in ids)
        {
            _newAlarms.TryRemove(id, out _);
        }

        if (ids.Count > 0)
        {
            await EvaluateAsync(ids, cancellationToken);
        }
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_fullEvaluationRequested || !_newAlarms.IsEmpty)
        {
            return;
        }

        var delay = _nextDueAt - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(delay, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The next due time came without a wake-up.
        }

        // Leave the thread that fired the timer, so that a test clock skipping many due times runs one evaluation (see PeriodicWork).
        await Task.Yield();
    }

    /// <summary>Queues new and reopened alarms; runs on the publisher's thread, so it only records ids.</summary>
    private void OnPublished(IReadOnlyList<MonitoringEvent> published)
    {
        var queued = false;
        foreach (var alarm in published.OfType<AlarmChanged>())
        {
            if (alarm.State is AlarmState.Open or AlarmState.Acknowledged)
            {
                queued |= _newAlarms.TryAdd(alarm.AlarmId, 0);
            }
        }

        if (queued)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    private sealed record Candidate(long AlarmId, AlarmSuppression? Suppression, string SuppressionReason, AlarmMatchSubject Subject);

    /// <summary>The flag an alarm should get: a match to apply, or null to clear a window or silence flag.</summary>
    private sealed record Decision(long AlarmId, SuppressionMatch? Match);

    private async Task<List<Candidate>> LoadCandidatesAsync(IReadOnlyCollection<long>? alarmIds, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var alarms = db.Alarms.AsNoTracking().Where(a => a.State == AlarmState.Open || a.State == AlarmState.Acknowledged);
        if (alarmIds is not null)
        {
            var ids = alarmIds.ToList();
            alarms = alarms.Where(a => ids.Contains(a.Id));
        }

        var rows = await alarms
            .Join(db.Devices, a => a.DeviceId, d => d.Id, (a, d) => new
            {
                a.Id, a.DeviceId, a.Type, a.Severity, a.Suppression, a.SuppressionReason, d.OrganizationId, d.Kind,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new Candidate(r.Id, r.Suppression, r.SuppressionReason,
            new AlarmMatchSubject(r.DeviceId, r.OrganizationId, r.Kind, r.Type, r.Severity)))];
    }

    private static Decision? Decide(Candidate candidate, SuppressionMatch? match)
    {
        if (candidate.Suppression == AlarmSuppression.RootCause)
        {
            return null;
        }

        if (match is not null)
        {
            return candidate.Suppression == match.Kind && candidate.SuppressionReason == match.Reason ? null : new Decision(candidate.AlarmId, match);
        }

        return candidate.Suppression is null ? null : new Decision(candidate.AlarmId, null);
    }

    private async Task<(int Suppressed, int Unsuppressed)> ApplyAsync(IReadOnlyList<Decision> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = batch.Select(d => d.AlarmId).ToList();
        var alarms = await db.Alarms.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var deviceIds = alarms.Values.Select(a => a.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking()
            .Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Code, d.OrganizationId })
            .ToDictionaryAsync(d => d.Id, cancellationToken);

        var changed = new List<Alarm>();
        var (suppressed, unsuppressed) = (0, 0);
        foreach (var decision in batch)
        {
            // The alarm may have resolved, closed or been attributed to its parent since it was read.
            if (!alarms.TryGetValue(decision.AlarmId, out var alarm) || !alarm.IsActive || alarm.Suppression == AlarmSuppression.RootCause)
            {
                continue;
            }

            if (decision.Match is { } match)
            {
                alarm.Suppress(match.Kind, match.Reason, now);
                suppressed++;
                changed.Add(alarm);
            }
            else if (alarm.Suppression is not null)
            {
                alarm.Unsuppress(now, Bilingual.Join("维护窗口或静默已结束", "the maintenance window or silence ended"));
                unsuppressed++;
                changed.Add(alarm);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        _flagChanges.Add(suppressed, new KeyValuePair<string, object?>("change", "suppressed"));
        _flagChanges.Add(unsuppressed, new KeyValuePair<string, object?>("change", "unsuppressed"));
        _events.Publish([.. changed.Select(alarm =>
        {
            var device = devices.GetValueOrDefault(alarm.DeviceId);
            return new AlarmChanged(alarm.Id, alarm.DeviceId, device?.Code ?? "", alarm.Type, alarm.State, alarm.CausedByDeviceId is not null, now)
            {
                OrganizationId = device?.OrganizationId,
            };
        })]);
        return (suppressed, unsuppressed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Suppression evaluated {AlarmCount} alarms: {SuppressedCount} flagged, {UnsuppressedCount} unflagged; next due {NextDueAt}")]
    private partial void LogEvaluated(int alarmCount, int suppressedCount, int unsuppressedCount, DateTimeOffset nextDueAt);
}
