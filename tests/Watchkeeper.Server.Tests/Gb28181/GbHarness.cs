using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Server.Tests.Gb28181;

/// <summary>
/// The server with its GB/T 28181 SIP server on a loopback port and monitoring on, and simulated GB/T 28181
/// devices that register to it over real UDP or TCP sockets.
/// </summary>
internal sealed class GbHarness : IAsyncDisposable
{
    public const string Password = "Gb-test-2026";
    public const string ServerId = "34020000002000000001";

    private readonly List<SimulatedGbDevice> _devices = [];
    private readonly Dictionary<string, string?> _settings;

    private GbHarness(TestDatabase database, Dictionary<string, string?> settings)
    {
        Database = database;
        _settings = settings;
        App = new WatchkeeperApp(database, settings);
    }

    public TestDatabase Database { get; }

    public WatchkeeperApp App { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public int SipPort => App.Services.GetRequiredService<GbSipServer>().UdpPort;

    public static async Task<GbHarness> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null, int sipPort = 0)
    {
        var all = new Dictionary<string, string?>
        {
            ["Monitoring:Enabled"] = "true",
            ["Gb28181:Enabled"] = "true",
            ["Gb28181:ListenAddress"] = "127.0.0.1",
            // A port below 10000 lies outside the kernel's ephemeral range, so the TCP listener cannot find the UDP
            // port's number taken by one of the many outbound connections of a parallel test run.
            ["Gb28181:SipPort"] = (sipPort == 0 ? LoopbackPorts.FreeFourDigitPort() : sipPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gb28181:Password"] = Password,
            ["Gb28181:ServerId"] = ServerId,
            ["Gb28181:Domain"] = ServerId[..10],
            ["Gb28181:HeartbeatIntervalSeconds"] = "1",
            ["Gb28181:HeartbeatCount"] = "3",
            ["Gb28181:QueryTimeoutSeconds"] = "8",
            ["Gb28181:CatalogRefreshMinutes"] = "0",
            ["Gb28181:StatusRefreshMinutes"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var harness = new GbHarness(TestDatabase.Create(provider), all);
        harness.Client = await harness.App.CreateAdminClientAsync();
        return harness;
    }

    /// <summary>Starts a simulated device registering to the platform; it is stopped with the harness.</summary>
    public async Task<SimulatedGbDevice> StartDeviceAsync(string deviceId, Action<GbDeviceOptions>? configure = null, bool waitRegistered = true)
    {
        var options = new GbDeviceOptions
        {
            DeviceId = deviceId,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            PlatformEndPoint = new IPEndPoint(IPAddress.Loopback, SipPort),
            ServerId = ServerId,
            Password = Password,
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            ChannelCount = 4,
            RegisterRetryInterval = TimeSpan.FromSeconds(1),
            UtcOffset = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow),
        };
        configure?.Invoke(options);
        var device = SimulatedGbDevice.Create(options).Value;
        _devices.Add(device);
        (await device.StartAsync()).IsSuccess.ShouldBeTrue();
        if (waitRegistered)
        {
            (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue($"{deviceId} did not register");
        }

        return device;
    }

    public async Task<JsonElement> GetDeviceAsync(string gbId) =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/v1/gb28181/devices/{gbId}");

    /// <summary>Polls until the condition holds, or fails after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        var state = describe is null ? "" : "; " + await describe();
        throw new TimeoutException($"Not within {seconds} s: {what}{state}");
    }

    public async Task<HealthState> HealthOfAsync(string gbId)
    {
        await using var db = App.CreateDbContext();
        var id = await db.Devices.Where(d => d.GbId == gbId).Select(d => (long?)d.Id).FirstOrDefaultAsync();
        if (id is null)
        {
            return HealthState.Unknown;
        }

        return await db.DeviceHealth.Where(h => h.DeviceId == id).Select(h => (HealthState?)h.State).FirstOrDefaultAsync() ?? HealthState.Unknown;
    }

    public async Task<OfflineCause?> OfflineCauseOfAsync(string gbId)
    {
        await using var db = App.CreateDbContext();
        var id = await db.Devices.Where(d => d.GbId == gbId).Select(d => d.Id).FirstAsync();
        return await db.DeviceHealth.Where(h => h.DeviceId == id).Select(h => h.OfflineCause).FirstOrDefaultAsync();
    }

    public Task WaitForHealthAsync(string gbId, HealthState state, int seconds = 20) =>
        EventuallyAsync(async () => await HealthOfAsync(gbId) == state, $"{gbId} is {state}", seconds);

    /// <summary>Stops the server and starts a new one on the same database and SIP port, as an operator's restart does.</summary>
    public async Task RestartServerAsync()
    {
        var port = SipPort;
        Client.Dispose();
        await App.DisposeAsync();
        _settings["Gb28181:SipPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App = new WatchkeeperApp(Database, _settings);
        Client = await App.CreateAdminClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        Client.Dispose();
        await App.DisposeAsync();
        Database.Dispose();
    }
}

/// <summary>A <see cref="GbHarness"/> per provider with the default settings, shared by the tests of a class.</summary>
public sealed class SharedGbHarness : SharedHarness
{
    internal Task<GbHarness> GetAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        GetOrStartAsync(provider, started => GbHarness.StartAsync(started));
}
