using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Security;

public sealed class RateLimitTests
{
    private static readonly Dictionary<string, string?> LowLimits = new()
    {
        ["Security:RateLimits:SignIn:PermitLimit"] = "2",
        ["Security:RateLimits:SignIn:WindowSeconds"] = "600",
        ["Security:RateLimits:Token:PermitLimit"] = "2",
        ["Security:RateLimits:Token:WindowSeconds"] = "600",
    };

    [Fact]
    public async Task TokenRequest_OverLimit_Returns429WithRetryAfter()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, LowLimits);
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
        var retryAfter = last!.Headers.RetryAfter?.Delta;
        retryAfter.ShouldNotBeNull();
        retryAfter.Value.TotalSeconds.ShouldBeInRange(1, 600);
        var problem = await last.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("code").GetString().ShouldBe("security.rate_limited");
        problem.GetProperty("detail").GetString()!.ShouldContain("请求过于频繁");
        problem.GetProperty("detail").GetString()!.ShouldContain("Too many requests");
    }

    [Fact]
    public async Task SignInPost_OverLimit_Returns429()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, LowLimits);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = SecurityForms.AntiforgeryTokenOf(await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.PostAsync("/account/login", SecurityForms.SignInForm(token, "Wrong-Password-1"), TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        last!.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task SignInPage_OverLimit_StillLoads()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, LowLimits);
        using var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        }

        var page = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenRequest_LimitsDisabled_NeverReturns429()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(LowLimits) { ["Security:RateLimits:Enabled"] = "false" };
        await using var app = new WatchkeeperApp(database, settings);
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody", password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldAllBe(status => status == HttpStatusCode.Unauthorized);
    }
}
