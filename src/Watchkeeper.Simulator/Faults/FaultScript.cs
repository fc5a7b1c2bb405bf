using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Faults;

/// <summary>A fault the script has applied, at the time after the script's start.</summary>
/// <param name="Error">Why the fault could not be applied (e.g. a port taken while a device was off), or null.</param>
public sealed record AppliedFault(TimeSpan Elapsed, int Cycle, DeviceFault Fault, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Plays a <see cref="FaultScenario"/> on a fleet, timed by an injected <see cref="TimeProvider"/> so that tests
/// run it on fake time. Each fault is logged with its device code.
/// </summary>
public sealed partial class FaultScript
{
    /// <summary>Applied faults kept in <see cref="History"/>: a repeating demo adds six every cycle for as long as it runs.</summary>
    public const int MaxHistory = 1000;

    private readonly SimulatedFleet _fleet;
    private readonly FaultScenario _scenario;
    private readonly bool _repeat;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly List<AppliedFault> _history = [];

    public FaultScript(SimulatedFleet fleet, FaultScenario scenario, bool repeat, TimeProvider timeProvider, ILogger<FaultScript>? logger = null)
    {
        var problems = scenario.AtStart.Concat(scenario.Cycle.Select(step => step.Fault))
            .Select(fault => fault.CheckTarget(fleet))
            .OfType<string>()
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The scenario does not fit the fleet: {string.Join("; ", problems)}.", nameof(scenario));
        }

        if (scenario.Cycle.Any(step => step.At < TimeSpan.Zero || step.At >= scenario.CycleLength))
        {
            throw new ArgumentException($"Every cycle step must fall within the cycle of {scenario.CycleLength}.", nameof(scenario));
        }

        _fleet = fleet;
        _scenario = scenario with { Cycle = scenario.Cycle.OrderBy(step => step.At).ToList() };
        _repeat = repeat;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger<FaultScript>.Instance;
    }

    /// <summary>Raised after each fault is applied, on the script's task.</summary>
    public event Action<AppliedFault>? FaultApplied;

    public FaultScenario Scenario => _scenario;

    /// <summary>The faults applied so far, oldest first, at most the last <see cref="MaxHistory"/>.</summary>
    public IReadOnlyList<AppliedFault> History
    {
        get
        {
            lock (_history)
            {
                return _history.ToList();
            }
        }
    }

    /// <summary>Creates the script of the demo's story (<see cref="DemoScenario"/>) for <paramref name="fleet"/>.</summary>
    public static FaultScript CreateDemo(SimulatedFleet fleet, FaultScriptOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null) =>
        new(fleet, DemoScenario.Create(fleet, options), options.Repeat, timeProvider, loggerFactory?.CreateLogger<FaultScript>());

    /// <summary>Plays the scenario until it ends (without repeat) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        LogScriptStarted(_logger, _scenario.AtStart.Count, _scenario.Cycle.Count, _scenario.CycleLength, _repeat);
        try
        {
            foreach (var fault in _scenario.AtStart)
            {
                await ApplyAsync(fault, started, cycle: 0);
            }

            for (var cycle = 0; ; cycle++)
            {
                var cycleStart = _scenario.CycleLength * cycle;
                foreach (var step in _scenario.Cycle)
                {
                    await DelayUntilAsync(started, cycleStart + step.At, cancellationToken);
                    await ApplyAsync(step.Fault, started, cycle);
                }

                if (!_repeat)
                {
                    break;
                }

                await DelayUntilAsync(started, cycleStart + _scenario.CycleLength, cancellationToken);
                LogCycleRestarted(_logger, cycle + 2);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogScriptStopped(_logger);
            return;
        }

        LogScriptEnded(_logger);
    }

    private async Task DelayUntilAsync(long started, TimeSpan due, CancellationToken cancellationToken)
    {
        var remaining = due - _timeProvider.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _timeProvider, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ApplyAsync(DeviceFault fault, long started, int cycle)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        LogFault(_logger, elapsed, fault.DeviceCode, fault.Description);

        string? error;
        try
        {
            var result = await fault.ApplyAsync(_fleet);
            error = result.Error?.Message;
            if (error is not null)
            {
                LogFaultFailed(_logger, fault.DeviceCode, fault.Description, error);
            }
        }
        catch (Exception exception)
        {
            // A demo runs for hours: a fault that throws is logged and the script goes on with the next one.
            LogFaultThrew(_logger, exception, fault.DeviceCode, fault.Description);
            error = exception.Message;
        }

        var applied = new AppliedFault(elapsed, cycle, fault, error);
        lock (_history)
        {
            if (_history.Count == MaxHistory)
            {
                _history.RemoveAt(0);
            }

            _history.Add(applied);
        }

        try
        {
            FaultApplied?.Invoke(applied);
        }
        catch (Exception exception)
        {
            LogSubscriberFailed(_logger, exception, fault.DeviceCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault script started: {AtStart} faults at start, {Steps} faults per cycle of {CycleLength}, repeat {Repeat}")]
    private static partial void LogScriptStarted(ILogger logger, int atStart, int steps, TimeSpan cycleLength, bool repeat);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault script at {Elapsed}: {DeviceCode} {Fault}")]
    private static partial void LogFault(ILogger logger, TimeSpan elapsed, string deviceCode, string fault);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fault script: {DeviceCode} {Fault} failed: {Reason}")]
    private static partial void LogFaultFailed(ILogger logger, string deviceCode, string fault, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fault script: {DeviceCode} {Fault} threw")]
    private static partial void LogFaultThrew(ILogger logger, Exception exception, string deviceCode, string fault);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fault script: a FaultApplied handler failed for {DeviceCode}; the script goes on")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault script starts cycle {Cycle}")]
    private static partial void LogCycleRestarted(ILogger logger, int cycle);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault script stopped")]
    private static partial void LogScriptStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault script played its scenario once and ended")]
    private static partial void LogScriptEnded(ILogger logger);
}
