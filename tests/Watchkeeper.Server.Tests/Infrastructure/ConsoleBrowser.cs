using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// An HTTP client that signs in through the console's sign-in form and reads pages as the server prerenders
/// them, for tests of what a page shows before its interactive circuit starts.
/// </summary>
public static partial class ConsoleBrowser
{
    /// <summary>Returns a client holding a user's sign-in cookie (the admin's by default), and the culture cookie when one is given.</summary>
    public static async Task<HttpClient> SignInAsync(WatchkeeperApp app, string? culture = null, string userName = "admin",
        string password = WatchkeeperApp.AdminPassword)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (culture is not null)
        {
            (await client.GetAsync($"/culture/set?culture={culture}&redirectUri=%2F")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Returns the prerendered HTML of a console page, decoded so that tests can search its text.</summary>
    public static async Task<string> GetPageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
