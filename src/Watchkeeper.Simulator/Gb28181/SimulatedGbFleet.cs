using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Simulated GB/T 28181 recorders and cameras registering to one platform; see <see cref="GbFleetOptions"/>.</summary>
public sealed partial class SimulatedGbFleet : IAsyncDisposable
{
    private const int MaxDevices = 200_000;

    private readonly GbFleetOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<GbDeviceOptions> _layout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<SimulatedGbDevice> _devices = [];
    private SipSocket? _sharedSocket;

    private SimulatedGbFleet(GbFleetOptions options, List<GbDeviceOptions> layout, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options;
        _layout = layout;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SimulatedGbFleet>();
    }

    /// <summary>The devices, recorders first; empty until started.</summary>
    public IReadOnlyList<SimulatedGbDevice> Devices => _devices;

    public IEnumerable<SimulatedGbDevice> Recorders => _devices.Where(device => device.Kind != GbDeviceKind.Camera);

    public IEnumerable<SimulatedGbDevice> Cameras => _devices.Where(device => device.Kind == GbDeviceKind.Camera);

    /// <summary>The device IDs the fleet will register, recorders first, known before it starts.</summary>
    public IReadOnlyList<string> DeviceIds => _layout.Select(options => options.DeviceId).ToList();

    public int RegisteredCount => _devices.Count(device => device.IsRegistered);

    public GbFleetOptions Options => _options;

    /// <summary>Lays out the fleet; fails with the option at fault when the options are invalid. Nothing is bound yet.</summary>
    public static Result<SimulatedGbFleet> Create(GbFleetOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        var layout = Lay(options);
        if (!layout.IsSuccess)
        {
            return Result<SimulatedGbFleet>.Failure(layout.Errors);
        }

        var invalid = layout.Value.Select(GbDeviceLayout.Validate).FirstOrDefault(error => error is not null);
        return invalid is not null
            ? invalid
            : new SimulatedGbFleet(options, layout.Value, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
    }

    public SimulatedGbDevice? Find(string deviceId) => _devices.FirstOrDefault(device => device.DeviceId == deviceId);

    /// <summary>
    /// Binds every device (or the one shared socket) and starts registering, spread at
    /// <see cref="GbFleetOptions.RegistrationsPerSecond"/>; on a bind failure everything started is stopped again.
    /// </summary>
    public async Task<Result> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_devices.Count > 0)
            {
                return Result.Success();
            }

            if (_options.SharedSocket)
            {
                var opened = await SipSocket.OpenAsync(_options.Transport, _layout[0].LocalEndPoint, _options.PlatformEndPoint, _loggerFactory.CreateLogger<SipSocket>());
                if (!opened.IsSuccess)
                {
                    return Result.Failure(opened.FirstError);
                }

                _sharedSocket = opened.Value;
            }

            for (var i = 0; i < _layout.Count; i++)
            {
                var device = SimulatedGbDevice.Create(_layout[i], _timeProvider, _loggerFactory, _sharedSocket).Value;
                device.InitialDelay = TimeSpan.FromSeconds(i / (double)Math.Max(1, _options.RegistrationsPerSecond));
                var started = await device.StartAsync();
                if (!started.IsSuccess)
                {
                    await StopDevicesAsync();
                    return started;
                }

                _devices.Add(device);
            }

            LogStarted(_logger, _devices.Count(device => device.Kind != GbDeviceKind.Camera), _devices.Count(device => device.Kind == GbDeviceKind.Camera), _options.PlatformEndPoint, _options.SharedSocket);
            return Result.Success();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Unregisters every device and closes the sockets.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_devices.Count == 0)
            {
                return;
            }

            await StopDevicesAsync();
            LogStopped(_logger, _layout.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits until every device is registered; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitUntilAllRegisteredAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _timeProvider.GetUtcNow() + timeout;
        foreach (var device in _devices)
        {
            var remaining = deadline - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero || !await device.WaitUntilRegisteredAsync(remaining, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopDevicesAsync()
    {
        // Unregister in parallel batches: one at a time would take minutes for a load fleet with a silent platform.
        foreach (var batch in _devices.Chunk(256))
        {
            await Task.WhenAll(batch.Select(device => device.StopAsync()));
        }

        _devices.Clear();
        if (_sharedSocket is not null)
        {
            await _sharedSocket.DisposeAsync();
            _sharedSocket = null;
        }
    }

    private static Result<List<GbDeviceOptions>> Lay(GbFleetOptions options)
    {
        var total = (long)options.RecorderCount + options.CameraCount;
        if (options.RecorderCount < 0 || options.CameraCount < 0 || total is 0 or > MaxDevices)
        {
            return Error.Validation(
                "simulator.gb28181.fleet.invalid",
                Bilingual.Join($"录像机与摄像机总数应在 1 到 {MaxDevices} 之间，实际为 {total}", $"recorders and cameras together must be between 1 and {MaxDevices}, got {total}"),
                nameof(options.CameraCount));
        }

        if (options.IdPrefix.Length != 10 || !options.IdPrefix.All(char.IsAsciiDigit) || options.FirstSerial < 0 || options.FirstSerial + total > 10_000_000)
        {
            return Error.Validation(
                "simulator.gb28181.fleet.invalid",
                Bilingual.Join("IdPrefix 应为 10 位数字，FirstSerial 加设备数不能超过 7 位", "IdPrefix must be 10 digits, and FirstSerial plus the device count must fit in 7 digits"),
                nameof(options.IdPrefix));
        }

        var layout = new List<GbDeviceOptions>((int)total);
        for (var i = 0; i < total; i++)
        {
            var recorder = i < options.RecorderCount;
            var serial = options.FirstSerial + (recorder ? i : i - options.RecorderCount);
            var address = LoopbackAddresses.Nth(options.AddressBase, options.SharedSocket ? 0 : i, nameof(options.AddressBase));
            if (!address.IsSuccess)
            {
                return Result<List<GbDeviceOptions>>.Failure(address.Errors);
            }

            layout.Add(DeviceOptions(options, $"{options.IdPrefix}{(recorder ? "118" : "132")}{serial.ToString("D7", CultureInfo.InvariantCulture)}", address.Value));
        }

        return layout;
    }

    private static GbDeviceOptions DeviceOptions(GbFleetOptions options, string deviceId, IPAddress address) => new()
    {
        DeviceId = deviceId,
        LocalEndPoint = new IPEndPoint(address, options.LocalPort),
        PlatformEndPoint = options.PlatformEndPoint,
        Transport = options.Transport,
        ServerId = options.ServerId,
        ServerDomain = options.ServerDomain,
        Password = options.Password,
        Expires = options.Expires,
        HeartbeatInterval = options.HeartbeatInterval,
        ChannelCount = Math.Max(1, options.ChannelsPerRecorder),
        AlarmInputCount = options.AlarmInputsPerRecorder,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 fleet started: {Recorders} recorders, {Cameras} cameras registering to {Platform}, shared socket {Shared}")]
    private static partial void LogStarted(ILogger logger, int recorders, int cameras, IPEndPoint platform, bool shared);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 fleet of {Devices} devices stopped")]
    private static partial void LogStopped(ILogger logger, int devices);
}
