using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport.Http;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>
/// The server with the diagnosis worker on, the analyzers of Watchkeeper.Vision, and a <see cref="StillFrameSource"/>
/// in place of the grabber. With monitoring on, cameras respond to the snapshot probe from
/// a loopback HTTP server that serves the real street JPEG, and switches are loopback TCP listeners.
/// </summary>
internal sealed class DiagnosisHarness : IAsyncDisposable
{
    private readonly List<TcpListener> _switches = [];
    private LoopbackHttpServer? _cameraServer;

    private DiagnosisHarness(TestDatabase database, WatchkeeperApp app, HttpClient client, StillFrameSource frames)
    {
        Database = database;
        App = app;
        Client = client;
        Frames = frames;
    }

    public TestDatabase Database { get; }

    public WatchkeeperApp App { get; }

    public HttpClient Client { get; }

    public StillFrameSource Frames { get; }

    public long OrganizationId { get; private set; }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<DiagnosisHarness> StartAsync(DatabaseProvider provider, bool monitoring = false, IDictionary<string, string?>? settings = null)
    {
        var database = TestDatabase.Create(provider);
        var frames = new StillFrameSource();
        var all = new Dictionary<string, string?>
        {
            ["Diagnosis:Enabled"] = "true",
            ["Diagnosis:PollSeconds"] = "0.2",
            ["Monitoring:Enabled"] = monitoring ? "true" : "false",
            ["Monitoring:OfflineAfterFailedRounds"] = "2",
            ["Monitoring:ProbeTimeoutSeconds"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new WatchkeeperApp(database, all, services =>
        {
            services.AddSingleton<IFrameSource>(frames);
        });
        var client = await app.CreateAdminClientAsync();
        var harness = new DiagnosisHarness(database, app, client, frames);
        harness.OrganizationId = await harness.AddOrganizationAsync("测试单位");
        return harness;
    }

    public async Task<long> AddOrganizationAsync(string name, long? parentId = null)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/organizations", new { name, parentId }, Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
    }

    /// <summary>Adds a camera whose snapshot URL points at the loopback camera server, with the default probe set.</summary>
    public async Task<long> AddCameraAsync(string code, long? organizationId = null, long? parentId = null, string kind = "Camera")
    {
        _cameraServer ??= await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(StreetFrames.Clean);
        }, new IPEndPoint(IPAddress.Loopback, 0), CancellationToken.None);

        var port = _cameraServer.BaseUri.Port;
        return await PostDeviceAsync(new
        {
            code,
            name = $"{code} 摄像机",
            kind,
            organizationId = organizationId ?? OrganizationId,
            ipAddress = "127.0.0.1",
            httpPort = port,
            snapshotUrl = $"http://127.0.0.1:{port}/snapshot.jpg",
            parentId,
        });
    }

    public async Task<(long Id, TcpListener Listener)> AddSwitchAsync(string code)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _switches.Add(listener);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var id = await PostDeviceAsync(new { code, name = $"{code} 交换机", kind = "Switch", organizationId = OrganizationId, ipAddress = "127.0.0.1", httpPort = port, probes = new[] { "Tcp" } });
        return (id, listener);
    }

    /// <summary>Requests "diagnose now" and waits until a newer round of the camera is stored.</summary>
    public async Task<JsonElement> RunAsync(long deviceId)
    {
        var before = await LatestIdAsync(deviceId);
        var response = await Client.PostAsync($"/api/v1/diagnosis/cameras/{deviceId}/run", null, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
        JsonElement latest = default;
        await WaitUntilAsync(async () =>
        {
            var reply = await Client.GetAsync($"/api/v1/diagnosis/cameras/{deviceId}/latest", Token);
            if (!reply.IsSuccessStatusCode)
            {
                return false;
            }

            latest = await reply.Content.ReadFromJsonAsync<JsonElement>(Token);
            return latest.GetProperty("id").GetInt64() > before;
        }, $"a new diagnosis round of device {deviceId}");
        return latest;
    }

    public async Task<List<JsonElement>> AlarmsAsync(long deviceId, string state = "open")
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?state={state}&deviceId={deviceId}", Token);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Polls <paramref name="condition"/> for up to 20 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 20 s for {what}.");
            }

            await Task.Delay(100, Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        if (_cameraServer is not null)
        {
            await _cameraServer.DisposeAsync();
        }

        foreach (var listener in _switches)
        {
            listener.Dispose();
        }

        Database.Dispose();
    }

    private async Task<long> LatestIdAsync(long deviceId)
    {
        var reply = await Client.GetAsync($"/api/v1/diagnosis/cameras/{deviceId}/latest", Token);
        return reply.IsSuccessStatusCode ? (await reply.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64() : 0;
    }

    private async Task<long> PostDeviceAsync(object device)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/devices", device, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the device failed with {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }
}

/// <summary>A <see cref="DiagnosisHarness"/> per provider with the default settings, shared by the tests of a class.</summary>
public sealed class SharedDiagnosisHarness : SharedHarness
{
    internal Task<DiagnosisHarness> GetAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        GetOrStartAsync(provider, started => DiagnosisHarness.StartAsync(started));
}
