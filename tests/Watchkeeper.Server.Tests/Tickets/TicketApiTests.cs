using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>The ticket API as a dispatcher and an engineer use it, on the real clock.</summary>
public sealed class TicketApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Workflow_DispatcherAndEngineer_LoggedWithClocks(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var ledger = new TestLedger(app);
        var station = await ledger.AddOrganizationAsync("某派出所");
        var camera = await ledger.AddDeviceAsync("CAM-0001", station);
        await app.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [station]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var dispatcher = await app.CreateClientAsAsync("dispatcher");
        using var engineer = await app.CreateClientAsAsync("engineer");

        var before = DateTimeOffset.UtcNow;
        var created = await dispatcher.PostAsJsonAsync("/api/v1/tickets", new
        {
            title = "大厅摄像机黑屏",
            description = "值班员来电：画面全黑。",
            faultLevel = 1,
            category = "Camera",
            organizationId = station,
            deviceIds = new[] { camera },
            requesterName = "张伟",
            requesterContact = "13800000000",
        }, Token);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Token));
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = ticket.GetProperty("id").GetInt64();
        ticket.GetProperty("number").GetString()!.ShouldMatch(@"^GD-\d{8}-\d{6}$");
        ticket.GetProperty("state").GetString().ShouldBe("New");
        ticket.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetInt64()).ShouldBe([camera]);
        var response = Clock(ticket, "Response");
        response.GetProperty("state").GetString().ShouldBe("Running");
        response.GetProperty("targetSeconds").GetInt64().ShouldBe(15 * 60);
        response.GetProperty("dueAt").GetDateTimeOffset().ShouldBeInRange(before.AddMinutes(15), DateTimeOffset.UtcNow.AddMinutes(15));

        (await Transition(dispatcher, id, new { action = "assign", assigneeUserId = engineerId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Transition(engineer, id, new { action = "accept" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Transition(engineer, id, new { action = "arrive", location = "一楼大厅" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Transition(engineer, id, new { action = "pause", pauseReason = "WaitingForParts", note = "等待更换电源" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var paused = await (await Transition(engineer, id, new { action = "resume" })).Content.ReadFromJsonAsync<JsonElement>(Token);
        paused.GetProperty("state").GetString().ShouldBe("OnSite");
        (await engineer.PostAsJsonAsync($"/api/v1/tickets/{id}/comments", new { text = "已更换电源适配器" }, Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var resolved = await (await Transition(engineer, id, new { action = "resolve", cause = "电源适配器损坏", solution = "更换电源适配器" }))
            .Content.ReadFromJsonAsync<JsonElement>(Token);
        resolved.GetProperty("state").GetString().ShouldBe("Resolved");
        Clock(resolved, "Response").GetProperty("state").GetString().ShouldBe("Met");
        Clock(resolved, "Resolution").GetProperty("state").GetString().ShouldBe("Met");
        (await Transition(dispatcher, id, new { action = "close" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var activities = await dispatcher.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/activities", Token);
        activities.EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString())).ShouldBe(
        [
            ("Created", "dispatcher"), ("DeviceLinked", "dispatcher"), ("Assigned", "dispatcher"), ("Accepted", "engineer"), ("Arrived", "engineer"),
            ("Paused", "engineer"), ("Resumed", "engineer"), ("Commented", "engineer"), ("Resolved", "engineer"), ("Closed", "dispatcher"),
        ]);
        activities.EnumerateArray().ShouldAllBe(a => a.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Create_BadInput_NamesEachField()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var client = await app.CreateAdminClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/tickets", new
        {
            title = "",
            faultLevel = 7,
            category = "Toaster",
            organizationId = station,
            deviceIds = new[] { 999_999L },
        }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(Token);
        foreach (var expected in new[] { "ticket.title.invalid", "ticket.level.invalid", "ticket.category.invalid", "ticket.device.not_found", "Toaster", "999999" })
        {
            body.ShouldContain(expected);
        }

        (await client.PostAsJsonAsync("/api/v1/tickets", new { title = "x", organizationId = 424242 }, Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Transition_IllegalOrUnknown_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var client = await app.CreateAdminClientAsync();
        var id = await CreateAsync(client, station);

        var illegal = await Transition(client, id, new { action = "accept" });
        illegal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await illegal.Content.ReadAsStringAsync(Token)).ShouldContain("ticket.transition.illegal");
        (await Transition(client, id, new { action = "teleport" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Transition(client, id, new { action = "changeLevel", faultLevel = 2 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Transition(client, id, new { action = "assign", assigneeUserId = "nobody" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Transition(client, 987_654, new { action = "accept" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Permissions_ViewerAndOtherOrganization_Refused()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var ledger = new TestLedger(app);
        var east = await ledger.AddOrganizationAsync("东区分局");
        var west = await ledger.AddOrganizationAsync("西区分局");
        await app.AddUserAsync("viewer", [BuiltInRoles.Viewer], [east]);
        await app.AddUserAsync("west-engineer", [BuiltInRoles.Engineer], [west]);
        using var admin = await app.CreateAdminClientAsync();
        using var viewer = await app.CreateClientAsAsync("viewer");
        using var westEngineer = await app.CreateClientAsAsync("west-engineer");
        var id = await CreateAsync(admin, east);

        (await viewer.PostAsJsonAsync("/api/v1/tickets", new { title = "x", organizationId = east }, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Transition(viewer, id, new { action = "close", reason = "误报" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetAsync($"/api/v1/tickets/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await westEngineer.GetAsync($"/api/v1/tickets/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Transition(westEngineer, id, new { action = "close", reason = "误报" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await westEngineer.GetFromJsonAsync<JsonElement>("/api/v1/tickets", Token)).GetProperty("total").GetInt32().ShouldBe(0);
        (await westEngineer.PostAsJsonAsync("/api/v1/tickets", new { title = "x", organizationId = east }, Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Queues_UrgentFirstAndAssignment_Filtered()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var admin = await app.CreateAdminClientAsync();
        using var engineer = await app.CreateClientAsAsync("engineer");
        var normal = await CreateAsync(admin, station, level: 3);
        var urgent = await CreateAsync(admin, station, level: 3, priority: "Urgent");
        var critical = await CreateAsync(admin, station, level: 1);
        (await Transition(admin, normal, new { action = "assign", assigneeUserId = engineerId })).StatusCode.ShouldBe(HttpStatusCode.OK);

        async Task<long[]> Ids(HttpClient client, string query) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets{query}", Token)).GetProperty("items").EnumerateArray()
                .Select(t => t.GetProperty("id").GetInt64()).ToArray();

        (await Ids(admin, "?queue=unassigned")).ShouldBe([urgent, critical]);
        (await Ids(engineer, "?queue=mine")).ShouldBe([normal]);
        (await Ids(admin, "?queue=breachingSoon")).ShouldBe([critical]); // 15 min response; the others have 2 working hours or more
        (await Ids(admin, "?queue=breached")).ShouldBeEmpty();
        (await Ids(admin, "?faultLevel=3&open=true")).Order().ShouldBe([normal, urgent]);
        (await admin.GetAsync("/api/v1/tickets?queue=soon", Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<long> CreateAsync(HttpClient client, long organizationId, int level = 3, string priority = "Normal")
    {
        var response = await client.PostAsJsonAsync("/api/v1/tickets",
            new { title = "录像机硬盘告警", faultLevel = level, organizationId, callPriority = priority }, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Edit_MoveToOrganizationUnderAdvancedContract_TakesItsTermsAndLogsEachField(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("市局");
        var station = await ledger.AddOrganizationAsync("某派出所", city);
        var plant = await ledger.AddOrganizationAsync("某电厂");
        await app.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [city]);
        using var admin = await app.CreateAdminClientAsync();
        using var dispatcher = await app.CreateClientAsAsync("dispatcher");
        var contract = await admin.PostAsJsonAsync("/api/v1/contracts", new
        {
            number = "HT-2026-001", name = "市局视频监控运维服务", organizationId = city, startDate = "2026-01-01", endDate = "2027-12-31", level = "Advanced",
        }, Token);
        contract.StatusCode.ShouldBe(HttpStatusCode.Created, await contract.Content.ReadAsStringAsync(Token));
        var contractId = (await contract.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();

        // Reported for the wrong organization, outside the contract: the default level 1 policy, response 15 min.
        var created = await admin.PostAsJsonAsync("/api/v1/tickets",
            new { title = "站点全部离线", faultLevel = 1, category = "Network", organizationId = plant }, Token);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();

        var edited = await admin.PatchAsJsonAsync($"/api/v1/tickets/{id}",
            new { organizationId = station, title = "某派出所站点全部离线", callPriority = "Urgent" }, Token);
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync(Token));
        var ticket = await edited.Content.ReadFromJsonAsync<JsonElement>(Token);
        ticket.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        Clock(ticket, "Response").GetProperty("targetSeconds").GetInt64().ShouldBe(10 * 60); // the Advanced template's level 1

        var activities = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/activities", Token)).EnumerateArray()
            .Where(a => a.GetProperty("action").GetString() is "FieldChanged" or "TermsChanged")
            .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("field").GetString())).ToList();
        activities.ShouldBe([("FieldChanged", "title"), ("FieldChanged", "organizationId"), ("FieldChanged", "callPriority"), ("TermsChanged", "contractId")]);

        // Bad values are named, and nothing is half-written.
        var refused = await admin.PatchAsJsonAsync($"/api/v1/tickets/{id}", new { title = "", category = "Toaster", contractId = 999999 }, Token);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadAsStringAsync(Token);
        problem.ShouldContain("ticket.title.invalid");
        problem.ShouldContain("Toaster");
        problem.ShouldContain("999999");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Token)).GetProperty("title").GetString().ShouldBe("某派出所站点全部离线");

        // A dispatcher of the city cannot see the plant's ticket, nor move a ticket of theirs out to the plant.
        (await dispatcher.PatchAsJsonAsync($"/api/v1/tickets/{id}", new { organizationId = plant }, Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static Task<HttpResponseMessage> Transition(HttpClient client, long id, object body) =>
        client.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", body, Token);

    private static JsonElement Clock(JsonElement ticket, string kind) =>
        ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind);
}
