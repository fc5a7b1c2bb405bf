using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.ServiceContracts;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.ServiceContracts;

/// <summary>A server with an admin client, an observer that records policy changes, and helpers that arrange data through the API.</summary>
internal sealed class ContractHarness : IAsyncDisposable
{
    public const string UserPassword = "Contract-User-1";

    private readonly TestDatabase _database;

    private ContractHarness(TestDatabase database, WatchkeeperApp app, HttpClient admin, RecordingObserver observer)
    {
        _database = database;
        App = app;
        Admin = admin;
        Observer = observer;
    }

    public WatchkeeperApp App { get; }

    public HttpClient Admin { get; }

    public RecordingObserver Observer { get; }

    public ISlaPolicies Policies => App.Services.GetRequiredService<ISlaPolicies>();

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ContractHarness> StartAsync(DatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        var observer = new RecordingObserver();
        var app = new WatchkeeperApp(database, configureServices: services => services.AddSingleton<ISlaPolicyObserver>(observer));
        return new ContractHarness(database, app, await app.CreateAdminClientAsync(), observer);
    }

    public async Task<long> CreateOrganizationAsync(string name, long? parentId = null) =>
        (await SendAsync(Admin, HttpMethod.Post, "/api/v1/organizations", new { name, parentId }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    /// <summary>Creates a user with one role and the given organizations, and returns the user's id.</summary>
    public async Task<string> CreateUserAsync(string userName, string role, params long[] organizationIds)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName };
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

    /// <summary>Creates a contract over 2026 and returns its id.</summary>
    public async Task<long> CreateContractAsync(string number, long organizationId, string level = "Standard", string start = "2026-01-01",
        string end = "2026-12-31") =>
        (await SendAsync(Admin, HttpMethod.Post, "/api/v1/contracts",
            new { number, name = $"{number} 视频监控运维服务", organizationId, startDate = start, endDate = end, level }, HttpStatusCode.Created))
        .GetProperty("id").GetInt64();

    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Get, path, null, expected);

    /// <summary>Returns the field of every error in a problem response, the first one included.</summary>
    public static List<string> ErrorFields(JsonElement problem) => problem.TryGetProperty("errors", out var errors)
        ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString() ?? "").ToList()
        : [problem.GetProperty("field").GetString() ?? ""];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>Records every change notification, as the ticket code's observer would receive them.</summary>
    public sealed class RecordingObserver : ISlaPolicyObserver
    {
        public ConcurrentQueue<IReadOnlyList<long>> Calls { get; } = new();

        public Task PolicyChangedAsync(IReadOnlyList<long> policyIds, CancellationToken cancellationToken)
        {
            Calls.Enqueue(policyIds);
            return Task.CompletedTask;
        }
    }
}
