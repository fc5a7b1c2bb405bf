using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Access;

public sealed class UserApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Create_WithRolesOrganizationsContacts_ReturnsUserWithoutSecrets(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var station = await new TestLedger(app).AddOrganizationAsync("人民路派出所");
        using var admin = await app.CreateAdminClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName = "zhang.wei", displayName = "张伟", password = "Initial-Pass-1", roles = new[] { "Engineer" },
            organizationIds = new[] { station },
            contacts = new { mobile = "+86 138 0013 8000", email = "zhang.wei@example.com", dingTalkId = "dt-001", weComId = "wc-001", feishuId = "fs-001" },
        }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var text = await response.Content.ReadAsStringAsync(Token);
        text.ShouldNotContain("Initial-Pass-1");
        text.ShouldNotContain("passwordHash", Case.Insensitive);
        var user = JsonDocument.Parse(text).RootElement;
        user.GetProperty("roles")[0].GetString().ShouldBe("Engineer");
        user.GetProperty("organizationIds")[0].GetInt64().ShouldBe(station);
        user.GetProperty("contacts").GetProperty("dingTalkId").GetString().ShouldBe("dt-001");
        user.GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Create_WeakPassword_BilingualError()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "weak", password = "short", roles = Array.Empty<string>() }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Token)).ShouldContain("密码太短");
    }

    [Fact]
    public async Task Create_RoleBeyondCallersPermissions_Forbidden()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var root = await new TestLedger(app).AddOrganizationAsync("某市公安局");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A team lead who may also create users, but not hand out the Administrator role.
            var roles = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<ApplicationRole>>();
            var teamLead = await roles.FindByNameAsync(BuiltInRoles.TeamLead);
            await roles.AddClaimAsync(teamLead!, new System.Security.Claims.Claim(AccessClaims.Permission, "users.create"));
        }

        await app.AddUserAsync("lead", [BuiltInRoles.TeamLead], [root]);
        using var lead = await app.CreateClientAsAsync("lead");

        var response = await lead.PostAsJsonAsync("/api/v1/users", new
        {
            userName = "climber", password = "Initial-Pass-1", roles = new[] { "Administrator" }, organizationIds = new[] { root },
        }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Token)).ShouldContain("user.role.not_grantable");
    }

    [Fact]
    public async Task Disable_LastAdministrator_Conflict()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var second = await app.AddUserAsync("second-admin", [BuiltInRoles.Administrator]);
        using var secondAdmin = await app.CreateClientAsAsync("second-admin");
        using var admin = await app.CreateAdminClientAsync();
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?search=admin", Token)).GetProperty("items")
            .EnumerateArray().First(u => u.GetProperty("userName").GetString() == "admin").GetProperty("id").GetString();

        (await secondAdmin.PostAsync($"/api/v1/users/{adminId}/disable", null, Token)).EnsureSuccessStatusCode();
        var response = await secondAdmin.PostAsync($"/api/v1/users/{second}/disable", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_ScopedCaller_OwnOrganizationsOnly()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var root = await ledger.AddOrganizationAsync("某市公安局");
        var east = await ledger.AddOrganizationAsync("东区分局", root);
        var west = await ledger.AddOrganizationAsync("西区分局", root);
        await app.AddUserAsync("east-lead", [BuiltInRoles.TeamLead], [east]);
        await app.AddUserAsync("east-engineer", [BuiltInRoles.Engineer], [east]);
        var westEngineer = await app.AddUserAsync("west-engineer", [BuiltInRoles.Engineer], [west]);
        using var lead = await app.CreateClientAsAsync("east-lead");

        var list = await lead.GetFromJsonAsync<JsonElement>("/api/v1/users", Token);
        var byId = await lead.GetAsync($"/api/v1/users/{westEngineer}", Token);

        list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()).Order()
            .ShouldBe(["east-engineer", "east-lead"]);
        byId.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RoleUpdate_RemovesPermission_AppliesToNextRequest()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await app.AddUserAsync("viewer", [BuiltInRoles.Viewer]);
        using var viewer = await app.CreateClientAsAsync("viewer");
        using var admin = await app.CreateAdminClientAsync();
        (await viewer.GetAsync("/api/v1/devices", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var role = await admin.GetFromJsonAsync<JsonElement>("/api/v1/roles/Viewer", Token);
        var kept = role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Where(p => p != "devices.view").ToArray();

        (await admin.PutAsJsonAsync("/api/v1/roles/Viewer", new { permissions = kept }, Token)).EnsureSuccessStatusCode();

        (await viewer.GetAsync("/api/v1/devices", Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CustomRole_CreateAssignDelete_Works()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/roles", new { name = "NightAuditor", displayName = "夜间巡查", permissions = new[] { "alarms.view", "devices.view" } }, Token);
        var unknown = await admin.PostAsJsonAsync("/api/v1/roles", new { name = "Broken", permissions = new[] { "devices.fly" } }, Token);
        var builtIn = await admin.DeleteAsync("/api/v1/roles/Viewer", Token);
        var deleted = await admin.DeleteAsync("/api/v1/roles/NightAuditor", Token);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        builtIn.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Roles_List_HasEveryBuiltInName()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();

        var roles = await admin.GetFromJsonAsync<JsonElement>("/api/v1/roles", Token);

        roles.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(
        [
            "Administrator", "Dispatcher", "Engineer", "TeamLead", "ProjectManager", "ResidentEngineer", "VendorDeveloper",
            "BusinessDepartment", "TechnicalManagementUnit", "Leadership", "Viewer",
        ]);
    }
}
