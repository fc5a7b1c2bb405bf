using Microsoft.Extensions.Logging;
using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// A simulated device: its ledger record and its listening services, which run while the fleet runs, the device has
/// power and the switch it hangs on is up. Otherwise its sockets are closed and connections to it are refused.
/// </summary>
public abstract partial class SimulatedDevice
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<IDeviceEndpoint> _endpoints = [];

    private volatile bool _fleetRunning;
    private volatile bool _poweredOn = true;
    private volatile bool _networkUp = true;

    private protected SimulatedDevice(SimulatedDeviceInfo info, ILogger logger)
    {
        Info = info;
        Logger = logger;
    }

    public SimulatedDeviceInfo Info { get; }

    public string Code => Info.Code;

    public bool IsPoweredOn => _poweredOn;

    /// <summary>False while the switch it hangs on (or one above it) is down.</summary>
    public bool IsNetworkUp => _networkUp;

    /// <summary>True when its services respond: the fleet runs, it has power and its switch is up.</summary>
    public bool IsResponding => _fleetRunning && _poweredOn && _networkUp;

    internal IReadOnlyList<IDeviceEndpoint> Endpoints => _endpoints;

    private protected ILogger Logger { get; }

    /// <summary>Cuts the power: its sockets close and every connection to it is dropped.</summary>
    public async Task PowerOffAsync()
    {
        _poweredOn = false;
        LogPowerChanged(Logger, Code, "off");
        await ApplyAsync();
    }

    /// <summary>Restores the power; fails when an address or port was taken meanwhile.</summary>
    public async Task<Result> PowerOnAsync()
    {
        _poweredOn = true;
        LogPowerChanged(Logger, Code, "on");
        return await ApplyAsync();
    }

    private protected void AddEndpoint(IDeviceEndpoint endpoint) => _endpoints.Add(endpoint);

    internal async Task<Result> SetNetworkUpAsync(bool up)
    {
        if (_networkUp == up)
        {
            return Result.Success();
        }

        _networkUp = up;
        return await ApplyAsync();
    }

    internal async Task<Result> StartAsync()
    {
        _fleetRunning = true;
        return await ApplyAsync();
    }

    internal async Task StopAsync()
    {
        _fleetRunning = false;
        await ApplyAsync();
    }

    /// <summary>
    /// Called after each change of power, network or fleet state, e.g. for a switch to take its children along;
    /// it reads <see cref="IsResponding"/> itself, since changes may overlap.
    /// </summary>
    private protected virtual Task<Result> OnStateChangedAsync() => Task.FromResult(Result.Success());

    /// <summary>Starts or stops the endpoints to match <see cref="IsResponding"/>.</summary>
    private async Task<Result> ApplyAsync()
    {
        await _gate.WaitAsync();
        Result result;
        try
        {
            var responding = IsResponding;
            result = responding ? StartEndpoints() : Result.Success();
            if (!responding || !result.IsSuccess)
            {
                await Task.WhenAll(_endpoints.Select(endpoint => endpoint.StopAsync()));
            }
        }
        finally
        {
            _gate.Release();
        }

        var dependents = await OnStateChangedAsync();
        return result.IsSuccess ? dependents : result;
    }

    private Result StartEndpoints()
    {
        foreach (var endpoint in _endpoints)
        {
            var started = endpoint.Start();
            if (!started.IsSuccess)
            {
                LogStartFailed(Logger, Code, endpoint.Binding.ToString(), started.Error!.Message);
                return started;
            }
        }

        return Result.Success();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} power {PowerState}")]
    private static partial void LogPowerChanged(ILogger logger, string deviceCode, string powerState);

    [LoggerMessage(Level = LogLevel.Error, Message = "{DeviceCode} could not start {Endpoint}: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string deviceCode, string endpoint, string reason);
}
