using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Tickets.PortalTickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>
/// The requester rule: a customer without tickets.edit may confirm, reject, rate and comment on the tickets they
/// reported, and on no one else's.
/// </summary>
public sealed class TicketRequesterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Requester_RejectsConfirmsAndRates(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        var customerId = await app.AddUserAsync("customer", [BuiltInRoles.BusinessDepartment], [station]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var admin = await app.CreateAdminClientAsync();
        using var customer = await app.CreateClientAsAsync("customer");
        using var engineer = await app.CreateClientAsAsync("engineer");
        var id = await OpenAsync(app, customerId, station);
        await ResolveAsync(admin, engineer, engineerId, id);

        (await customer.PostAsJsonAsync($"/api/v1/tickets/{id}/comments", new { text = "晚上还是模糊" }, Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var rejected = await TransitionAsync(customer, id, new { action = "reopen", reason = "夜间画面仍然模糊" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync(Token));
        (await rejected.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("state").GetString().ShouldBe("InProgress");
        (await TransitionAsync(engineer, id, new { action = "resolve", cause = "红外灯故障", solution = "更换红外灯板" })).EnsureSuccessStatusCode();
        (await TransitionAsync(customer, id, new { action = "confirm", note = "已恢复" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rated = await TransitionAsync(customer, id, new { action = "rate", rating = 5, note = "响应很快" });

        rated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ticket = await rated.Content.ReadFromJsonAsync<JsonElement>(Token);
        ticket.GetProperty("state").GetString().ShouldBe("Confirmed");
        ticket.GetProperty("rating").GetInt32().ShouldBe(5);
        ticket.GetProperty("ratingComment").GetString().ShouldBe("响应很快");
        var activities = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/activities", Token);
        activities.EnumerateArray().Where(a => a.GetProperty("actor").GetString() == "customer").Select(a => a.GetProperty("action").GetString())
            .ShouldBe(["Created", "Commented", "Reopened", "Confirmed", "Rated"]);
        var mine = await customer.GetFromJsonAsync<JsonElement>("/api/v1/tickets?queue=requested", Token);
        mine.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ShouldBe([id]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Requester_EngineerActions_Forbidden(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        var customerId = await app.AddUserAsync("customer", [BuiltInRoles.BusinessDepartment], [station]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var customer = await app.CreateClientAsAsync("customer");
        var id = await OpenAsync(app, customerId, station);

        foreach (var body in new object[]
        {
            new { action = "assign", assigneeUserId = engineerId },
            new { action = "resolve", cause = "自己修好了", solution = "重启" },
            new { action = "close", reason = "不需要了" },
        })
        {
            var response = await TransitionAsync(customer, id, body);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, JsonSerializer.Serialize(body));
        }

        (await GetAsync(customer, id)).GetProperty("state").GetString().ShouldBe("New");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OtherCustomer_SameOrganization_CannotConfirmOrRate(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        var customerId = await app.AddUserAsync("customer", [BuiltInRoles.BusinessDepartment], [station]);
        await app.AddUserAsync("colleague", [BuiltInRoles.BusinessDepartment], [station]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var admin = await app.CreateAdminClientAsync();
        using var colleague = await app.CreateClientAsAsync("colleague");
        using var engineer = await app.CreateClientAsAsync("engineer");
        var id = await OpenAsync(app, customerId, station);
        await ResolveAsync(admin, engineer, engineerId, id);

        var confirm = await TransitionAsync(colleague, id, new { action = "confirm" });
        var rate = await TransitionAsync(colleague, id, new { action = "rate", rating = 1 });
        var reject = await TransitionAsync(colleague, id, new { action = "reopen", reason = "不满意" });
        var comment = await colleague.PostAsJsonAsync($"/api/v1/tickets/{id}/comments", new { text = "我也看看" }, Token);

        confirm.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await confirm.Content.ReadAsStringAsync(Token)).ShouldContain("ticket.action.forbidden");
        rate.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        reject.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        comment.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var ticket = await GetAsync(colleague, id);
        ticket.GetProperty("state").GetString().ShouldBe("Resolved");
        ticket.GetProperty("rating").ValueKind.ShouldBe(JsonValueKind.Null);
        (await colleague.GetFromJsonAsync<JsonElement>("/api/v1/tickets?queue=requested", Token)).GetProperty("total").GetInt32().ShouldBe(0);
    }
}
