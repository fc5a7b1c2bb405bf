using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Server.Tests.Monitoring;

/// <summary>
/// The server with monitoring on, and real loopback devices: an HTTP server that serves a real JPEG as a
/// camera snapshot, and a TCP listener as a switch. Rounds are started with <see cref="IMonitoringControl.ProbeNow"/>.
/// </summary>
internal sealed class MonitoringHarness : IAsyncDisposable
{
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", "street_768x576.jpg"));

    private readonly Dictionary<int, LoopbackHttpServer> _cameras = [];
    private readonly Dictionary<int, TcpListener> _switches = [];

    private MonitoringHarness(TestDatabase database, WatchkeeperApp app, HttpClient client)
    {
        Database = database;
        App = app;
        Client = client;
    }

    public TestDatabase Database { get; }

    public WatchkeeperApp App { get; private set; }

    public HttpClient Client { get; private set; }

    public long OrganizationId { get; private set; }

    public static async Task<MonitoringHarness> StartAsync(DatabaseProvider provider, TestDatabase? database = null)
    {
        database ??= TestDatabase.Create(provider);
        var app = CreateApp(database);
        var client = await app.CreateAdminClientAsync();
        var harness = new MonitoringHarness(database, app, client);
        var organizations = await client.GetFromJsonAsync<JsonElement>("/api/v1/organizations");
        harness.OrganizationId = organizations.GetArrayLength() > 0
            ? organizations[0].GetProperty("id").GetInt64()
            : (await (await client.PostAsJsonAsync("/api/v1/organizations", new { name = "测试单位" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return harness;
    }

    /// <summary>Stops the server and starts a new one on the same database, as an operator's restart does.</summary>
    public async Task RestartServerAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        App = CreateApp(Database);
        Client = await App.CreateAdminClientAsync();
    }

    public async Task<int> StartCameraServerAsync(int port = 0)
    {
        var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(Jpeg);
        }, new IPEndPoint(IPAddress.Loopback, port), CancellationToken.None);
        _cameras[server.BaseUri.Port] = server;
        return server.BaseUri.Port;
    }

    public async Task StopCameraServerAsync(int port)
    {
        await _cameras[port].DisposeAsync();
        _cameras.Remove(port);
    }

    public int StartSwitch(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
        _switches[bound] = listener;
        _ = AcceptAsync(listener);
        return bound;
    }

    public void StopSwitch(int port)
    {
        _switches[port].Stop();
        _switches[port].Dispose();
        _switches.Remove(port);
    }

    public async Task<long> AddCameraAsync(string code, int port, long? parentId = null) =>
        await AddDeviceAsync(new
        {
            code,
            name = $"{code} 摄像机",
            kind = "Camera",
            organizationId = OrganizationId,
            ipAddress = "127.0.0.1",
            httpPort = port,
            snapshotUrl = $"http://127.0.0.1:{port}/snapshot.jpg",
            parentId,
            probes = new[] { "Snapshot", "Tcp" },
        });

    public async Task<long> AddSwitchAsync(string code, int port) =>
        await AddDeviceAsync(new
        {
            code,
            name = $"{code} 交换机",
            kind = "Switch",
            organizationId = OrganizationId,
            ipAddress = "127.0.0.1",
            httpPort = port,
            probes = new[] { "Tcp" },
        });

    /// <summary>Runs one round of the device and waits until the health processor has written it.</summary>
    public async Task ProbeAsync(long deviceId)
    {
        var before = await LastRoundAtAsync(deviceId);
        App.Services.GetRequiredService<IMonitoringControl>().ProbeNow(deviceId);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var after = await LastRoundAtAsync(deviceId);
            if (after is not null && after != before)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No probe round of device {deviceId} was written within 20 s.");
    }

    public async Task<JsonElement> DeviceAsync(long deviceId) =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{deviceId}");

    public async Task<string> StateAsync(long deviceId) =>
        (await DeviceAsync(deviceId)).GetProperty("state").GetString()!;

    public async Task<List<JsonElement>> AlarmsAsync(long deviceId, string state = "all")
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?state={state}&deviceId={deviceId}");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        foreach (var server in _cameras.Values)
        {
            await server.DisposeAsync();
        }

        foreach (var listener in _switches.Values)
        {
            listener.Dispose();
        }

        Database.Dispose();
    }

    private static WatchkeeperApp CreateApp(TestDatabase database) => new(database, new Dictionary<string, string?>
    {
        ["Monitoring:Enabled"] = "true",
        ["Monitoring:OfflineAfterFailedRounds"] = "2",
        ["Monitoring:ProbeTimeoutSeconds"] = "2",
    });

    private async Task<DateTimeOffset?> LastRoundAtAsync(long deviceId)
    {
        await using var db = App.CreateDbContext();
        return db.DeviceHealth.Where(h => h.DeviceId == deviceId).Select(h => h.LastRoundAt).FirstOrDefault();
    }

    private static async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped: the simulated switch is down.
        }
    }

    private async Task<long> AddDeviceAsync(object device)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/devices", device);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the device failed with {(int)response.StatusCode}: {body}");
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();

        // A new device gets a round at once; wait for it so that each later ProbeAsync waits for its own round.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await LastRoundAtAsync(id) is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The first probe round of new device {id} was not written within 20 s.");
            }

            await Task.Delay(50);
        }

        return id;
    }
}
