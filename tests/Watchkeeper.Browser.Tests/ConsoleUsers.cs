using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>Console users and roles, created through the app's own Identity stores.</summary>
public static class ConsoleUsers
{
    public const string Password = "Test-User-1";

    /// <summary>Creates a user in the role and the organizations, with a password that need not be changed; returns the user id.</summary>
    public static async Task<string> CreateUserAsync(this WatchkeeperApp app, string userName, string role, params long[] organizationIds)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName, MustChangePassword = false, CreatedAt = TestLedger.Start };
        (await users.CreateAsync(user, Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();

        await using var db = app.CreateDbContext();
        foreach (var organizationId in organizationIds)
        {
            db.UserOrganizations.Add(new UserOrganization { UserId = user.Id, OrganizationId = organizationId });
        }

        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Creates a role that is not built in, with exactly the given permissions, e.g. <c>settings.view</c>.</summary>
    public static async Task CreateRoleAsync(this WatchkeeperApp app, string name, params string[] permissions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<ApplicationRole>>();
        var role = new ApplicationRole { Name = name, DisplayName = name };
        (await roles.CreateAsync(role)).Succeeded.ShouldBeTrue();
        foreach (var permission in permissions)
        {
            (await roles.AddClaimAsync(role, new Claim(AccessClaims.Permission, permission))).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>
    /// Moves the user from one role to another, then drops the cached access as the users API does, so that the
    /// next console event reads the new permissions.
    /// </summary>
    public static async Task ChangeRoleAsync(this WatchkeeperApp app, string userId, string from, string to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        user.ShouldNotBeNull();
        (await users.RemoveFromRoleAsync(user, from)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, to)).Succeeded.ShouldBeTrue();
        app.Services.GetRequiredService<UserAccessService>().Invalidate(userId);
    }

    /// <summary>Signs in through the sign-in form as a user of <see cref="CreateUserAsync"/>.</summary>
    public static async Task SignInAsAsync(this IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
    }
}
