using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Security;

public sealed class RequestSizeTests
{
    [Fact]
    public async Task JsonBody_OverCap_Returns413NamingCap()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Security:MaxJsonBodyBytes"] = "4096" });
        using var client = await app.CreateAdminClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/organizations", new { name = new string('站', 5000) }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("code").GetString().ShouldBe("security.body.too_large");
        problem.GetProperty("detail").GetString()!.ShouldContain("4096");
    }

    [Fact]
    public async Task JsonBody_UnderCap_IsAccepted()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Security:MaxJsonBodyBytes"] = "4096" });
        using var client = await app.CreateAdminClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "人民路派出所" }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task LedgerImport_OverCap_Returns413NamingCap()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Ledger:MaxFileBytes"] = "2048" });
        using var client = await app.CreateAdminClientAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("设备编码,设备名称\n" + string.Concat(Enumerable.Repeat("CAM-001,摄像机\n", 400))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "ledger.csv");

        var response = await client.PostAsync("/api/v1/devices/import", form, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("detail").GetString()!.ShouldContain("2 KB");
    }

    [Fact]
    public async Task ReferenceUpload_OverCap_Returns413NamingCap()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Diagnosis:MaxImageBytes"] = "2048" });
        var organization = await new TestLedger(app).AddOrganizationAsync("人民路派出所");
        var camera = await new TestLedger(app).AddDeviceAsync("CAM-1", organization);
        using var client = await app.CreateAdminClientAsync();
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(new byte[3000]);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(image, "image", "reference.jpg");

        var response = await client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/references", form, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("detail").GetString()!.ShouldContain("2048");
    }
}
