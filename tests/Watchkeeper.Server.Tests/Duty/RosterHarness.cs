using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Duty;

/// <summary>A server with an admin client, and helpers that arrange organizations, users and teams through the API.</summary>
internal sealed class RosterHarness : IAsyncDisposable
{
    public const string UserPassword = "Duty-User-1";

    private readonly TestDatabase _database;

    private RosterHarness(TestDatabase database, WatchkeeperApp app, HttpClient admin)
    {
        _database = database;
        App = app;
        Admin = admin;
    }

    public WatchkeeperApp App { get; }

    public HttpClient Admin { get; }

    public static async Task<RosterHarness> StartAsync(DatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        var app = new WatchkeeperApp(database);
        return new RosterHarness(database, app, await app.CreateAdminClientAsync());
    }

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async Task<long> CreateOrganizationAsync(string name, long? parentId = null) =>
        (await PostAsync(Admin, "/api/v1/organizations", new { name, parentId }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    /// <summary>Creates a user with one role and the given organizations, and returns the user's id.</summary>
    public async Task<string> CreateUserAsync(string userName, string role, params long[] organizationIds)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName, PhoneNumber = "13800000000" };
        (await users.CreateAsync(user, UserPassword)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();

        var db = scope.ServiceProvider.GetRequiredService<WatchkeeperDbContext>();
        db.UserOrganizations.AddRange(organizationIds.Select(id => new UserOrganization { UserId = user.Id, OrganizationId = id }));
        await db.SaveChangesAsync(Cancellation);
        return user.Id;
    }

    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = UserPassword }, Cancellation);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Creates a team with the usual 白班 08:00–20:00 and 夜班 20:00–08:00 templates.</summary>
    public async Task<long> CreateTeamAsync(string name, long organizationId, string leaderUserId, params object[] templates)
    {
        object[] usual = [new { name = "白班", start = "08:00", end = "20:00" }, new { name = "夜班", start = "20:00", end = "08:00" }];
        var body = new { name, organizationId, leaderUserId, memberUserIds = new[] { leaderUserId }, templates = templates.Length > 0 ? templates : usual };
        return (await PostAsync(Admin, "/api/v1/duty-roster/teams", body, HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        _database.Dispose();
    }
}
