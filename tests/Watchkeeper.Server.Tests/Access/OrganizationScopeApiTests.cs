using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Access;

// Tests that only read the fleet or send requests the scope rejects share one server per provider, because starting
// one costs seconds. Tests that change organizations or depend on cold caches start their own.
public sealed class OrganizationScopeApiTests(SharedScopedFleet shared) : IClassFixture<SharedScopedFleet>
{
    /// <summary>
    /// Every GET endpoint of the API without route parameters, with the request the scoping test sends. A new list or
    /// export endpoint fails <see cref="ListEndpoints_ScopedUser_ShowNothingOfSibling"/> until it is added here.
    /// </summary>
    private static readonly Dictionary<string, string> s_listRequests = new(StringComparer.Ordinal)
    {
        ["/api/v1/alarms/"] = "/api/v1/alarms?state=all",
        ["/api/v1/change-freeze-periods/"] = "/api/v1/change-freeze-periods",
        ["/api/v1/changes/calendar"] = "/api/v1/changes/calendar?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
        ["/api/v1/reports/firmware-versions"] = "/api/v1/reports/firmware-versions",
        ["/api/v1/reports/firmware-versions/export"] = "/api/v1/reports/firmware-versions/export",
        ["/api/v1/alarms/incidents"] = "/api/v1/alarms/incidents",
        ["/api/v1/alarms/severity-rules/"] = "/api/v1/alarms/severity-rules",
        ["/api/v1/devices/"] = "/api/v1/devices",
        ["/api/v1/maintenance-windows/"] = "/api/v1/maintenance-windows",
        ["/api/v1/maintenance-windows/active"] = "/api/v1/maintenance-windows/active",
        ["/api/v1/silences/"] = "/api/v1/silences",
        ["/api/v1/tickets/"] = "/api/v1/tickets",
        ["/api/v1/tickets/workload"] = "/api/v1/tickets/workload",
        ["/api/v1/ticket-rules/"] = "/api/v1/ticket-rules",
        ["/api/v1/changes/"] = "/api/v1/changes",
        ["/api/v1/devices/export"] = "/api/v1/devices/export?format=csv",
        ["/api/v1/devices/import/template"] = "/api/v1/devices/import/template?format=csv",
        ["/api/v1/diagnosis/plans"] = "/api/v1/diagnosis/plans",
        ["/api/v1/diagnosis/results"] = "/api/v1/diagnosis/results",
        ["/api/v1/gb28181/devices"] = "/api/v1/gb28181/devices",
        ["/api/v1/gb28181/settings/"] = "/api/v1/gb28181/settings",
        ["/api/v1/kpi/intact-rate"] = "/api/v1/kpi/intact-rate",
        ["/api/v1/kpi/online-rate"] = "/api/v1/kpi/online-rate",
        ["/api/v1/kpi/recording-completeness"] = "/api/v1/kpi/recording-completeness",
        ["/api/v1/kpi/retention-compliance"] = "/api/v1/kpi/retention-compliance",
        ["/api/v1/organizations/"] = "/api/v1/organizations",
        ["/api/v1/notifications/deliveries"] = "/api/v1/notifications/deliveries",
        ["/api/v1/duty-roster/"] = "/api/v1/duty-roster?from=2026-01-01&to=2026-01-31",
        ["/api/v1/duty-roster/teams"] = "/api/v1/duty-roster/teams",
        ["/api/v1/contracts/"] = "/api/v1/contracts",
        ["/api/v1/notifications/rules/"] = "/api/v1/notifications/rules",
        ["/api/v1/users/"] = "/api/v1/users",
        ["/api/v1/roles/"] = "/api/v1/roles",
        ["/api/v1/roles/permissions"] = "/api/v1/roles/permissions",
    };

    // List endpoints that hold no organization's records, or need an organization parameter and have their own test.
    private static readonly Dictionary<string, string> s_notOrganizationData = new(StringComparer.Ordinal)
    {
        ["/api/v1/audit/"] = "the audit log is for administrators and is not organization data",
        ["/api/v1/change-templates/"] = "standard-change templates are a platform-wide catalog",
        ["/api/v1/audit/export"] = "the audit log is for administrators and is not organization data",
        ["/api/v1/audit/verify"] = "reports the chain state only",
        ["/api/v1/auth/antiforgery"] = "hands out a token for the caller's own session",
        ["/api/v1/tokens/"] = "lists the caller's own personal access tokens",
        ["/api/v1/calendars/"] = "business calendars are shared by every organization",
        ["/api/v1/calendars/public-holidays"] = "the shipped public holidays are the same for every organization",
        ["/api/v1/fault-levels/"] = "fault level definitions are shared by every organization",
        ["/api/v1/change-approval-chains/"] = "approval chains are set per change type for the whole platform",
        ["/api/v1/sla-policies/"] = "lists the default policies and the Advanced template, which belong to no contract",
        ["/api/v1/notifications/groups/"] = "receiver groups name users, not organization data",
        ["/api/v1/notifications/escalation-policies/"] = "escalation policies name users and channels, not organization data",
        ["/api/v1/notifications/channels"] = "notification channels are platform settings, not organization data",
        ["/api/v1/notifications/templates"] = "message templates are platform settings, not organization data",
        ["/api/v1/duty-roster/on-duty"] = "takes an organizationId; DutyRosterApiTests cover another organization's 404",
    };

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ListEndpoints_ScopedUser_ShowNothingOfSibling(DatabaseProvider provider)
    {
        var (app, fleet) = await shared.GetAsync(provider);
        using var client = await fleet.ClientForAsync("engineer-a");

        var patterns = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/v1/", StringComparison.Ordinal) && !p.Contains('{'))
            .Distinct()
            .ToList();

        patterns.Where(p => !s_listRequests.ContainsKey(p) && !s_notOrganizationData.ContainsKey(p)).ShouldBeEmpty("add each new list endpoint to s_listRequests");
        foreach (var pattern in patterns.Where(s_listRequests.ContainsKey))
        {
            var response = await client.GetAsync(s_listRequests[pattern], TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, pattern);
            body.ShouldNotContain(ScopedFleet.CodeB, Case.Sensitive, pattern);
            body.ShouldNotContain(ScopedFleet.NameB, Case.Sensitive, pattern);
        }
    }

    [Theory]
    [InlineData("engineer-a", new[] { ScopedFleet.CodeA })]
    [InlineData("engineer-root", new[] { ScopedFleet.CodeA, ScopedFleet.CodeB })]
    [InlineData("engineer-none", new string[0])]
    [InlineData("admin", new[] { ScopedFleet.CodeA, ScopedFleet.CodeB })]
    public async Task DeviceList_EachUser_ShowsScopedDevices(string userName, string[] expected)
    {
        var (_, fleet) = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var client = await fleet.ClientForAsync(userName);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices", TestContext.Current.CancellationToken);
        var export = await client.GetStringAsync("/api/v1/devices/export?format=csv", TestContext.Current.CancellationToken);
        var alarms = await client.GetStringAsync("/api/v1/alarms?state=all", TestContext.Current.CancellationToken);

        page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()).Order().ShouldBe(expected);
        foreach (var code in new[] { ScopedFleet.CodeA, ScopedFleet.CodeB })
        {
            export.Contains(code, StringComparison.Ordinal).ShouldBe(expected.Contains(code), $"export, {code}");
            alarms.Contains(code, StringComparison.Ordinal).ShouldBe(expected.Contains(code), $"alarms, {code}");
        }
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OnlineRate_EachUser_CountsScopedDevices(DatabaseProvider provider)
    {
        var (_, fleet) = await shared.GetAsync(provider);
        var url = $"/api/v1/kpi/online-rate?from={TestLedger.Start.AddHours(1):O}&to={TestLedger.Start.AddHours(2):O}".Replace("+", "%2B");

        var counts = new Dictionary<string, int>();
        foreach (var userName in new[] { "engineer-a", "engineer-root", "engineer-none", "admin" })
        {
            using var client = await fleet.ClientForAsync(userName);
            var body = await client.GetFromJsonAsync<JsonElement>(url, TestContext.Current.CancellationToken);
            counts[userName] = body.GetProperty("deviceCount").GetInt32();
        }

        counts["engineer-a"].ShouldBe(1);
        counts["engineer-root"].ShouldBe(2);
        counts["engineer-none"].ShouldBe(0);
        counts["admin"].ShouldBe(2);
    }

    [Fact]
    public async Task SiblingRecords_ScopedUser_Return404()
    {
        var (_, fleet) = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var client = await fleet.ClientForAsync("engineer-a");
        var device = new { code = "SCOPE-CAM-MOVED", name = "移动", kind = "Camera", organizationId = fleet.OrganizationB };
        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("device", () => client.GetAsync($"/api/v1/devices/{fleet.DeviceB}")),
            ("device update", () => client.PutAsJsonAsync($"/api/v1/devices/{fleet.DeviceB}", device)),
            ("device delete", () => client.DeleteAsync($"/api/v1/devices/{fleet.DeviceB}")),
            ("alarm", () => client.GetAsync($"/api/v1/alarms/{fleet.AlarmB}")),
            ("alarm acknowledge", () => client.PostAsJsonAsync($"/api/v1/alarms/{fleet.AlarmB}/acknowledge", new { note = "x" })),
            ("alarm close", () => client.PostAsJsonAsync($"/api/v1/alarms/{fleet.AlarmB}/close", new { reason = "x" })),
            ("alarm links", () => client.GetAsync($"/api/v1/alarms/{fleet.AlarmB}/links")),
            ("alarm link", () => client.PostAsJsonAsync($"/api/v1/alarms/{fleet.AlarmB}/links", new { alarmId = fleet.AlarmB + 1000 })),
            ("diagnosis plan of camera", () => client.GetAsync($"/api/v1/diagnosis/cameras/{fleet.DeviceB}/plan")),
            ("organization update", () => client.PutAsJsonAsync($"/api/v1/organizations/{fleet.OrganizationB}", new { name = "改名", parentId = fleet.RootId })),
            ("organization delete", () => client.DeleteAsync($"/api/v1/organizations/{fleet.OrganizationB}")),
            ("monitoring policies", () => client.GetAsync($"/api/v1/organizations/{fleet.OrganizationB}/monitoring-policies")),
            ("recording policy", () => client.GetAsync($"/api/v1/organizations/{fleet.OrganizationB}/recording-policy")),
            ("online rate of organization", () => client.GetAsync($"/api/v1/kpi/online-rate?organizationId={fleet.OrganizationB}")),
            ("intact rate of organization", () => client.GetAsync($"/api/v1/kpi/intact-rate?organizationId={fleet.OrganizationB}")),
            ("device list of organization", () => client.GetAsync($"/api/v1/devices?organizationId={fleet.OrganizationB}")),
        };

        foreach (var (name, send) in requests)
        {
            using var response = await send();
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, name);
        }
    }

    [Fact]
    public async Task DeviceCreate_HiddenOrganization_IsRejected()
    {
        var (_, fleet) = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var client = await fleet.ClientForAsync("engineer-a");

        var response = await client.PostAsJsonAsync("/api/v1/devices",
            new { code = "SCOPE-CAM-NEW", name = "新", kind = "Camera", organizationId = fleet.OrganizationB }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("device.organizationId.not_found");
    }

    [Fact]
    public async Task OrganizationCreate_ScopedUser_OnlyUnderVisibleParent()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var fleet = await ScopedFleet.CreateAsync(app);
        using var client = await fleet.ClientForAsync("engineer-a");

        using var underA = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "甲分局一所", parentId = fleet.OrganizationA }, TestContext.Current.CancellationToken);
        using var underB = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "乙分局一所", parentId = fleet.OrganizationB }, TestContext.Current.CancellationToken);
        using var atRoot = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "新市局" }, TestContext.Current.CancellationToken);
        using var rename = await client.PutAsJsonAsync($"/api/v1/organizations/{fleet.OrganizationA}", new { name = "甲分局（新）", parentId = fleet.RootId }, TestContext.Current.CancellationToken);

        underA.StatusCode.ShouldBe(HttpStatusCode.Created);
        underB.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        atRoot.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        rename.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OrganizationTree_ScopedUser_HasVisibleSubtreeAsRoot()
    {
        var (_, fleet) = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var client = await fleet.ClientForAsync("engineer-a");

        var roots = await client.GetFromJsonAsync<JsonElement>("/api/v1/organizations", TestContext.Current.CancellationToken);

        roots.GetArrayLength().ShouldBe(1);
        roots[0].GetProperty("id").GetInt64().ShouldBe(fleet.OrganizationA);
    }

    [Fact]
    public async Task SharedCaches_ScopedUserFirst_StillSeeEverything()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var fleet = await ScopedFleet.CreateAsync(app);
        using (var scoped = await fleet.ClientForAsync("engineer-a"))
        {
            (await scoped.GetAsync("/api/v1/organizations", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        using var admin = await fleet.ClientForAsync("admin");
        var roots = await admin.GetFromJsonAsync<JsonElement>("/api/v1/organizations", TestContext.Current.CancellationToken);

        roots.GetArrayLength().ShouldBe(1);
        roots[0].GetProperty("children").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task QueryFilter_Unrestricted_AddsNoCondition()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await using var db = app.CreateDbContext();

        OrganizationScope.Current = null;
        var unrestricted = db.Alarms.Where(a => a.DeviceId == 1).ToQueryString();
        OrganizationScope.Current = OrganizationScope.Of([1, 2]);
        var scoped = db.Alarms.Where(a => a.DeviceId == 1).ToQueryString();
        OrganizationScope.Current = null;

        unrestricted.ShouldNotContain("EXISTS");
        unrestricted.ShouldNotContain("organization_id");
        scoped.ShouldContain("organization_id");
    }

    [Fact]
    public async Task QueryFilter_ScopedAlarms_ReturnOnlyVisible()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var fleet = await ScopedFleet.CreateAsync(app);
        await using var db = app.CreateDbContext();

        OrganizationScope.Current = OrganizationScope.Of([fleet.OrganizationA]);
        var deviceIds = await db.Alarms.Select(a => a.DeviceId).ToListAsync(TestContext.Current.CancellationToken);
        OrganizationScope.Current = null;

        deviceIds.ShouldBe([fleet.DeviceA]);
    }
}
