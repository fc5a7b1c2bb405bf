using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>The ticketing rules' API and the split, over HTTP as a dispatcher, an engineer and a team lead use them.</summary>
public sealed class TicketAutomationApiTests
{

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The real time in whole seconds: tests that call the API start the fake clock there, because bearer tokens are checked against the real clock.</summary>
    private static DateTimeOffset RealNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Split_DevicesAndAlarms_MovedAndBothLogged(DatabaseProvider provider)
    {
        var start = RealNow();
        await using var harness = await TicketAutomationHarness.StartAsync(provider, start);
        var cameras = harness.CameraIds;
        var firstAlarm = await harness.OpenAlarmAsync(cameras[0]);
        var secondAlarm = await harness.OpenAlarmAsync(cameras[1]);
        var originalId = await harness.OpenTicketAsync(level: 1, deviceIds: [cameras[0], cameras[1]], alarmIds: [firstAlarm, secondAlarm]);
        await harness.App.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [harness.OrganizationId]);
        using var dispatcher = await harness.App.CreateClientAsAsync("dispatcher");
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        var response = await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{originalId}/split",
            new { title = "二号摄像机电源故障", description = "与一号机无关，单独处理", deviceIds = new[] { cameras[1] }, alarmIds = new[] { secondAlarm } }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        var part = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var original = await dispatcher.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{originalId}", Token);
        part.GetProperty("title").GetString().ShouldBe("二号摄像机电源故障");
        part.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetInt64()).ShouldBe([cameras[1]]);
        part.GetProperty("alarmIds").EnumerateArray().Select(a => a.GetInt64()).ShouldBe([secondAlarm]);
        part.GetProperty("splitFromTicketId").GetInt64().ShouldBe(originalId);
        part.GetProperty("organizationId").GetInt64().ShouldBe(original.GetProperty("organizationId").GetInt64());
        part.GetProperty("requesterName").GetString().ShouldBe("张伟");
        part.GetProperty("faultLevel").GetInt32().ShouldBe(1);
        original.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetInt64()).ShouldBe([cameras[0]]);
        original.GetProperty("alarmIds").EnumerateArray().Select(a => a.GetInt64()).ShouldBe([firstAlarm]);

        // The new ticket's clocks start at the split: level 1 responds within 15 min of it, the original's 10 min earlier.
        part.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(start.AddMinutes(10));
        Clock(part, "Response").GetProperty("dueAt").GetDateTimeOffset().ShouldBe(start.AddMinutes(25));
        Clock(original, "Response").GetProperty("dueAt").GetDateTimeOffset().ShouldBe(start.AddMinutes(15));

        var originalLog = (await harness.ActivitiesAsync(originalId, TicketAction.SplitInto)).ShouldHaveSingleItem();
        originalLog.NewValue.ShouldBe(part.GetProperty("number").GetString());
        originalLog.Actor.ShouldBe("dispatcher");
        originalLog.Note.ShouldContain($"moved devices: {cameras[1]}; alarms: {secondAlarm}");
        var partLog = (await harness.ActivitiesAsync(part.GetProperty("id").GetInt64(), TicketAction.SplitFrom)).ShouldHaveSingleItem();
        partLog.NewValue.ShouldBe(original.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Split_BadInput_NamesEachValue()
    {
        await using var harness = await TicketAutomationHarness.StartAsync(DatabaseProvider.Sqlite, RealNow());
        var ticketId = await harness.OpenTicketAsync(level: 3, deviceIds: [harness.CameraIds[0]]);
        await harness.App.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [harness.OrganizationId]);
        await harness.App.AddUserAsync("business", [BuiltInRoles.BusinessDepartment], [harness.OrganizationId]);
        using var dispatcher = await harness.App.CreateClientAsAsync("dispatcher");
        using var business = await harness.App.CreateClientAsAsync("business");

        var notLinked = await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/split",
            new { title = "拆分", deviceIds = new[] { harness.CameraIds[1] }, alarmIds = new[] { 999_999L } }, Token);
        notLinked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await notLinked.Content.ReadAsStringAsync(Token);
        body.ShouldContain($"Device {harness.CameraIds[1]} is not linked to ticket {ticketId}");
        body.ShouldContain($"Alarm 999999 is not linked to ticket {ticketId}");

        var empty = await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/split", new { title = "拆分" }, Token);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync(Token)).ShouldContain("at least one device or alarm");
        var untitled = await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/split", new { title = " ", deviceIds = new[] { harness.CameraIds[0] } }, Token);
        untitled.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dispatcher.PostAsJsonAsync("/api/v1/tickets/999999/split", new { title = "拆分", deviceIds = new[] { harness.CameraIds[0] } }, Token))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await business.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/split", new { title = "拆分", deviceIds = new[] { harness.CameraIds[0] } }, Token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await harness.TicketsAsync()).Count.ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rules_Api_CrudValidationAndPermissions(DatabaseProvider provider)
    {
        var start = RealNow();
        await using var harness = await TicketAutomationHarness.StartAsync(provider, start);
        var app = harness.App;
        await app.AddUserAsync("lead", [BuiltInRoles.TeamLead], [harness.OrganizationId]);
        await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [harness.OrganizationId]);
        using var lead = await app.CreateClientAsAsync("lead");
        using var engineer = await app.CreateClientAsAsync("engineer");
        var rule = new
        {
            name = "交换机离线开单",
            organizationId = harness.OrganizationId,
            deviceKinds = new[] { "Switch" },
            alarmTypes = new[] { "Offline" },
            minSeverity = "Major",
            delayMinutes = 5,
            category = "Network",
            autoAssign = true,
        };

        (await engineer.PostAsJsonAsync("/api/v1/ticket-rules", rule, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await lead.PostAsJsonAsync("/api/v1/ticket-rules", rule, Token);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Token));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
        (await lead.PostAsJsonAsync("/api/v1/ticket-rules", rule, Token)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var listed = (await engineer.GetFromJsonAsync<JsonElement>("/api/v1/ticket-rules", Token)).EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("deviceKinds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["Switch"]);
        listed.GetProperty("faultLevel").ValueKind.ShouldBe(JsonValueKind.Null);
        listed.GetProperty("enabled").GetBoolean().ShouldBeTrue();

        var updated = await lead.PutAsJsonAsync($"/api/v1/ticket-rules/{id}", rule with { delayMinutes = 0 }, Token);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/ticket-rules/{id}", Token)).GetProperty("delayMinutes").GetInt32().ShouldBe(0);

        var invalid = await lead.PostAsJsonAsync("/api/v1/ticket-rules", new
        {
            name = "坏规则", alarmTypes = new[] { "Earthquake" }, minSeverity = "Huge", delayMinutes = -1, faultLevel = 7, category = "Plumbing",
        }, Token);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadAsStringAsync(Token);
        foreach (var value in new[] { "Earthquake", "Huge", "delayMinutes must be 0", "got 7", "Plumbing" })
        {
            problem.ShouldContain(value);
        }

        (await engineer.DeleteAsync($"/api/v1/ticket-rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await lead.DeleteAsync($"/api/v1/ticket-rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await lead.GetAsync($"/api/v1/ticket-rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static JsonElement Clock(JsonElement ticket, string kind) =>
        ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind);
}
