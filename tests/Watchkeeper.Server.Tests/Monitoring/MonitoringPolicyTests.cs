using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Monitoring;

public sealed class MonitoringPolicyTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OrganizationPolicy_AppliesToSubtreeUnlessDeviceOverrides(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Monitoring:Enabled"] = "true" });
        using var client = await app.CreateAdminClientAsync();
        var city = await CreateOrganizationAsync(client, "某市公安局", null);
        var station = await CreateOrganizationAsync(client, "人民路派出所", city);
        var inherited = await CreateCameraAsync(client, "CAM-1", station, probes: null);
        var own = await CreateCameraAsync(client, "CAM-2", station, probes: ["Rtsp"]);

        var put = await client.PutAsJsonAsync($"/api/v1/organizations/{city}/monitoring-policies/Camera",
            new { intervalSeconds = 30, probes = new[] { "Tcp", "Snapshot" } }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        var first = await WaitForIntervalAsync(client, inherited, 30);
        first.GetProperty("effectiveProbes").EnumerateArray().Select(p => p.GetString()).ShouldBe(["Tcp", "Snapshot"], ignoreOrder: true);
        var second = await WaitForIntervalAsync(client, own, 30);
        second.GetProperty("effectiveProbes").EnumerateArray().Select(p => p.GetString()).ShouldBe(["Rtsp"]);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{city}/monitoring-policies", TestContext.Current.CancellationToken);
        list.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task SetPolicy_IntervalTooShort_Returns400()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var city = await CreateOrganizationAsync(client, "某市公安局", null);

        var response = await client.PutAsJsonAsync($"/api/v1/organizations/{city}/monitoring-policies/Camera",
            new { intervalSeconds = 2 }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("巡检间隔");
    }

    [Fact]
    public async Task SetPolicy_UnknownKind_Returns400()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var city = await CreateOrganizationAsync(client, "某市公安局", null);

        var response = await client.PutAsJsonAsync($"/api/v1/organizations/{city}/monitoring-policies/Toaster",
            new { intervalSeconds = 60 }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> WaitForIntervalAsync(HttpClient client, long deviceId, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var device = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{deviceId}");
            if (device.GetProperty("effectiveIntervalSeconds").ValueKind == JsonValueKind.Number
                && device.GetProperty("effectiveIntervalSeconds").GetInt32() == seconds)
            {
                return device;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Device {deviceId} did not take the {seconds} s interval: {device}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<long> CreateOrganizationAsync(HttpClient client, string name, long? parentId) =>
        (await (await client.PostAsJsonAsync("/api/v1/organizations", new { name, parentId })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt64();

    private static async Task<long> CreateCameraAsync(HttpClient client, string code, long organizationId, string[]? probes)
    {
        var response = await client.PostAsJsonAsync("/api/v1/devices", new
        {
            code,
            name = code,
            kind = "Camera",
            organizationId,
            ipAddress = "127.0.0.1",
            probes,
            monitoringEnabled = false,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}
