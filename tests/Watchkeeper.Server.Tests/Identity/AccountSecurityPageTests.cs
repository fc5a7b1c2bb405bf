using System.Net;
using System.Text.RegularExpressions;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Identity.AccountHarness;

namespace Watchkeeper.Server.Tests.Identity;

public sealed partial class AccountSecurityPageTests
{
    [Fact]
    public async Task EnableTwoFactor_ValidCode_ShowsRecoveryCodes()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        (await PostPasswordAsync(client, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var setupPage = await PostFormAsync(client, await client.GetStringAsync("/account/security"), "two-factor-start", []);
        var key = AuthenticatorKey().Match(setupPage).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var enabledPage = await PostFormAsync(client, setupPage, "two-factor-confirm",
            new() { ["ConfirmInput.Code"] = Totp.Compute(key, DateTimeOffset.UtcNow) });

        setupPage.ShouldContain("otpauth://totp/Watchkeeper:engineer1?secret=");
        key.Length.ShouldBe(32);
        RecoveryCodes().Match(enabledPage).Groups[1].Value.Split('\n').Length.ShouldBe(10);
        enabledPage.ShouldContain("已启用两步验证，剩余 10 个恢复码");
        (await FindUserAsync(app, "engineer1")).TwoFactorEnabled.ShouldBeTrue();
        (await IsSignedInAsync(client)).ShouldBeTrue("the page refreshes the cookie after the security stamp changed");
    }

    [Fact]
    public async Task EnableTwoFactor_WrongFirstCode_StaysOff()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        (await PostPasswordAsync(client, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var setupPage = await PostFormAsync(client, await client.GetStringAsync("/account/security"), "two-factor-start", []);
        var key = AuthenticatorKey().Match(setupPage).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var page = await PostFormAsync(client, setupPage, "two-factor-confirm", new() { ["ConfirmInput.Code"] = Totp.Wrong(key, DateTimeOffset.UtcNow) });

        page.ShouldContain("验证码无效或已过期");
        (await FindUserAsync(app, "engineer1")).TwoFactorEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task CreateToken_FromPage_ShowsTokenOnce()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        (await PostPasswordAsync(client, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var created = await PostFormAsync(client, await client.GetStringAsync("/account/security"), "token-create",
            new() { ["CreateInput.Name"] = "巡检脚本", ["CreateInput.Days"] = "30", ["scope"] = "devices.view" });
        var token = NewToken().Match(created).Groups[1].Value;
        var reloaded = WebUtility.HtmlDecode(await client.GetStringAsync("/account/security"));

        token.ShouldStartWith("wkp_");
        (await BearerClient(app, token).GetAsync("/api/v1/devices")).StatusCode.ShouldBe(HttpStatusCode.OK);
        reloaded.ShouldContain("巡检脚本");
        reloaded.ShouldNotContain(token);
    }

    [Fact]
    public async Task SignOutEverywhere_FromPage_EndsSession()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await CreateUserAsync(app, "engineer1", BuiltInRoles.Engineer);
        using var client = CookieClient(app);
        (await PostPasswordAsync(client, "engineer1", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var bearer = BearerClient(app, await IssueBearerTokenAsync(app, "engineer1"));

        var form = await client.GetStringAsync("/account/security");
        var response = await client.PostAsync("/account/security", Form(form, "sign-out-everywhere", []));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IsSignedInAsync(client)).ShouldBeFalse();
        (await bearer.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> PostFormAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields)
    {
        var response = await client.PostAsync("/account/security", Form(page, formName, fields));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"POST {formName}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Form(string page, string formName, Dictionary<string, string> fields)
    {
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("data-testid=\"recovery-codes\">([^<]+)<")]
    private static partial Regex RecoveryCodes();

    [GeneratedRegex("data-testid=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();
}
