using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Fleet;

/// <summary>
/// Simulated cameras, recorders and switches on the loopback network, speaking RTSP, ONVIF, HTTP snapshots, ISAPI and
/// SNMP as real devices do: the demo fleet, a peer for tests and a target for load benchmarks.
/// </summary>
/// <remarks>
/// <see cref="Devices"/> lists what the ledger needs. Faults are set on the device objects: power off and on for any
/// device (a switch takes the devices on its ports along), password and clock on cameras, disk status on recorders.
/// </remarks>
public sealed partial class SimulatedFleet : IAsyncDisposable
{
    // How long a Digest nonce stays valid before the device challenges again with stale=TRUE.
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private readonly Dictionary<string, SimulatedDevice> _byCode;
    private bool _running;

    private SimulatedFleet(FleetLayout layout, ILogger logger)
    {
        _logger = logger;
        Cameras = layout.Cameras;
        Recorders = layout.Recorders;
        Switches = layout.Switches;
        AllDevices = [.. Switches, .. Recorders, .. Cameras];
        Devices = AllDevices.Select(device => device.Info).ToList();
        _byCode = AllDevices.ToDictionary(device => device.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The ledger records of every device: switches, then recorders, then cameras (parents before children).</summary>
    public IReadOnlyList<SimulatedDeviceInfo> Devices { get; }

    public IReadOnlyList<SimulatedDevice> AllDevices { get; }

    public IReadOnlyList<SimulatedCamera> Cameras { get; }

    public IReadOnlyList<SimulatedRecorder> Recorders { get; }

    public IReadOnlyList<SimulatedSwitch> Switches { get; }

    public bool IsRunning => _running;

    /// <summary>The GB/T 28181 devices that run beside this fleet, so that fault scripts can reach them; null when none.</summary>
    public Gb28181.SimulatedGbFleet? GbFleet { get; private set; }

    /// <summary>Makes <paramref name="gbFleet"/> reachable from fault scripts as <see cref="GbFleet"/>; its life stays the caller's.</summary>
    public void AttachGbFleet(Gb28181.SimulatedGbFleet gbFleet) => GbFleet = gbFleet;

    /// <summary>Lays out a fleet; fails with the option at fault when the options are invalid. Nothing is bound yet.</summary>
    public static Result<SimulatedFleet> Create(FleetOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        timeProvider ??= TimeProvider.System;
        var serverOptions = new MessageServerOptions { MaxConnections = options.MaxConnectionsPerService };
        var context = new DeviceContext(
            timeProvider,
            new NonceIssuer(timeProvider, NonceLifetime),
            loggerFactory,
            serverOptions,
            serverOptions with { RequestTimeout = options.RtspSessionTimeout });

        var layout = FleetLayout.Build(options, context);
        return layout.IsSuccess
            ? new SimulatedFleet(layout.Value, loggerFactory.CreateLogger<SimulatedFleet>())
            : Result<SimulatedFleet>.Failure(layout.Errors);
    }

    /// <summary>Returns the device with ledger code <paramref name="code"/>, or null.</summary>
    public SimulatedDevice? Find(string code) => _byCode.GetValueOrDefault(code);

    public SimulatedCamera Camera(string code) => Get<SimulatedCamera>(code);

    public SimulatedRecorder Recorder(string code) => Get<SimulatedRecorder>(code);

    public SimulatedSwitch Switch(string code) => Get<SimulatedSwitch>(code);

    /// <summary>
    /// Binds every device's services. When one cannot be bound, everything started is stopped again and the error
    /// names the address, the device and the option to change.
    /// </summary>
    public async Task<Result> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_running)
            {
                return Result.Success();
            }

            foreach (var device in AllDevices)
            {
                var started = await device.StartAsync();
                if (!started.IsSuccess)
                {
                    LogStartFailed(_logger, device.Code, started.Error!.Message);
                    await StopDevicesAsync();
                    return started;
                }
            }

            _running = true;
            LogStarted(_logger, Cameras.Count, Recorders.Count, Switches.Count);
            return Result.Success();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes every device's sockets. Faults set on the devices stay as they are.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_running)
            {
                return;
            }

            await StopDevicesAsync();
            _running = false;
            LogStopped(_logger, AllDevices.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopDevicesAsync()
    {
        // Children first, so that a switch going down does not ask devices that are stopping to follow it.
        foreach (var device in AllDevices.Reverse())
        {
            await device.StopAsync();
        }
    }

    private T Get<T>(string code)
        where T : SimulatedDevice =>
        Find(code) as T ?? throw new KeyNotFoundException($"The fleet has no {typeof(T).Name} with code '{code}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated fleet started: {Cameras} cameras, {Recorders} recorders, {Switches} switches")]
    private static partial void LogStarted(ILogger logger, int cameras, int recorders, int switches);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated fleet of {Devices} devices stopped")]
    private static partial void LogStopped(ILogger logger, int devices);

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated fleet could not start {DeviceCode}: {Reason}; the fleet stays stopped")]
    private static partial void LogStartFailed(ILogger logger, string deviceCode, string reason);
}
