using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.TwoFactor;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Identity;

/// <summary>Creates users and signs them in through the real sign-in form and token endpoint.</summary>
public static partial class AccountHarness
{
    public const string Password = "User-Pass-42";

    public static async Task<string> CreateUserAsync(WatchkeeperApp app, string userName, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }

        return user.Id;
    }

    public static async Task UpdateUserAsync(WatchkeeperApp app, string userName, Action<ApplicationUser> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}");
        change(user);
        (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
    }

    public static async Task<ApplicationUser> FindUserAsync(WatchkeeperApp app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}");
    }

    /// <summary>Turns two-factor on through the service the account page uses; returns the authenticator key and recovery codes.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(WatchkeeperApp app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}");
        var setup = await twoFactor.GetSetupAsync(user, renew: false);
        var enabled = await twoFactor.EnableAsync(user, Totp.Compute(setup.SharedKey, DateTimeOffset.UtcNow));
        enabled.IsSuccess.ShouldBeTrue();
        return (setup.SharedKey, enabled.Value);
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string userName, string password, string? totp = null) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password, totp });

    public static async Task<string> IssueBearerTokenAsync(WatchkeeperApp app, string userName, string password = Password)
    {
        var response = await RequestTokenAsync(app.CreateClient(), userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    public static HttpClient BearerClient(WatchkeeperApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient CookieClient(WatchkeeperApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the first step of the sign-in form; a redirect means signed in, a page means an error or the code step.</summary>
    public static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryTokenOf(form),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Posts the second step, with the antiforgery token of the page the first step returned.</summary>
    public static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, HttpResponseMessage codePage, string code) =>
        await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login-code",
            ["__RequestVerificationToken"] = AntiforgeryTokenOf(await codePage.Content.ReadAsStringAsync()),
            ["CodeInput.Code"] = code,
        }));

    /// <summary>Returns the error the sign-in page shows, decoded.</summary>
    public static async Task<string> AlertOf(HttpResponseMessage page)
    {
        var html = await page.Content.ReadAsStringAsync();
        var match = Alert().Match(html);
        match.Success.ShouldBeTrue($"no error on the page: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<bool> IsSignedInAsync(HttpClient client) =>
        (await client.GetAsync("/api/v1/tokens")).StatusCode == HttpStatusCode.OK;

    private static string AntiforgeryTokenOf(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex Alert();

    private sealed record TokenBody(string AccessToken);
}
