using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Audit;

/// <summary>Arranges and reads what the audit tests need: devices made through the API, users, and the stored entries.</summary>
internal static class AuditHarness
{
    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Starts the app on a real Kestrel port of 127.0.0.1, so that requests carry a remote address.</summary>
    public static WatchkeeperApp StartOnKestrel(TestDatabase database)
    {
        var app = new WatchkeeperApp(database);
        app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        return app;
    }

    public static async Task<long> CreateOrganizationAsync(HttpClient client, string name = "某市公安局")
    {
        var response = await client.PostAsJsonAsync("/api/v1/organizations", new { name }, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetInt64();
    }

    public static async Task<long> CreateDeviceAsync(HttpClient client, long organizationId, string code, string password = "secret-1")
    {
        var response = await client.PostAsJsonAsync("/api/v1/devices", DeviceBody(organizationId, code, "人民路口-01", password), Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetInt64();
    }

    public static object DeviceBody(long organizationId, string code, string name, string? password) => new
    {
        code,
        name,
        kind = "Camera",
        organizationId,
        ipAddress = "127.0.0.1",
        rtspUrl = "rtsp://127.0.0.1/stream1",
        userName = "admin",
        password,
    };

    public static async Task<List<AuditEntry>> EntriesAsync(WatchkeeperApp app)
    {
        await using var db = app.CreateDbContext();
        return await db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync(Cancellation);
    }

    public static async Task<JsonElement> VerifyAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Cancellation);

    /// <summary>Creates a user in one built-in role and returns a client with that user's bearer token.</summary>
    public static async Task<HttpClient> CreateUserClientAsync(WatchkeeperApp app, string userName, string role)
    {
        const string password = "Audit-Test-1";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = userName, DisplayName = userName };
            (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }

        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password }, Cancellation);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs SQL as an attacker with database access would, outside the application.</summary>
    public static async Task ExecuteSqlAsync(WatchkeeperApp app, string sql)
    {
        await using var db = app.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql, Cancellation);
    }
}
