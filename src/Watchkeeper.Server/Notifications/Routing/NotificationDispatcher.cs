using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>What one dispatcher pass did.</summary>
public sealed record DispatchCounts(int AlarmsRouted, int AlarmsResolved, int GroupsHandled, int EscalationsHandled)
{
    public int Total => AlarmsRouted + AlarmsResolved + GroupsHandled + EscalationsHandled;
}

/// <summary>
/// Turns alarm changes into notifications. Every pass reads the work from the database, so a restarted server picks up
/// what was due: alarms not yet routed (<see cref="AlarmRoutingState"/>), groups whose due time passed, escalation
/// steps due, and resolved notices not yet sent. <see cref="MonitoringEvents"/> only wakes the worker early.
/// </summary>
/// <remarks>
/// Suppressed (window, silence, root cause) and flapping alarms are not routed; they wait until the flag clears.
/// Messages are enqueued before the group's state is saved, so a crash between the two repeats a message rather
/// than losing it.
/// </remarks>
public sealed partial class NotificationDispatcher(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    MonitoringEvents events,
    OrganizationDirectory organizations,
    NotificationSender sender,
    IAlarmSuppressions suppressions,
    IOptionsMonitor<RoutingOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    private int BatchSize => Math.Clamp(options.CurrentValue.BatchSize, 1, 5000);

    private TimeSpan HeldRecheck => TimeSpan.FromSeconds(Math.Clamp(options.CurrentValue.HeldRecheckSeconds, 1, 3600));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            LogDisabled();
            return;
        }

        events.Published += OnPublished;
        LogStarted(options.CurrentValue.PollSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogPassFailed(exception);
                }

                if (!await WaitAsync(stoppingToken))
                {
                    break;
                }
            }
        }
        finally
        {
            events.Published -= OnPublished;
            LogStopped();
        }
    }

    /// <summary>Routes new alarms, sends resolved notices, then sends due groups and escalations until none is left.</summary>
    public async Task<DispatchCounts> RunOnceAsync(CancellationToken cancellationToken)
    {
        int routed = 0, resolved = 0, groups = 0, escalations = 0, count;
        do
        {
            count = await RouteFiringAsync(cancellationToken);
            routed += count;
        }
        while (count == BatchSize);

        do
        {
            count = await SendResolvedAsync(cancellationToken);
            resolved += count;
        }
        while (count == BatchSize);

        do
        {
            count = await SendDueGroupsAsync(cancellationToken);
            groups += count;
        }
        while (count == BatchSize);

        do
        {
            count = await EscalateDueAsync(cancellationToken);
            escalations += count;
        }
        while (count == BatchSize);

        return new DispatchCounts(routed, resolved, groups, escalations);
    }

    private void OnPublished(IReadOnlyList<MonitoringEvent> published)
    {
        if (published.Any(e => e is AlarmChanged) && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another publisher woke the worker first.
            }
        }
    }

    /// <summary>Waits for an alarm change or the poll interval; returns false when the service stops.</summary>
    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var poll = TimeSpan.FromSeconds(Math.Clamp(options.CurrentValue.PollSeconds, 1, 3600));
        var woken = _wake.WaitAsync(waiting.Token);
        var delay = Task.Delay(poll, time, waiting.Token);
        await Task.WhenAny(woken, delay);
        await waiting.CancelAsync();
        try
        {
            await Task.WhenAll(woken, delay);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled on purpose.
        }

        // Leave the thread that fired the timer, so that a test clock skipping many polls runs one pass (see PeriodicWork).
        await Task.Yield();

        return !stoppingToken.IsCancellationRequested;
    }

    /// <summary>Loads the calendars that rules and policies name, with the default one under id 1 and under null.</summary>
    private static async Task<CalendarBook> CalendarsAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.BusinessCalendars.AsNoTracking().ToListAsync(cancellationToken);
        return new CalendarBook(stored.ToDictionary(c => c.Id, c => c.ToCalendar()));
    }

    private sealed class CalendarBook(Dictionary<long, BusinessCalendar> calendars)
    {
        private readonly BusinessCalendar _default = calendars.GetValueOrDefault(CalendarDefinition.DefaultId) ?? BusinessCalendar.Default();

        public BusinessCalendar Get(long? id) => id is { } known && calendars.TryGetValue(known, out var calendar) ? calendar : _default;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification dispatcher started; scans every {PollSeconds} s")]
    private partial void LogStarted(int pollSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification dispatcher is turned off (Notifications:Routing:Enabled); nobody is notified of alarms")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification dispatcher stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Error, Message = "A notification dispatcher pass failed; the next pass retries")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification group {GroupId} of rule {RuleId} failed and is retried later")]
    private partial void LogGroupFailed(Exception exception, long groupId, long ruleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Escalation of alarm {AlarmId} failed and is retried later")]
    private partial void LogEscalationFailed(Exception exception, long alarmId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation step {Step} of alarm {AlarmId} sent {Count} messages")]
    private partial void LogEscalated(long alarmId, int step, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} of rule {RuleId} sent a {Kind} message about {AlarmCount} alarms to {Count} receivers")]
    private partial void LogGroupSent(long groupId, long ruleId, NotificationKind kind, int alarmCount, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolved notices for {AlarmCount} alarms sent to {Count} receivers")]
    private partial void LogResolvedSent(int alarmCount, int count);
}
