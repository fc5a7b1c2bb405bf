using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Identity.AccountHarness;

namespace Watchkeeper.Server.Tests.Identity;

// Tests on the default settings share one server and each signs in as its own user, because starting a server
// costs seconds. The lockout tests start their own, with a lower lockout threshold.
public sealed class SignInTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly Dictionary<string, string?> s_lockAfterThree = new()
    {
        ["Identity:Lockout:MaxFailedAttempts"] = "3",
        ["Identity:Lockout:Minutes"] = "20",
    };

    [Fact]
    public async Task ConsoleSignIn_RepeatedFailures_Locks()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, s_lockAfterThree);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);

        (await AlertOf(await PostPasswordAsync(client, "engineer1", "wrong-1"))).ShouldBe("用户名或密码错误。");
        (await AlertOf(await PostPasswordAsync(client, "engineer1", "wrong-2"))).ShouldBe("用户名或密码错误。");
        var third = await AlertOf(await PostPasswordAsync(client, "engineer1", "wrong-3"));
        var rightPassword = await PostPasswordAsync(client, "engineer1", Password);

        third.ShouldContain("20 分钟");
        rightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AlertOf(rightPassword)).ShouldContain("已锁定");
        var user = await FindUserAsync(app, "engineer1");
        user.LockoutEnd.ShouldNotBeNull();
        user.LockoutEnd.Value.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(19), DateTimeOffset.UtcNow.AddMinutes(20));
    }

    [Fact]
    public async Task ConsoleSignIn_LockoutElapsed_SignsIn()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, s_lockAfterThree);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await PostPasswordAsync(client, "engineer1", "wrong");
        }

        // Identity compares the lockout end with the system clock, not TimeProvider, so the test moves the end
        // into the past instead of moving the clock forward.
        await UpdateUserAsync(app, "engineer1", user => user.LockoutEnd = DateTimeOffset.UtcNow.AddSeconds(-1));
        var response = await PostPasswordAsync(client, "engineer1", Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IsSignedInAsync(client)).ShouldBeTrue();
    }

    [Fact]
    public async Task TokenEndpoint_RepeatedFailures_Locks()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, s_lockAfterThree);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = app.CreateClient();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await RequestTokenAsync(client, "engineer1", "wrong");
        }

        var response = await RequestTokenAsync(client, "engineer1", Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("auth.locked_out");
        problem.GetProperty("detail").GetString()!.ShouldContain("20 分钟");
        problem.GetProperty("detail").GetString()!.ShouldContain("20 minutes");
    }

    [Fact]
    public async Task ConsoleSignIn_DisabledUser_ShowsDisabled()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "disabled-console", BuiltInRoles.Engineer);
        await UpdateUserAsync(app, "disabled-console", user => user.IsDisabled = true);
        using var client = CookieClient(app);

        var rightPassword = await PostPasswordAsync(client, "disabled-console", Password);
        var wrongPassword = await PostPasswordAsync(client, "disabled-console", "wrong");

        rightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AlertOf(rightPassword)).ShouldContain("已被管理员停用");
        (await AlertOf(wrongPassword)).ShouldBe("用户名或密码错误。");
        (await IsSignedInAsync(client)).ShouldBeFalse();
    }

    [Fact]
    public async Task TokenEndpoint_DisabledUser_Rejected()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "disabled-token", BuiltInRoles.Engineer);
        await UpdateUserAsync(app, "disabled-token", user => user.IsDisabled = true);

        var response = await RequestTokenAsync(app.CreateClient(), "disabled-token", Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("account.disabled");
    }

    [Fact]
    public async Task ConsoleSignIn_TwoFactorCode_SignsIn()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-console", BuiltInRoles.Engineer);
        var (key, _) = await EnableTwoFactorAsync(app, "totp-console");
        using var client = CookieClient(app);

        var codePage = await PostPasswordAsync(client, "totp-console", Password);
        var signedInAfterPassword = await IsSignedInAsync(client);
        var response = await PostCodeAsync(client, codePage, Totp.Compute(key, DateTimeOffset.UtcNow));

        codePage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await codePage.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"verify-code\"");
        signedInAfterPassword.ShouldBeFalse();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IsSignedInAsync(client)).ShouldBeTrue();
    }

    [Fact]
    public async Task ConsoleSignIn_WrongCode_ShowsError()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-console-wrong", BuiltInRoles.Engineer);
        var (key, _) = await EnableTwoFactorAsync(app, "totp-console-wrong");
        using var client = CookieClient(app);

        var codePage = await PostPasswordAsync(client, "totp-console-wrong", Password);
        var response = await PostCodeAsync(client, codePage, Totp.Wrong(key, DateTimeOffset.UtcNow));

        (await AlertOf(response)).ShouldBe("验证码或恢复码无效。");
        (await IsSignedInAsync(client)).ShouldBeFalse();
    }

    [Fact]
    public async Task ConsoleSignIn_RecoveryCode_SignsInOnce()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-recovery", BuiltInRoles.Engineer);
        var (_, recoveryCodes) = await EnableTwoFactorAsync(app, "totp-recovery");
        using var first = CookieClient(app);
        using var second = CookieClient(app);

        var firstUse = await PostCodeAsync(first, await PostPasswordAsync(first, "totp-recovery", Password), recoveryCodes[0]);
        var secondUse = await PostCodeAsync(second, await PostPasswordAsync(second, "totp-recovery", Password), recoveryCodes[0]);

        recoveryCodes.Count.ShouldBe(10);
        firstUse.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IsSignedInAsync(first)).ShouldBeTrue();
        (await AlertOf(secondUse)).ShouldBe("验证码或恢复码无效。");
    }

    [Fact]
    public async Task TokenEndpoint_TwoFactorWithoutCode_Rejected()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-token-missing", BuiltInRoles.Engineer);
        await EnableTwoFactorAsync(app, "totp-token-missing");

        var response = await RequestTokenAsync(app.CreateClient(), "totp-token-missing", Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("auth.totp_required");
    }

    [Fact]
    public async Task TokenEndpoint_TwoFactorWrongCode_Rejected()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-token-wrong", BuiltInRoles.Engineer);
        var (key, _) = await EnableTwoFactorAsync(app, "totp-token-wrong");

        var response = await RequestTokenAsync(app.CreateClient(), "totp-token-wrong", Password, Totp.Wrong(key, DateTimeOffset.UtcNow));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("auth.totp_invalid");
        (await FindUserAsync(app, "totp-token-wrong")).AccessFailedCount.ShouldBe(1);
    }

    [Fact]
    public async Task TokenEndpoint_TwoFactorWithCode_IssuesToken()
    {
        var app = await shared.GetAsync();
        await CreateUserAsync(app, "totp-token", BuiltInRoles.Engineer);
        var (key, _) = await EnableTwoFactorAsync(app, "totp-token");

        var response = await RequestTokenAsync(app.CreateClient(), "totp-token", Password, Totp.Compute(key, DateTimeOffset.UtcNow));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        (await BearerClient(app, token).GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
