using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Starts each device's probe round when it is due and hands finished rounds to the health processor.
/// </summary>
/// <remarks>
/// Due times derive from each device's last round, which is stored with its health, so a restart resumes
/// the rhythm instead of probing the whole fleet at once. Rounds that are overdue after a restart are spread
/// over one interval.
/// </remarks>
public sealed class ProbeScheduler : BackgroundService, IMonitoringControl
{
    private readonly DeviceDirectory _directory;
    private readonly HealthBook _health;
    private readonly RoundRunner _runner;
    private readonly MonitoringQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<ProbeScheduler> _logger;
    private readonly MonitoringOptions _options;
    private readonly PriorityQueue<long, DateTimeOffset> _due = new();
    private readonly Dictionary<long, DateTimeOffset> _dueAt = [];
    private readonly HashSet<long> _running = [];
    private readonly HashSet<long> _rerun = [];
    private readonly Channel<SchedulerCommand> _commands = Channel.CreateUnbounded<SchedulerCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _roundSlots;

    public ProbeScheduler(DeviceDirectory directory, HealthBook health, RoundRunner runner, MonitoringQueue queue,
        IOptions<MonitoringOptions> options, TimeProvider time, ILogger<ProbeScheduler> logger)
    {
        _directory = directory;
        _health = health;
        _runner = runner;
        _queue = queue;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _roundSlots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentProbes));
    }

    private enum CommandKind
    {
        Changed,
        Removed,
        Reload,
        Finished,
        ProbeNow,
    }

    private readonly record struct SchedulerCommand(CommandKind Kind, long DeviceId, DateTimeOffset StartedAt = default);

    public void DeviceChanged(long deviceId) => Post(new SchedulerCommand(CommandKind.Changed, deviceId));

    public void ProbeNow(long deviceId) => Post(new SchedulerCommand(CommandKind.ProbeNow, deviceId));

    public void DeviceRemoved(long deviceId) => Post(new SchedulerCommand(CommandKind.Removed, deviceId));

    public void LedgerReloaded() => Post(new SchedulerCommand(CommandKind.Reload, 0));

    /// <summary>Queues a command for the loop; with monitoring disabled no loop runs, so nothing is kept.</summary>
    private void Post(SchedulerCommand command)
    {
        if (_options.Enabled)
        {
            _commands.Writer.TryWrite(command);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogWarning("Monitoring is disabled by Monitoring:Enabled=false; no device will be probed");
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var device in _directory.All)
        {
            Schedule(device, InitialDue(device, now));
        }

        _logger.LogInformation("Probe scheduler started with {DeviceCount} devices and at most {MaxConcurrentProbes} concurrent probes",
            _directory.Count, _options.MaxConcurrentProbes);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyCommandsAsync(stoppingToken);
                if (!_due.TryPeek(out var deviceId, out var dueAt))
                {
                    await _commands.Reader.WaitToReadAsync(stoppingToken);
                    continue;
                }

                var wait = dueAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await WaitForCommandOrDelayAsync(wait, stoppingToken);
                    continue;
                }

                _due.Dequeue();
                if (!_dueAt.TryGetValue(deviceId, out var current) || current != dueAt)
                {
                    continue;
                }

                _dueAt.Remove(deviceId);
                var device = _directory.Find(deviceId);
                if (device is null || !device.MonitoringEnabled)
                {
                    continue;
                }

                if (!_running.Add(deviceId))
                {
                    // A round is still running: start the next one as soon as it finishes.
                    _rerun.Add(deviceId);
                    continue;
                }

                await _roundSlots.WaitAsync(stoppingToken);
                _ = RunRoundAsync(device, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "The probe scheduler loop failed; continuing after 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _logger.LogInformation("Probe scheduler stopped");
    }

    private async Task RunRoundAsync(MonitoredDevice device, CancellationToken stoppingToken)
    {
        var startedAt = _time.GetUtcNow();
        try
        {
            var round = await _runner.RunAsync(device, stoppingToken);
            await _queue.WriteAsync(round, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Probe round of device {DeviceId} {DeviceCode} failed", device.Id, device.Code);
        }
        finally
        {
            _roundSlots.Release();
            _commands.Writer.TryWrite(new SchedulerCommand(CommandKind.Finished, device.Id, startedAt));
        }
    }

    private async Task ApplyCommandsAsync(CancellationToken cancellationToken)
    {
        while (_commands.Reader.TryRead(out var command))
        {
            switch (command.Kind)
            {
                case CommandKind.Finished:
                    _running.Remove(command.DeviceId);
                    var rerun = _rerun.Remove(command.DeviceId);
                    if (_directory.Find(command.DeviceId) is { MonitoringEnabled: true } finished && (rerun || !_dueAt.ContainsKey(command.DeviceId)))
                    {
                        var next = rerun ? _time.GetUtcNow() : command.StartedAt + finished.Interval;
                        var now = _time.GetUtcNow();
                        Schedule(finished, next > now ? next : now);
                    }

                    break;
                case CommandKind.Changed:
                    var changed = await _directory.LoadAsync(command.DeviceId, cancellationToken);
                    _dueAt.Remove(command.DeviceId);
                    if (changed is null)
                    {
                        _queue.Write(new DeviceDeleted(command.DeviceId));
                    }
                    else if (!changed.MonitoringEnabled)
                    {
                        _queue.Write(new MonitoringPaused(command.DeviceId));
                    }
                    else
                    {
                        Schedule(changed, _time.GetUtcNow() + TimeSpan.FromMilliseconds(200));
                    }

                    break;
                case CommandKind.ProbeNow:
                    if (_directory.Find(command.DeviceId) is { MonitoringEnabled: true } requested)
                    {
                        Schedule(requested, _time.GetUtcNow());
                    }

                    break;
                case CommandKind.Removed:
                    _directory.Remove(command.DeviceId);
                    _dueAt.Remove(command.DeviceId);
                    _queue.Write(new DeviceDeleted(command.DeviceId));
                    break;
                case CommandKind.Reload:
                    await ReloadAsync(cancellationToken);
                    break;
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var before = _directory.All.ToDictionary(d => d.Id);
        await _directory.LoadAllAsync(cancellationToken);
        var now = _time.GetUtcNow();
        foreach (var removed in before.Keys.Where(id => _directory.Find(id) is null))
        {
            _dueAt.Remove(removed);
            _queue.Write(new DeviceDeleted(removed));
        }

        foreach (var device in _directory.All)
        {
            var previous = before.GetValueOrDefault(device.Id);
            if (!device.MonitoringEnabled)
            {
                _dueAt.Remove(device.Id);
                if (previous?.MonitoringEnabled != false)
                {
                    _queue.Write(new MonitoringPaused(device.Id));
                }
            }
            else if (previous is null || previous != device)
            {
                Schedule(device, InitialDue(device, now));
            }
        }

        _logger.LogInformation("Reloaded the ledger: {DeviceCount} devices", _directory.Count);
    }

    private void Schedule(MonitoredDevice device, DateTimeOffset dueAt)
    {
        if (!device.MonitoringEnabled)
        {
            return;
        }

        _dueAt[device.Id] = dueAt;
        _due.Enqueue(device.Id, dueAt);
    }

    /// <summary>
    /// Returns the first due time: one interval after the stored last round, or, for a device never probed or
    /// overdue, a point spread over the interval by the device id so that a large fleet does not start at once.
    /// </summary>
    private DateTimeOffset InitialDue(MonitoredDevice device, DateTimeOffset now)
    {
        var last = _health.Find(device.Id)?.LastRoundAt;
        if (last is { } lastRound && lastRound + device.Interval > now)
        {
            return lastRound + device.Interval;
        }

        var spreadTicks = (long)((ulong)(device.Id * 2_654_435_761L) % (ulong)Math.Max(1, device.Interval.Ticks));
        return now + TimeSpan.FromTicks(spreadTicks);
    }

    private async Task WaitForCommandOrDelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), _time, wake.Token);
        var command = _commands.Reader.WaitToReadAsync(wake.Token).AsTask();
        await Task.WhenAny(delay, command);
        await wake.CancelAsync();
        await Task.WhenAll(delay, command).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
