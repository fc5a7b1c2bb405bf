using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Security;

// Tests that write nothing, or only rows that no other test counts, share one server, because starting one costs
// seconds. Tests that assert on all organizations start their own.
public sealed class AntiforgeryTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private const string HeaderName = "X-CSRF-TOKEN";

    [Fact]
    public async Task CookiePost_WithoutToken_Returns400NamingHeader()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await ConsoleBrowser.SignInAsync(app);

        var response = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "人民路派出所" }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("code").GetString().ShouldBe("security.antiforgery.missing");
        problem.GetProperty("detail").GetString()!.ShouldContain(HeaderName);
        problem.GetProperty("detail").GetString()!.ShouldContain("防伪令牌");
        await AssertNoOrganizationAsync(app);
    }

    [Fact]
    public async Task CookiePost_WithToken_Succeeds()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await ConsoleBrowser.SignInAsync(app);
        var token = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery", TestContext.Current.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations") { Content = JsonContent.Create(new { name = "人民路派出所" }) };
        request.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        token.GetProperty("headerName").GetString().ShouldBe(HeaderName);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CookieDelete_ForgedToken_Returns400()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var organization = await new TestLedger(app).AddOrganizationAsync("人民路派出所");
        using var client = await ConsoleBrowser.SignInAsync(app);

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/organizations/{organization}");
        request.Headers.Add(HeaderName, "not-a-token");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("security.antiforgery.invalid");
    }

    [Fact]
    public async Task BearerPost_WithoutToken_Succeeds()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "人民路派出所" }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CookieGet_WithoutToken_Succeeds()
    {
        var app = await shared.GetAsync();
        using var client = await ConsoleBrowser.SignInAsync(app);

        var response = await client.GetAsync("/api/v1/organizations", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignInForm_WithoutToken_IsRejected()
    {
        var app = await shared.GetAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken);

        var response = await client.PostAsync("/account/login", SecurityForms.SignInForm(null, WatchkeeperApp.AdminPassword), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task SignOutForm_WithoutToken_IsRejected()
    {
        var app = await shared.GetAsync();
        using var client = await ConsoleBrowser.SignInAsync(app);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }),
            TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/organizations", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOutForm_WithToken_SignsOut()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await ConsoleBrowser.SignInAsync(app);
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SecurityForms.AntiforgeryTokenOf(page),
            ["returnUrl"] = "/",
        }), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/api/v1/organizations", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task AssertNoOrganizationAsync(WatchkeeperApp app)
    {
        await using var db = app.CreateDbContext();
        db.Organizations.Count().ShouldBe(0);
    }
}
