using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

// The validation cases share one server, because starting one costs seconds and a rejected request writes nothing.
public sealed class SeverityRuleApiTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SeverityRules_CreateUpdateDelete_RoundTrip(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var organization = await new TestLedger(app).AddOrganizationAsync("某市公安局");
        using var client = await app.CreateAdminClientAsync();

        var created = await client.PostAsJsonAsync("/api/v1/alarms/severity-rules", new
        {
            name = "录像机离线为紧急",
            organizationId = organization,
            deviceKind = "Recorder",
            alarmType = "offline",
            severity = "Critical",
            priority = 10,
        }, Token);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = rule.GetProperty("id").GetInt64();
        rule.GetProperty("alarmType").GetString().ShouldBe("Offline");

        var updated = await client.PutAsJsonAsync($"/api/v1/alarms/severity-rules/{id}", new
        {
            name = "录像机离线为重要",
            subjectContains = "HDD",
            severity = "Major",
        }, Token);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/v1/alarms/severity-rules", Token)).EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("name").GetString().ShouldBe("录像机离线为重要");
        listed.GetProperty("severity").GetString().ShouldBe("Major");
        listed.GetProperty("organizationId").ValueKind.ShouldBe(JsonValueKind.Null);
        listed.GetProperty("subjectContains").GetString().ShouldBe("HDD");

        (await client.DeleteAsync($"/api/v1/alarms/severity-rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/alarms/severity-rules", Token)).GetArrayLength().ShouldBe(0);
        (await client.DeleteAsync($"/api/v1/alarms/severity-rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"r","severity":"Fatal"}""", "severity", "Fatal")]
    [InlineData("""{"name":"r"}""", "severity", "severity")]
    [InlineData("""{"name":"r","severity":"Major","deviceKind":"Toaster"}""", "deviceKind", "Toaster")]
    [InlineData("""{"name":"r","severity":"Major","alarmType":"Nope"}""", "alarmType", "Nope")]
    [InlineData("""{"name":"","severity":"Major"}""", "name", "name")]
    [InlineData("""{"name":"r","severity":"Major","organizationId":987654}""", "organizationId", "987654")]
    public async Task SeverityRules_InvalidBody_Returns400NamingValue(string body, string field, string value)
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var response = await client.PostAsync("/api/v1/alarms/severity-rules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(value);
    }

    [Fact]
    public async Task SeverityRules_DuplicateName_Returns409()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        (await client.PostAsJsonAsync("/api/v1/alarms/severity-rules", new { name = "规则", severity = "Minor" }, Token)).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/v1/alarms/severity-rules", new { name = "规则", severity = "Major" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
