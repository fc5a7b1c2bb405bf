using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Components.Shared;

/// <summary>
/// Subscribes a console page to <see cref="MonitoringEvents"/> and calls it back with the events it cares about,
/// at most once per interval, so that a burst of state changes costs one re-query instead of hundreds.
/// </summary>
/// <remarks>
/// The callback runs off the publisher's thread, so a component wraps its work in <c>InvokeAsync</c>. Disposing
/// unsubscribes and cancels a pending callback. The organization scope current at construction (the page's user)
/// filters the events and is current again while the callback runs, because the publisher is background work that
/// sees every device.
/// </remarks>
public sealed class LiveUpdates : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>Maximum events kept between two callbacks. Past it the oldest are dropped, so a callback that needs every event should reload.</summary>
    public const int MaxPendingEvents = 5000;

    private readonly MonitoringEvents _events;
    private readonly Func<MonitoringEvent, bool> _filter;
    private readonly Func<IReadOnlyList<MonitoringEvent>, Task> _callback;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrganizationScope? _scope;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopToken;
    private readonly Lock _lock = new();
    private List<MonitoringEvent> _pending = [];
    private bool _scheduled;

    public LiveUpdates(MonitoringEvents events, Func<MonitoringEvent, bool> filter, Func<IReadOnlyList<MonitoringEvent>, Task> callback,
        TimeProvider time, ILogger logger, TimeSpan? interval = null)
    {
        _events = events;
        _filter = filter;
        _callback = callback;
        _time = time;
        _logger = logger;
        _interval = interval ?? DefaultInterval;
        _stopToken = _stop.Token;
        _scope = OrganizationScope.Current;
        _events.Published += OnPublished;
    }

    public void Dispose()
    {
        _events.Published -= OnPublished;
        _stop.Cancel();
        _stop.Dispose();
    }

    private void OnPublished(IReadOnlyList<MonitoringEvent> events)
    {
        lock (_lock)
        {
            foreach (var item in events)
            {
                if (IsInScope(item) && _filter(item))
                {
                    _pending.Add(item);
                }
            }

            if (_pending.Count > MaxPendingEvents)
            {
                _pending.RemoveRange(0, _pending.Count - MaxPendingEvents);
            }

            if (_pending.Count == 0 || _scheduled || _stopToken.IsCancellationRequested)
            {
                return;
            }

            _scheduled = true;
        }

        _ = DeliverAfterIntervalAsync(_stopToken);
    }

    /// <summary>An unrestricted or unset scope sees every event; a restricted one only events of its organizations.</summary>
    private bool IsInScope(MonitoringEvent item) =>
        _scope is not { IsUnrestricted: false } scope || (item.OrganizationId is { } id && scope.Includes(id));

    private async Task DeliverAfterIntervalAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_interval, _time, cancellationToken);
            List<MonitoringEvent> batch;
            lock (_lock)
            {
                batch = _pending;
                _pending = [];
                _scheduled = false;
            }

            OrganizationScope.Current = _scope;
            await _callback(batch);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed while the callback waited.
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended between the event and the callback.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A console page failed to apply live monitoring updates");
        }
    }
}
