using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Tickets;

/// <summary>Settings of the ticketing rules' worker (section "TicketRules").</summary>
public sealed class TicketRuleOptions
{
    public const string Section = "TicketRules";

    /// <summary>Whether the worker runs. Tests that drive it by hand turn it off.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for due alarms, new consequences and recoveries, in seconds.</summary>
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>How many due alarms, consequences or recoveries one pass handles of each.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>What one pass of <see cref="TicketRuleWorker"/> did.</summary>
public sealed record TicketRuleRun(int Opened, int Linked, int RecoveriesLogged);

/// <summary>
/// Opens tickets from root alarms by the ticketing rules, links consequences that arrive later to the open ticket, and
/// logs on the ticket when its root alarm resolves. An alarm is due when it has stayed unresolved for the rule's delay
/// since its first sighting. Both the sighting and the delay are stored, so a restart loses nothing. Several workers may
/// run: the origin row's key lets only one of them open a ticket for a root alarm, and the ticket's version lets only one
/// of them log a link or a recovery.
/// </summary>
public sealed partial class TicketRuleWorker(
    IServiceScopeFactory scopes,
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    OrganizationDirectory organizations,
    IOptions<TicketRuleOptions> options,
    TimeProvider time,
    ILogger<TicketRuleWorker> logger) : BackgroundService
{
    public async Task<TicketRuleRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var system = OrganizationScope.BeginSystemWork();
        var opened = await OpenDueTicketsAsync(cancellationToken);
        var linked = await LinkConsequencesAsync(cancellationToken);
        var recoveries = await LogRecoveriesAsync(cancellationToken);
        return new TicketRuleRun(opened, linked, recoveries);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            LogDisabled();
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.IntervalSeconds));
        LogStarted(interval.TotalSeconds);
        await PeriodicWork.RunAsync(interval, time, RunOnceAsync, exception =>
        {
            if (exception is not (DbUpdateException or System.Data.Common.DbException or InvalidOperationException))
            {
                return false;
            }

            LogRunFailed(exception);
            return true;
        }, stoppingToken);
    }

    private async Task<int> OpenDueTicketsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batch = Math.Max(1, options.Value.BatchSize);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        List<TicketRule> rules;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            rules = await db.TicketRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        }

        var tried = new HashSet<long>();
        var opened = 0;
        foreach (var rule in rules)
        {
            List<DueAlarm> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await DueAlarms(db, rule, tree.SubtreeIds(rule.OrganizationId ?? 0), now).Take(batch).ToListAsync(cancellationToken);
            }

            foreach (var alarm in due.Where(a => tried.Add(a.AlarmId)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                opened += await OpenAsync(rule, alarm, now, cancellationToken) ? 1 : 0;
            }
        }

        return opened;
    }

    /// <summary>
    /// The root alarms that <paramref name="rule"/> matches and that are due: unresolved and not closed for the rule's
    /// delay, neither suppressed nor flapping, without a ticket of a rule, and not the root alarm of an open ticket.
    /// </summary>
    private static IQueryable<DueAlarm> DueAlarms(WatchkeeperDbContext db, TicketRule rule, IReadOnlyList<long> subtree, DateTimeOffset now)
    {
        // NOTE: the delay counts from the first sighting, so an alarm that resolved and reopened counts its earlier time too.
        var cutoff = now.AddMinutes(-rule.DelayMinutes);
        var severities = rule.MatchingSeverities().ToList();
        var open = TicketAssigner.OpenStates;
        var rows = from a in db.Alarms.AsNoTracking()
                   join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
                   where a.ResolvedAt == null && a.State != AlarmState.Closed && a.CausedByDeviceId == null && a.Suppression == null && !a.IsFlapping
                       && severities.Contains(a.Severity) && a.FirstSeenAt <= cutoff
                       && !db.TicketAlarmOrigins.Any(o => o.AlarmId == a.Id)
                       && !db.TicketAlarms.Any(x => x.AlarmId == a.Id && x.IsRoot && db.Tickets.Any(t => t.Id == x.TicketId && open.Contains(t.State)))
                   select new { Alarm = a, Device = d };
        if (rule.AlarmTypes.Count > 0)
        {
            var types = rule.AlarmTypes;
            rows = rows.Where(r => types.Contains(r.Alarm.Type));
        }

        if (rule.DeviceKinds.Count > 0)
        {
            var kinds = rule.DeviceKinds;
            rows = rows.Where(r => kinds.Contains(r.Device.Kind));
        }

        if (rule.OrganizationId is not null)
        {
            rows = rows.Where(r => subtree.Contains(r.Device.OrganizationId));
        }

        return rows.OrderBy(r => r.Alarm.FirstSeenAt).ThenBy(r => r.Alarm.Id).Select(r => new DueAlarm(
            r.Alarm.Id, r.Alarm.Type, r.Alarm.Severity, r.Alarm.DeviceId, r.Device.Code, r.Device.Name, r.Device.OrganizationId, r.Alarm.FirstSeenAt));
    }

    /// <summary>Opens the ticket of one root alarm with its unresolved consequences; returns false when another worker was first.</summary>
    private async Task<bool> OpenAsync(TicketRule rule, DueAlarm alarm, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WatchkeeperDbContext>();
        var service = scope.ServiceProvider.GetRequiredService<TicketService>();
        var consequences = alarm.Type == AlarmType.Offline
            ? await Consequences(db, alarm.DeviceId).OrderBy(c => c.Id).Take(TicketService.MaxAlarms - 1).ToListAsync(cancellationToken)
            : [];
        var title = Bilingual.Join($"{alarm.DeviceName}（{alarm.DeviceCode}）告警：{alarm.Type}", $"{alarm.DeviceName} ({alarm.DeviceCode}) alarm: {alarm.Type}");
        var input = new TicketCreateInput(
            title.Length > Ticket.MaxTitleLength ? title[..Ticket.MaxTitleLength] : title,
            Bilingual.Join(
                $"工单规则“{rule.Name}”为根告警 {alarm.AlarmId}（{alarm.Severity}，首次发现于 {alarm.FirstSeenAt:yyyy-MM-dd HH:mm:ss}Z）开单，关联告警 {consequences.Count} 条。",
                $"Ticketing rule '{rule.Name}' opened this ticket for root alarm {alarm.AlarmId} ({alarm.Severity}, first seen {alarm.FirstSeenAt:yyyy-MM-dd HH:mm:ss}Z) " +
                $"with {consequences.Count} consequences."),
            rule.FaultLevel, rule.Category.ToString(), alarm.OrganizationId,
            [.. consequences.Select(c => c.DeviceId).Prepend(alarm.DeviceId).Distinct()],
            RequesterName: "Watchkeeper",
            AlarmIds: [.. consequences.Select(c => c.Id).Prepend(alarm.AlarmId)]);

        Result<long> created;
        try
        {
            created = await service.CreateAsync(input, TicketSource.Alarm, SystemCaller, cancellationToken, ticket =>
                db.TicketAlarmOrigins.Add(new TicketAlarmOrigin { AlarmId = alarm.AlarmId, TicketId = ticket.Id, RuleId = rule.Id, OpenedAt = now }));
        }
        catch (DbUpdateException exception)
        {
            LogAlreadyOpened(exception, alarm.AlarmId);
            return false;
        }

        if (!created.IsSuccess)
        {
            LogOpenRejected(alarm.AlarmId, rule.Id, created.Errors[0].Message);
            return false;
        }

        LogOpened(created.Value, alarm.AlarmId, rule.Id, consequences.Count);
        if (rule.AutoAssign)
        {
            await using var assignScope = scopes.CreateAsyncScope();
            var assigned = await assignScope.ServiceProvider.GetRequiredService<TicketService>()
                .TransitionAsync(created.Value, new TicketTransitionInput(nameof(TicketActionKind.AutoAssign)), SystemCaller, cancellationToken);
            if (!assigned.IsSuccess)
            {
                LogAssignFailed(created.Value, assigned.Error!.Message);
            }
        }

        return true;
    }

    /// <summary>Links unresolved consequences of open tickets' root alarms that the tickets do not list yet.</summary>
    private async Task<int> LinkConsequencesAsync(CancellationToken cancellationToken)
    {
        List<NewConsequence> found;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var open = TicketAssigner.OpenStates;
            found = await (from o in db.TicketAlarmOrigins
                           join root in db.Alarms on o.AlarmId equals root.Id
                           join t in db.Tickets on o.TicketId equals t.Id
                           where open.Contains(t.State) && root.Type == AlarmType.Offline && root.ResolvedAt == null
                           from c in db.Alarms
                           where c.CausedByDeviceId == root.DeviceId && c.ResolvedAt == null && c.State != AlarmState.Closed
                               && !db.TicketAlarms.Any(x => x.TicketId == o.TicketId && x.AlarmId == c.Id)
                           orderby o.TicketId, c.Id
                           select new NewConsequence(o.TicketId, root.Id, c.Id, c.DeviceId))
                .Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(cancellationToken);
        }

        var linked = 0;
        foreach (var group in found.GroupBy(c => c.TicketId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            linked += await LinkAsync(group.Key, [.. group], cancellationToken);
        }

        return linked;
    }

    private async Task<int> LinkAsync(long ticketId, IReadOnlyList<NewConsequence> consequences, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return 0;
        }

        var devices = (await db.TicketDevices.Where(x => x.TicketId == ticketId).Select(x => x.DeviceId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var consequence in consequences)
        {
            ticket.RecordAlarmLinked(consequence.AlarmId, null, now,
                Bilingual.Join($"根告警 {consequence.RootAlarmId} 的后续关联告警", $"later consequence of root alarm {consequence.RootAlarmId}"));
            db.TicketAlarms.Add(new TicketAlarm { TicketId = ticketId, AlarmId = consequence.AlarmId, IsRoot = false });
            if (devices.Add(consequence.DeviceId))
            {
                ticket.RecordDeviceLinked(consequence.DeviceId, null, now);
                db.TicketDevices.Add(new TicketDevice { TicketId = ticketId, DeviceId = consequence.DeviceId });
            }
        }

        TicketVersion.Increment(db, ticket);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // Another worker linked them, or a user changed the ticket meanwhile: the next pass looks again.
            LogConflict(exception, ticketId);
            return 0;
        }

        LogLinked(ticketId, consequences.Count);
        return consequences.Count;
    }

    /// <summary>Records on each ticket that its root alarm resolved, once per resolution (an alarm may reopen and resolve again).</summary>
    private async Task<int> LogRecoveriesAsync(CancellationToken cancellationToken)
    {
        List<(long AlarmId, long TicketId, DateTimeOffset ResolvedAt)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var rows = await (from o in db.TicketAlarmOrigins
                              join root in db.Alarms on o.AlarmId equals root.Id
                              where root.ResolvedAt != null && (o.RecoveryLoggedFor == null || o.RecoveryLoggedFor != root.ResolvedAt)
                              orderby o.AlarmId
                              select new { o.AlarmId, o.TicketId, root.ResolvedAt })
                .Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(cancellationToken);
            due = [.. rows.Select(r => (r.AlarmId, r.TicketId, r.ResolvedAt!.Value))];
        }

        var logged = 0;
        foreach (var (alarmId, ticketId, resolvedAt) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var origin = await db.TicketAlarmOrigins.FirstAsync(o => o.AlarmId == alarmId, cancellationToken);
            var ticket = await db.Tickets.Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
            origin.RecoveryLoggedFor = resolvedAt;
            if (ticket is not null && ticket.State != TicketState.Closed)
            {
                ticket.RecordAlarmResolved(alarmId, time.GetUtcNow(), Bilingual.Join(
                    $"根告警 {alarmId} 已于 {resolvedAt:yyyy-MM-dd HH:mm:ss}Z 恢复；工单不会自动关闭，请确认故障排除后再解决。",
                    $"Root alarm {alarmId} resolved at {resolvedAt:yyyy-MM-dd HH:mm:ss}Z; the ticket stays open until someone resolves it."));
                TicketVersion.Increment(db, ticket);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logged++;
                LogRecovery(ticketId, alarmId);
            }
            catch (DbUpdateException exception)
            {
                LogConflict(exception, ticketId);
            }
        }

        return logged;
    }

    private static IQueryable<Alarm> Consequences(WatchkeeperDbContext db, long rootDeviceId) =>
        db.Alarms.AsNoTracking().Where(c => c.CausedByDeviceId == rootDeviceId && c.ResolvedAt == null && c.State != AlarmState.Closed);

    /// <summary>The platform as the actor, allowed every ticket action: the log shows no user.</summary>
    private static UserAccess SystemCaller => UserAccess.Platform;

    private sealed record DueAlarm(long AlarmId, AlarmType Type, AlarmSeverity Severity, long DeviceId, string DeviceCode, string DeviceName,
        long OrganizationId, DateTimeOffset FirstSeenAt);

    private sealed record NewConsequence(long TicketId, long RootAlarmId, long AlarmId, long DeviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticketing rule worker started; it checks alarms every {IntervalSeconds} s")]
    private partial void LogStarted(double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticketing rule worker is disabled (TicketRules:WorkerEnabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} opened for root alarm {AlarmId} by rule {RuleId} with {ConsequenceCount} consequences")]
    private partial void LogOpened(long ticketId, long alarmId, long ruleId, int consequenceCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Root alarm {AlarmId} already has a ticket from another worker; skipped")]
    private partial void LogAlreadyOpened(Exception exception, long alarmId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleId} could not open a ticket for root alarm {AlarmId}: {Reason}")]
    private partial void LogOpenRejected(long alarmId, long ruleId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId} could not be assigned automatically: {Reason}")]
    private partial void LogAssignFailed(long ticketId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: linked {Count} later consequences of its root alarm")]
    private partial void LogLinked(long ticketId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: logged the recovery of root alarm {AlarmId}")]
    private partial void LogRecovery(long ticketId, long alarmId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while the rule worker saved it; the next pass looks again")]
    private partial void LogConflict(Exception exception, long ticketId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ticketing rule worker's run failed and is tried again at the next tick")]
    private partial void LogRunFailed(Exception exception);
}
