using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>Automatic assignment by duty roster, skills and workload, and the workload per engineer.</summary>
public sealed class TicketAssignTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The real time in whole seconds: tests that call the API start the fake clock there, because bearer tokens are checked against the real clock.</summary>
    private static DateTimeOffset RealNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task AutoAssign_SkilledLeastLoaded_Picked(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, Start);
        var chen = await harness.Routing.AddUserAsync("chen");
        var li = await harness.Routing.AddUserAsync("li");
        var wang = await harness.Routing.AddUserAsync("wang");
        var offDuty = await harness.Routing.AddUserAsync("an.offduty");
        await harness.Routing.AddShiftAsync(harness.OrganizationId, wang, chen, li);
        await harness.SetSkillsAsync(chen, "Camera", "Network");
        await harness.SetSkillsAsync(li, "Camera");
        await harness.SetSkillsAsync(offDuty, "Camera", "Network", "Power");
        await AssignNewAsync(harness, chen, level: 3);
        await AssignNewAsync(harness, chen, level: 3);
        await AssignNewAsync(harness, li, level: 3);
        var closed = await AssignNewAsync(harness, li, level: 3);
        await harness.ActAsync(closed, new TicketTransitionInput("close", Reason: "重复报修"));

        // li and chen know cameras; li has one open ticket (the closed one does not count), chen two.
        var camera = await harness.OpenTicketAsync(level: 3, category: "Camera");
        await harness.ActAsync(camera, new TicketTransitionInput("autoAssign"));
        (await harness.TicketsAsync()).Single(t => t.Id == camera).AssigneeUserId.ShouldBe(li);
        (await harness.ActivitiesAsync(camera, TicketAction.Assigned)).ShouldHaveSingleItem().Note.ShouldContain("skilled in Camera, 1 open tickets");

        // Now both have two: the name decides.
        var tie = await harness.OpenTicketAsync(level: 3, category: "Camera");
        await harness.ActAsync(tie, new TicketTransitionInput("autoAssign"));
        (await harness.TicketsAsync()).Single(t => t.Id == tie).AssigneeUserId.ShouldBe(chen);

        // Nobody on duty knows power supplies: the least loaded engineer on duty gets it, not the skilled one off duty.
        var power = await harness.OpenTicketAsync(level: 3, category: "Power");
        await harness.ActAsync(power, new TicketTransitionInput("autoAssign"));
        (await harness.TicketsAsync()).Single(t => t.Id == power).AssigneeUserId.ShouldBe(wang);

        // Run again on an assigned ticket, it transfers to the best other engineer on duty.
        await harness.ActAsync(power, new TicketTransitionInput("autoAssign"));
        var transferred = (await harness.TicketsAsync()).Single(t => t.Id == power);
        transferred.AssigneeUserId.ShouldBe(li);
        (await harness.ActivitiesAsync(power, TicketAction.Transferred)).ShouldHaveSingleItem();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Workload_OpenAssignedTickets_CountedByLevelAndBreach(DatabaseProvider provider)
    {
        await using var harness = await TicketAutomationHarness.StartAsync(provider, RealNow());
        using var admin = await harness.App.CreateAdminClientAsync();
        var chen = await harness.Routing.AddUserAsync("chen");
        var li = await harness.Routing.AddUserAsync("li");
        await AssignNewAsync(harness, chen, level: 1);
        await AssignNewAsync(harness, chen, level: 3);
        await AssignNewAsync(harness, chen, level: 3);
        await AssignNewAsync(harness, li, level: 2);
        var closed = await AssignNewAsync(harness, li, level: 1);
        await harness.ActAsync(closed, new TicketTransitionInput("close", Reason: "误报"));
        await harness.OpenTicketAsync(level: 1); // unassigned: nobody's workload

        // Level 1 responds within 15 min and level 2 within 30: only chen's level-1 ticket breaches at 16 min.
        harness.Time.Advance(TimeSpan.FromMinutes(16));
        await harness.App.Services.GetRequiredService<TicketClockWorker>().RunOnceAsync(Token);
        var workload = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tickets/workload", Token);

        workload.EnumerateArray().Select(w => (
            w.GetProperty("userId").GetString(), w.GetProperty("name").GetString(), w.GetProperty("open").GetInt32(),
            w.GetProperty("level1").GetInt32(), w.GetProperty("level2").GetInt32(), w.GetProperty("level3").GetInt32(), w.GetProperty("level4").GetInt32(),
            w.GetProperty("breached").GetInt32())).ShouldBe(
        [
            (chen, "chen", 3, 1, 0, 2, 0, 1),
            (li, "li", 1, 0, 1, 0, 0, 0),
        ]);
    }

    [Fact]
    public async Task Skills_Api_ReadWriteAndPermissions()
    {
        await using var harness = await TicketAutomationHarness.StartAsync(DatabaseProvider.Sqlite, RealNow());
        var app = harness.App;
        await app.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [harness.OrganizationId]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [harness.OrganizationId]);
        using var dispatcher = await app.CreateClientAsAsync("dispatcher");
        using var engineer = await app.CreateClientAsAsync("engineer");

        var stored = await dispatcher.PutAsJsonAsync($"/api/v1/users/{engineerId}/skills", new { categories = new[] { "network", "Camera", "Camera" } }, Token);
        stored.StatusCode.ShouldBe(HttpStatusCode.OK, await stored.Content.ReadAsStringAsync(Token));
        var read = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/users/{engineerId}/skills", Token);
        read.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ShouldBe(["Camera", "Network"]);

        (await engineer.PutAsJsonAsync($"/api/v1/users/{engineerId}/skills", new { categories = new[] { "Power" } }, Token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var invalid = await dispatcher.PutAsJsonAsync($"/api/v1/users/{engineerId}/skills", new { categories = new[] { "Plumbing" } }, Token);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync(Token)).ShouldContain("Plumbing");
        (await dispatcher.GetAsync("/api/v1/users/no-such-user/skills", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AutoAssign_ApiAction_AssignsOnDuty()
    {
        await using var harness = await TicketAutomationHarness.StartAsync(DatabaseProvider.Sqlite, RealNow());
        var app = harness.App;
        await app.AddUserAsync("dispatcher", [BuiltInRoles.Dispatcher], [harness.OrganizationId]);
        var engineerId = await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [harness.OrganizationId]);
        await harness.Routing.AddShiftAsync(harness.OrganizationId, engineerId);
        var ticketId = await harness.OpenTicketAsync(level: 2);
        using var dispatcher = await app.CreateClientAsAsync("dispatcher");

        var response = await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/transitions", new { action = "autoAssign" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Token));
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        ticket.GetProperty("assigneeUserId").GetString().ShouldBe(engineerId);
        ticket.GetProperty("state").GetString().ShouldBe("Assigned");
    }

    private static async Task<long> AssignNewAsync(TicketAutomationHarness harness, string userId, int level)
    {
        var id = await harness.OpenTicketAsync(level);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: userId));
        return id;
    }
}
