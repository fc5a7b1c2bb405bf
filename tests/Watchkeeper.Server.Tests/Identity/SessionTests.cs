using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Identity.Sessions;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Identity.AccountHarness;

namespace Watchkeeper.Server.Tests.Identity;

public sealed class SessionTests
{
    [Fact]
    public async Task CookieSession_IdleLongerThanSetting_Expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Identity:SessionIdleMinutes"] = "30" },
            services => services.AddSingleton<TimeProvider>(time));
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        (await PostPasswordAsync(client, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        time.Advance(TimeSpan.FromMinutes(20));
        var afterTwenty = await IsSignedInAsync(client);
        time.Advance(TimeSpan.FromMinutes(20));
        var afterForty = await IsSignedInAsync(client);
        time.Advance(TimeSpan.FromMinutes(31));
        var afterIdle = await IsSignedInAsync(client);

        afterTwenty.ShouldBeTrue();
        afterForty.ShouldBeTrue("each request slides the expiry forward");
        afterIdle.ShouldBeFalse();
    }

    [Fact]
    public async Task SignOutEverywhere_EndsCookieAfterStampCheck()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Identity:SecurityStampCheckSeconds"] = "60" },
            services => services.AddSingleton<TimeProvider>(time));
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var cookie = CookieClient(app);
        (await PostPasswordAsync(cookie, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var bearer = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));

        var signOut = await bearer.PostAsync("/api/v1/account/sign-out-everywhere", null);
        time.Advance(TimeSpan.FromSeconds(61));

        signOut.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await IsSignedInAsync(cookie)).ShouldBeFalse();
    }

    [Fact]
    public async Task SignOutEverywhere_RejectsEarlierBearerToken()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var earlier = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));
        using var caller = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));
        (await IsSignedInAsync(earlier)).ShouldBeTrue();

        (await caller.PostAsync("/api/v1/account/sign-out-everywhere", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var later = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));

        (await earlier.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await caller.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IsSignedInAsync(later)).ShouldBeTrue();
    }

    [Fact]
    public async Task AccountSessions_OtherUser_EndsTheirCookie()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, configureServices: services => services.AddSingleton<TimeProvider>(time));
        var userId = await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var cookie = CookieClient(app);
        (await PostPasswordAsync(cookie, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AccountSessions>().SignOutEverywhereAsync(userId)).IsSuccess.ShouldBeTrue();
        }

        time.Advance(TimeSpan.FromSeconds(new AccountOptions().SecurityStampCheckSeconds + 1));
        (await IsSignedInAsync(cookie)).ShouldBeFalse();
    }

    [Fact]
    public async Task AccountSessions_UnknownUser_ReturnsNotFound()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AccountSessions>().SignOutEverywhereAsync("no-such-user");

        result.Error!.Code.ShouldBe("user.not_found");
    }
}
