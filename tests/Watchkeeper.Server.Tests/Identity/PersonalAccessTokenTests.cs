using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Identity.AccountHarness;

namespace Watchkeeper.Server.Tests.Identity;

// The validation cases and malformed tokens share one server, because starting one costs seconds and a rejected
// request writes nothing.
public sealed class PersonalAccessTokenTests(SharedApps shared) : IClassFixture<SharedApps>
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Create_ValidRequest_TokenWorksAndListHidesSecret(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var owner = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));

        var created = await CreateTokenAsync(owner, ["devices.view", "alarms.view"]);
        using var script = BearerClient(app, created.GetProperty("token").GetString()!);
        var devices = await script.GetAsync("/api/v1/devices");
        var list = await owner.GetFromJsonAsync<JsonElement>("/api/v1/tokens");

        created.GetProperty("token").GetString()!.ShouldStartWith("wkp_" + created.GetProperty("prefix").GetString() + "_");
        devices.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.GetArrayLength().ShouldBe(1);
        var listed = list[0];
        listed.TryGetProperty("token", out _).ShouldBeFalse();
        listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["alarms.view", "devices.view"]);
        listed.GetProperty("state").GetString().ShouldBe("Active");
        listed.GetProperty("lastUsedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Authorize_TokenWithDevicesView_DeniesDevicesCreate()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "lead1", BuiltInRoles.TeamLead);
        using var owner = BearerClient(app, await IssueBearerTokenAsync(app, "lead1"));
        var token = (await CreateTokenAsync(owner, ["devices.view"])).GetProperty("token").GetString()!;

        // NOTE: the device endpoints carry no RequirePermission yet, so the check runs the real authentication
        // handler and permission policies through IAuthorizationService instead of over HTTP.
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        var authenticated = await context.AuthenticateAsync(IdentitySetup.CookieOrBearer);
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var create = await authorization.AuthorizeAsync(authenticated.Principal!, PermissionPolicy.Name(Capability.Devices, PermissionAction.Create));
        var view = await authorization.AuthorizeAsync(authenticated.Principal!, PermissionPolicy.Name(Capability.Devices, PermissionAction.View));

        authenticated.Succeeded.ShouldBeTrue();
        create.Succeeded.ShouldBeFalse("the team lead may create devices, but the token is limited to devices.view");
        view.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Create_ScopeNotHeld_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "viewer1", BuiltInRoles.Viewer);
        using var owner = BearerClient(app, await IssueBearerTokenAsync(app, "viewer1"));

        var response = await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "脚本", scopes = new[] { "devices.view", "devices.create" }, expiresAt = DateTimeOffset.UtcNow.AddDays(30) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("token.scopes.not_held");
        problem.GetProperty("detail").GetString()!.ShouldContain("devices.create");
    }

    [Theory]
    [InlineData("[]", "token.scopes.missing")]
    [InlineData("[\"devices.fly\"]", "token.scopes.unknown")]
    public async Task Create_BadScopes_Rejected(string scopes, string code)
    {
        var app = await shared.GetAsync();
        using var admin = await app.CreateAdminClientAsync();

        var body = $$"""{"name":"脚本","scopes":{{scopes}},"expiresAt":"{{DateTimeOffset.UtcNow.AddDays(30):O}}"}""";
        var response = await admin.PostAsync("/api/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    [Theory]
    [InlineData(null, "token.expiry.missing")]
    [InlineData(-1, "token.expiry.past")]
    [InlineData(31, "token.expiry.too_far")]
    public async Task Create_BadExpiry_Rejected(int? days, string code)
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Identity:PersonalAccessTokens:MaxDays"] = "30" });
        using var admin = await app.CreateAdminClientAsync();

        var expiresAt = days is { } d ? DateTimeOffset.UtcNow.AddDays(d) : (DateTimeOffset?)null;
        var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "脚本", scopes = new[] { "devices.view" }, expiresAt });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task Use_RevokedToken_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        var created = await CreateTokenAsync(admin, ["devices.view"]);
        using var script = BearerClient(app, created.GetProperty("token").GetString()!);
        (await script.GetAsync("/api/v1/devices")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoke = await admin.DeleteAsync($"/api/v1/tokens/{created.GetProperty("id").GetInt64()}");
        var afterRevoke = await script.GetAsync("/api/v1/devices");

        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        afterRevoke.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterRevoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("revoked");
    }

    [Fact]
    public async Task Use_ExpiredToken_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        var created = await CreateTokenAsync(admin, ["devices.view"]);
        await using (var db = app.CreateDbContext())
        {
            var token = await db.PersonalAccessTokens.SingleAsync();
            token.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }

        var response = await BearerClient(app, created.GetProperty("token").GetString()!).GetAsync("/api/v1/devices");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("expired");
    }

    [Fact]
    public async Task Use_WrongSecretRightPrefix_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        var text = (await CreateTokenAsync(admin, ["devices.view"])).GetProperty("token").GetString()!;
        var forged = text[..^1] + (text[^1] == 'a' ? 'b' : 'a');

        var response = await BearerClient(app, forged).GetAsync("/api/v1/devices");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Theory]
    [InlineData("wkp_")]
    [InlineData("wkp_abc_def")]
    [InlineData("wkp_ABCDEFGHIJ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Use_MalformedToken_Rejected(string text)
    {
        var app = await shared.GetAsync();

        var response = await BearerClient(app, text).GetAsync("/api/v1/devices");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("malformed");
    }

    [Fact]
    public async Task Use_DisabledOwner_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var owner = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));
        var text = (await CreateTokenAsync(owner, ["devices.view"])).GetProperty("token").GetString()!;

        await UpdateUserAsync(app, "engineer1", user => user.IsDisabled = true);
        var response = await BearerClient(app, text).GetAsync("/api/v1/devices");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("disabled");
    }

    [Fact]
    public async Task CreateWithPersonalAccessToken_Forbidden()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        using var script = BearerClient(app, (await CreateTokenAsync(admin, ["devices.view"])).GetProperty("token").GetString()!);

        var response = await script.PostAsJsonAsync("/api/v1/tokens", new { name = "更宽的令牌", scopes = new[] { "users.administer" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Revoke_OtherUsersToken_NotFound()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var admin = await app.CreateAdminClientAsync();
        var id = (await CreateTokenAsync(admin, ["devices.view"])).GetProperty("id").GetInt64();
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var other = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));

        var response = await other.DeleteAsync($"/api/v1/tokens/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> CreateTokenAsync(HttpClient client, string[] scopes)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "巡检脚本", scopes, expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
