using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Consumes probe rounds: applies each to its device's health state machine, opens, refreshes and resolves
/// alarms, and writes the batch in one transaction. It is the only writer of health and monitoring alarms.
/// </summary>
public sealed partial class HealthProcessor(
    MonitoringQueue queue,
    DeviceDirectory directory,
    HealthBook healthBook,
    LedgerFactWriter facts,
    MonitoringEvents events,
    MonitoringMetrics metrics,
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    IOptions<MonitoringOptions> options,
    IOptions<AlarmOptions> alarmOptions,
    SeverityRuleBook severityRules,
    AlarmCorrelator correlator,
    TimeProvider time,
    ILogger<HealthProcessor> logger) : BackgroundService
{
    private const int MaxAttempts = 3;

    private readonly HashSet<long> _devicesWithActiveAlarms = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadActiveAlarmDevicesAsync(stoppingToken);
        var maxBatch = Math.Max(1, options.Value.MaxBatchSize);
        var rounds = new List<ProbeRound>(maxBatch);
        var ledger = new List<LedgerMessage>();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
                while (queue.Ledger.TryRead(out var message))
                {
                    ledger.Add(message);
                }

                while (rounds.Count < maxBatch && queue.Rounds.TryRead(out var round))
                {
                    rounds.Add(round);
                }

                await ProcessAsync(ledger, rounds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogBatchFailed(exception, rounds.Count, ledger.Count);
            }
            finally
            {
                rounds.Clear();
                ledger.Clear();
            }
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        if (queue.Rounds.TryPeek(out _) || queue.Ledger.TryPeek(out _))
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rounds = queue.Rounds.WaitToReadAsync(wake.Token).AsTask();
        var ledger = queue.Ledger.WaitToReadAsync(wake.Token).AsTask();
        await Task.WhenAny(rounds, ledger);
        await wake.CancelAsync();
        await ((Task)Task.WhenAll(rounds, ledger)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ProcessAsync(List<LedgerMessage> ledger, List<ProbeRound> rounds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thresholds = options.Value.Thresholds;
        var changes = new List<HealthChange>();
        var touched = new Dictionary<long, DeviceHealth>();
        var paused = new HashSet<long>();

        foreach (var message in ledger)
        {
            switch (message)
            {
                case DeviceDeleted deleted:
                    healthBook.Remove(deleted.DeviceId);
                    _devicesWithActiveAlarms.Remove(deleted.DeviceId);
                    break;
                case MonitoringPaused pause when healthBook.Find(pause.DeviceId) is { } health:
                    if (health.Pause(now) is { } change)
                    {
                        changes.Add(change);
                    }

                    touched[pause.DeviceId] = health;
                    paused.Add(pause.DeviceId);
                    break;
            }
        }

        var applied = new List<ProbeRound>(rounds.Count);
        foreach (var round in rounds)
        {
            var device = directory.Find(round.DeviceId);
            if (device is null || !device.MonitoringEnabled || paused.Contains(round.DeviceId))
            {
                continue;
            }

            var health = healthBook.GetOrCreate(round.DeviceId, round.StartedAt);
            if (health.ApplyRound(round, device.Kind, thresholds) is { } change)
            {
                changes.Add(change);
            }

            touched[round.DeviceId] = health;
            applied.Add(round);
        }

        if (touched.Count == 0)
        {
            return;
        }

        var published = await SaveAsync(applied, touched, changes, paused, cancellationToken);
        metrics.RecordRounds(applied.Count, applied.Count > 0 ? time.GetUtcNow() - applied.Min(r => r.CompletedAt) : TimeSpan.Zero);
        LogChanges(changes);
        events.Publish(published);
        await facts.ApplyAsync(applied, cancellationToken);
    }

    private async Task<List<MonitoringEvent>> SaveAsync(List<ProbeRound> rounds, Dictionary<long, DeviceHealth> touched,
        List<HealthChange> changes, HashSet<long> paused, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(rounds, touched, changes, paused, cancellationToken);
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception is DbUpdateException or System.Data.Common.DbException)
            {
                LogSaveRetry(exception, attempt, touched.Count);
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var existing = await MonitoringStore.ExistingDevicesAsync(db, touched.Keys, cancellationToken);
                foreach (var missing in touched.Keys.Where(id => !existing.Contains(id)).ToList())
                {
                    touched.Remove(missing);
                    healthBook.Remove(missing);
                }

                rounds.RemoveAll(r => !existing.Contains(r.DeviceId));
                changes.RemoveAll(c => !existing.Contains(c.DeviceId));
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken);
            }
        }
    }

    private async Task<List<MonitoringEvent>> SaveOnceAsync(List<ProbeRound> rounds, Dictionary<long, DeviceHealth> touched,
        List<HealthChange> changes, HashSet<long> paused, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var store = MonitoringStore.For(db);
        await store.UpsertHealthAsync(touched.Values, cancellationToken);
        await store.UpsertProbeResultsAsync(rounds, cancellationToken);
        await store.RecordStateChangesAsync(changes, cancellationToken);

        var alarmEvents = await ApplyAlarmsAsync(db, rounds, changes, paused, cancellationToken);
        await TrackedBatchWriter.For(db).SaveAsync([typeof(Alarm), typeof(AlarmActivity)], cancellationToken);
        var endedIncidents = alarmEvents.Where(a => a.IncidentId is not null && !a.IsActive).Select(a => a.IncidentId!.Value).ToHashSet();
        if (await correlator.EndFinishedIncidentsAsync(db, endedIncidents, time.GetUtcNow(), cancellationToken) > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        var published = new List<MonitoringEvent>(changes.Count + alarmEvents.Count);
        foreach (var change in changes.Where(c => c.From != c.To))
        {
            var device = directory.Find(change.DeviceId);
            published.Add(new DeviceStateChanged(change.DeviceId, device?.Code ?? "", device?.Name ?? "", change.From, change.To, change.Cause, change.Reason, change.At)
            {
                OrganizationId = device?.OrganizationId,
            });
        }

        foreach (var alarm in alarmEvents)
        {
            published.Add(new AlarmChanged(alarm.Id, alarm.DeviceId, directory.Find(alarm.DeviceId)?.Code ?? "", alarm.Type, alarm.State,
                alarm.CausedByDeviceId is not null, alarm.LastSeenAt)
            {
                OrganizationId = directory.Find(alarm.DeviceId)?.OrganizationId,
            });
            LogAlarm(alarm.Id, alarm.DeviceId, directory.Find(alarm.DeviceId)?.Code ?? "", alarm.Type, alarm.Subject, alarm.State, alarm.CausedByDeviceId, alarm.Detail);
        }

        return published;
    }

    /// <summary>
    /// Applies the alarm rules to the devices that may need it and returns the alarms that opened, reopened, resolved or
    /// were detached from a recovered parent.
    /// </summary>
    private async Task<List<Alarm>> ApplyAlarmsAsync(WatchkeeperDbContext db, List<ProbeRound> rounds, List<HealthChange> changes,
        HashSet<long> paused, CancellationToken cancellationToken)
    {
        var changed = changes.Select(c => c.DeviceId).ToHashSet();
        var relevant = rounds
            .Where(r => changed.Contains(r.DeviceId) || _devicesWithActiveAlarms.Contains(r.DeviceId) || r.Findings.Any()
                || healthBook.StateOf(r.DeviceId) == HealthState.Offline)
            .ToList();

        var newlyOffline = changes.Where(c => c.To == HealthState.Offline && c.From != HealthState.Offline).Select(c => c.DeviceId).ToList();
        var recovered = changes.Where(c => c.From == HealthState.Offline && c.To != HealthState.Offline).Select(c => c.DeviceId).ToList();
        var descendants = newlyOffline.Concat(recovered).SelectMany(directory.DescendantsOf).Where(_devicesWithActiveAlarms.Contains).ToHashSet();

        var ids = relevant.Select(r => r.DeviceId).Concat(paused).Concat(descendants).ToHashSet();
        if (ids.Count == 0)
        {
            return [];
        }

        var active = await LoadAlarmsAsync(db, ids, a => a.ResolvedAt == null, activitiesSince: null, cancellationToken);
        var now = time.GetUtcNow();
        var flapping = alarmOptions.Value.FlappingPolicy;
        var recentlyResolved = await LoadRecentlyResolvedAsync(db, relevant, active, now - flapping.Period, cancellationToken);

        var byDevice = active.GroupBy(a => a.DeviceId).ToDictionary(g => g.Key, g => g.ToList());
        var report = new List<Alarm>();
        var opened = new List<Alarm>();

        foreach (var deviceId in paused)
        {
            var alarms = byDevice.GetValueOrDefault(deviceId) ?? [];
            AlarmRules.ResolveAll(alarms, now, "monitoring paused");
            report.AddRange(alarms);
        }

        foreach (var round in relevant)
        {
            var alarms = byDevice.GetValueOrDefault(round.DeviceId) ?? [];
            var resolved = recentlyResolved.GetValueOrDefault(round.DeviceId) ?? [];
            var health = healthBook.Find(round.DeviceId)!;
            var wasActive = alarms.Where(a => a.IsFaultPresent).ToList();
            var added = AlarmRules.Apply(health, round, wasActive, healthBook.NearestOfflineAncestor(round.DeviceId, directory), resolved, flapping);
            var reopened = resolved.Where(a => a.IsFaultPresent).ToList();
            db.Alarms.AddRange(added);
            opened.AddRange(added);
            opened.AddRange(reopened);
            report.AddRange(added);
            report.AddRange(reopened);
            report.AddRange(wasActive.Where(a => !a.IsFaultPresent));
            alarms.AddRange(added);
            alarms.AddRange(reopened);
            byDevice[round.DeviceId] = alarms;
        }

        report.AddRange(UpdateDescendantAttribution(descendants, byDevice, now));
        await severityRules.ApplyAsync(opened.Where(a => a.Id == 0), directory, now, cancellationToken);
        await correlator.GroupSiteOutagesAsync(db, opened, now, cancellationToken);

        foreach (var (deviceId, alarms) in byDevice)
        {
            if (alarms.Any(a => a.IsFaultPresent))
            {
                _devicesWithActiveAlarms.Add(deviceId);
            }
            else
            {
                _devicesWithActiveAlarms.Remove(deviceId);
            }
        }

        return report.Distinct().ToList();
    }

    /// <summary>
    /// Attributes the descendants' alarms to a parent that just went offline, and detaches them from a parent that
    /// recovered, which ends their root-cause suppression while their own fault remains. Returns the changed alarms.
    /// </summary>
    private List<Alarm> UpdateDescendantAttribution(HashSet<long> descendants, Dictionary<long, List<Alarm>> byDevice, DateTimeOffset now)
    {
        var changed = new List<Alarm>();
        foreach (var deviceId in descendants)
        {
            var ancestor = healthBook.NearestOfflineAncestor(deviceId, directory);
            foreach (var alarm in (byDevice.GetValueOrDefault(deviceId) ?? []).Where(a => a.IsFaultPresent))
            {
                var before = alarm.CausedByDeviceId;
                if (ancestor is { } parent)
                {
                    alarm.AttributeToParent(parent, now);
                }
                else
                {
                    alarm.DetachFromParent(now);
                }

                if (alarm.CausedByDeviceId != before)
                {
                    changed.Add(alarm);
                }
            }
        }

        return changed;
    }

    /// <summary>Loads, per device, the alarms resolved since <paramref name="since"/> that a returning fault may reopen.</summary>
    private async Task<Dictionary<long, List<Alarm>>> LoadRecentlyResolvedAsync(WatchkeeperDbContext db, List<ProbeRound> relevant,
        List<Alarm> active, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Only a device with a fault this round can reopen an alarm: an offline device or a finding without an active alarm.
        var activeKeys = active.Select(a => (a.DeviceId, a.Type, a.Subject)).ToHashSet();
        var candidates = relevant
            .Where(r => (healthBook.StateOf(r.DeviceId) == HealthState.Offline && !activeKeys.Contains((r.DeviceId, AlarmType.Offline, "")))
                || r.Findings.Any(f => !activeKeys.Contains((r.DeviceId, f.Type, f.Subject))))
            .Select(r => r.DeviceId)
            .ToHashSet();
        if (candidates.Count == 0)
        {
            return [];
        }

        var resolved = await LoadAlarmsAsync(db, candidates, a => a.State == AlarmState.Resolved && a.ResolvedAt >= since, activitiesSince: since, cancellationToken);
        return resolved.GroupBy(a => a.DeviceId).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>
    /// Loads the devices' alarms that match <paramref name="predicate"/>. Their activities are loaded only when
    /// <paramref name="activitiesSince"/> is set, and then only the reopenings since then: that is all that
    /// <see cref="Alarm.Reopen"/> counts, and new activities are appended without the old ones.
    /// </summary>
    private static async Task<List<Alarm>> LoadAlarmsAsync(WatchkeeperDbContext db, IReadOnlyCollection<long> deviceIds,
        System.Linq.Expressions.Expression<Func<Alarm, bool>> predicate, DateTimeOffset? activitiesSince, CancellationToken cancellationToken)
    {
        var result = new List<Alarm>();
        foreach (var chunk in deviceIds.Chunk(500))
        {
            var query = db.Alarms.Where(a => chunk.Contains(a.DeviceId)).Where(predicate);
            if (activitiesSince is { } since)
            {
                query = query.Include(a => a.Activities.Where(x => x.Action == AlarmAction.Reopened && x.At >= since));
            }

            result.AddRange(await query.ToListAsync(cancellationToken));
        }

        return result;
    }

    private async Task LoadActiveAlarmDevicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Alarms.Where(a => a.ResolvedAt == null).Select(a => a.DeviceId).Distinct().ToListAsync(cancellationToken);
        _devicesWithActiveAlarms.UnionWith(ids);
    }

    private void LogChanges(List<HealthChange> changes)
    {
        foreach (var change in changes)
        {
            var device = directory.Find(change.DeviceId);
            LogStateChange(change.DeviceId, device?.Code ?? "", change.From, change.To, change.Cause, change.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} {DeviceCode} is now {State} (was {PreviousState}, cause {OfflineCause}): {Reason}")]
    private partial void LogStateChange(long deviceId, string deviceCode, HealthState previousState, HealthState state, OfflineCause? offlineCause, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} of device {DeviceId} {DeviceCode}: {AlarmType} {Subject} is {AlarmState}, caused by parent {ParentDeviceId}: {Detail}")]
    private partial void LogAlarm(long alarmId, long deviceId, string deviceCode, AlarmType alarmType, string subject, AlarmState alarmState, long? parentDeviceId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a monitoring batch of {DeviceCount} devices failed (attempt {Attempt}); retrying")]
    private partial void LogSaveRetry(Exception exception, int attempt, int deviceCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "A monitoring batch of {RoundCount} rounds and {LedgerCount} ledger changes was dropped; the next rounds write the devices' state again")]
    private partial void LogBatchFailed(Exception exception, int roundCount, int ledgerCount);
}
