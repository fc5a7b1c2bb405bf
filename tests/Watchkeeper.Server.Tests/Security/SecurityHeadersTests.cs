using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Security;

public sealed partial class SecurityHeadersTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly WatchkeeperApp _app = shared.App;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/css/app.css")]
    [InlineData("/healthz")]
    public async Task Response_AnonymousPath_CarriesSecurityHeaders(string path)
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ApiResponse_BearerToken_CarriesSecurityHeaders()
    {
        using var client = await _app.CreateAdminClientAsync();

        var response = await client.GetAsync("/api/v1/devices", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ImportMap_SignInPage_CarriesNonce()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = PolicyNonce().Match(policy).Groups[1].Value;
        nonce.ShouldNotBeEmpty();
        html.ShouldContain($"<script type=\"importmap\" nonce=\"{nonce}\"");
    }

    [Fact]
    public async Task Nonce_TwoRequests_Differs()
    {
        using var client = _app.CreateClient();

        var first = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var second = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        first.Headers.GetValues("Content-Security-Policy").Single().ShouldNotBe(second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Hsts_HttpRequest_IsNotSent()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task Hsts_HttpsRequest_IsSent()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
    }

    [Fact]
    public async Task SignInCookie_HttpRequest_IsNotSecure()
    {
        var cookies = await SignInCookiesAsync(_app, new Uri("http://localhost"));

        var auth = cookies.Single(c => c.StartsWith("watchkeeper.auth=", StringComparison.Ordinal));
        auth.ShouldContain("httponly");
        auth.ShouldContain("samesite=lax");
        auth.ShouldNotContain("secure");
    }

    [Fact]
    public async Task Cookies_HttpsRequest_AreSecure()
    {
        var cookies = await SignInCookiesAsync(_app, new Uri("https://localhost"));

        cookies.Single(c => c.StartsWith("watchkeeper.auth=", StringComparison.Ordinal)).ShouldContain("secure");
        cookies.Single(c => c.StartsWith("watchkeeper.antiforgery=", StringComparison.Ordinal)).ShouldContain("secure");
    }

    [Fact]
    public async Task SignInCookie_PolicyAlways_IsSecure()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Security:CookieSecurePolicy"] = "Always" });

        var cookies = await SignInCookiesAsync(app, new Uri("http://localhost"));

        cookies.Single(c => c.StartsWith("watchkeeper.auth=", StringComparison.Ordinal)).ShouldContain("secure");
        var antiforgery = cookies.Single(c => c.StartsWith("watchkeeper.antiforgery=", StringComparison.Ordinal));
        antiforgery.ShouldContain("httponly");
        antiforgery.ShouldContain("samesite=strict");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("object-src 'none'");
        policy.ShouldNotContain("'unsafe-eval'");
        PolicyDirective("script-src").Match(policy).Value.ShouldNotContain("'unsafe-inline'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        response.Headers.GetValues("Permissions-Policy").Single().ShouldContain("camera=()");
    }

    /// <summary>Signs in through the console form and returns every Set-Cookie header, lower-cased.</summary>
    private static async Task<List<string>> SignInCookiesAsync(WatchkeeperApp app, Uri baseAddress)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = baseAddress, AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = SecurityForms.SignInForm(SecurityForms.AntiforgeryTokenOf(html), WatchkeeperApp.AdminPassword),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(post, TestContext.Current.CancellationToken);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        cookies.AddRange(signedIn.Headers.GetValues("Set-Cookie"));
        return cookies.Select(c => c.ToLowerInvariant()).ToList();
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex PolicyNonce();

    private static Regex PolicyDirective(string name) => new($"{name} [^;]*");
}
