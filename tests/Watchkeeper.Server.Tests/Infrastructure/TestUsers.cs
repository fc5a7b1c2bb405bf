using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>Creates users with roles and organizations, and API clients that act as them.</summary>
public static class TestUsers
{
    public const string Password = "Test-User-1";

    /// <summary>Adds a user who may sign in at once (no forced password change) and returns the user's id.</summary>
    public static async Task<string> AddUserAsync(this WatchkeeperApp app, string userName, IEnumerable<string> roles, IEnumerable<long>? organizationIds = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue(role);
        }

        var db = scope.ServiceProvider.GetRequiredService<WatchkeeperDbContext>();
        foreach (var organizationId in organizationIds ?? [])
        {
            db.UserOrganizations.Add(new UserOrganization { UserId = user.Id, OrganizationId = organizationId });
        }

        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A client that sends a bearer token of the given user (created with <see cref="Password"/>).</summary>
    public static async Task<HttpClient> CreateClientAsAsync(this WatchkeeperApp app, string userName, string password = Password)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private sealed record TokenBody(string AccessToken);
}
