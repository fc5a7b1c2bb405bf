using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Devices;

public sealed class DeviceApiTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateDevice_ValidInput_ReturnsItWithUnknownState(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organization = await (await client.PostAsJsonAsync("/api/v1/organizations", new { name = "某市公安局" })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await client.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "CAM-001",
            name = "人民路口-01",
            kind = "Camera",
            organizationId = organization.GetProperty("id").GetInt64(),
            ipAddress = "10.1.2.3",
            rtspUrl = "rtsp://10.1.2.3/stream1",
            userName = "admin",
            password = "secret-1",
        }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        body.GetProperty("state").GetString().ShouldBe("Unknown");
        body.GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
        body.TryGetProperty("password", out _).ShouldBeFalse();
        body.GetProperty("organizationPath").GetString().ShouldBe("某市公安局");
    }

    [Fact]
    public async Task ListDevices_WithoutToken_Returns401()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/devices", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
