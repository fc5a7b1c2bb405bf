using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Audit.AuditHarness;

namespace Watchkeeper.Server.Tests.Audit;

public sealed class AuditApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Search_ByAction_ReturnsOnlyThatActionNewestFirst(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        await CreateDeviceAsync(client, organizationId, "CAM-001");
        await CreateDeviceAsync(client, organizationId, "CAM-002");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=entity.create&entityType=Device", Cancellation);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        page.GetProperty("total").GetInt32().ShouldBe(2);
        items.ShouldAllBe(i => i.GetProperty("action").GetString() == AuditActions.EntityCreate);
        items[0].GetProperty("after").GetProperty("Code").GetString().ShouldBe("CAM-002");
        items[0].GetProperty("id").GetInt64().ShouldBeGreaterThan(items[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Search_ByActionGroup_MatchesPrefix()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await CreateOrganizationAsync(client);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=auth.", Cancellation);

        page.GetProperty("total").GetInt32().ShouldBe(1);
        page.GetProperty("items")[0].GetProperty("action").GetString().ShouldBe(AuditActions.SignIn);
    }

    [Fact]
    public async Task Search_ByUserAndTime_Filters()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        using var viewer = await CreateUserClientAsync(app, "viewer1", BuiltInRoles.Viewer);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));

        var byName = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?userId=viewer1", Cancellation);
        var later = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?from={future}", Cancellation);
        var window = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?from={past}&to={future}&pageSize=1", Cancellation);

        byName.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("userName").GetString() == "viewer1");
        byName.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        later.GetProperty("total").GetInt32().ShouldBe(0);
        window.GetProperty("items").GetArrayLength().ShouldBe(1);
        window.GetProperty("total").GetInt32().ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData("/api/v1/audit?page=0")]
    [InlineData("/api/v1/audit?pageSize=501")]
    [InlineData("/api/v1/audit?from=2026-12-05T00:00:00Z&to=2026-12-04T00:00:00Z")]
    [InlineData("/api/v1/audit/export?format=pdf")]
    public async Task Search_InvalidQuery_Returns400(string path)
    {
        var app = shared.App;
        using var client = await app.CreateAdminClientAsync();

        var response = await client.GetAsync(path, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/audit")]
    [InlineData("/api/v1/audit/export")]
    [InlineData("/api/v1/audit/verify")]
    public async Task Audit_NonAdministrator_Returns403(string path)
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var viewer = await CreateUserClientAsync(app, "viewer1", BuiltInRoles.Viewer);

        var response = await viewer.GetAsync(path, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Audit_Anonymous_Returns401()
    {
        var app = shared.App;
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/audit", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task Audit_WriteMethods_AreNotRouted(string method)
    {
        var app = shared.App;
        using var client = await app.CreateAdminClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/v1/audit/1"), Cancellation);

        ((int)response.StatusCode).ShouldBeOneOf(404, 405);
    }

    [Fact]
    public async Task Export_Csv_HasBomAndIsAudited()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client, "=HYPERLINK(\"x\")");
        await CreateDeviceAsync(client, organizationId, "CAM-001");

        var response = await client.GetAsync("/api/v1/audit/export?format=csv&entityType=Device", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancellation);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("编号 / Id,");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain("CAM-001");
        var exported = (await EntriesAsync(app)).Last();
        exported.Action.ShouldBe(AuditActions.Export);
        exported.EntityType.ShouldBe(nameof(AuditEntry));
        JsonDocument.Parse(exported.After!).RootElement.GetProperty("rowCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Export_Xlsx_ContainsTheSelectedEntries()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        await CreateDeviceAsync(client, organizationId, "CAM-001");
        await CreateDeviceAsync(client, organizationId, "CAM-002");

        var response = await client.GetAsync("/api/v1/audit/export?format=xlsx&entityType=Device", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var content = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Cancellation));
        var rows = MiniExcel.Query(content, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => (string)r["对象类型 / Entity type"] == nameof(Device));
        ((string)rows[0]["修改后 / After"]).ShouldContain("CAM-002");
    }
}
