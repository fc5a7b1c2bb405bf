using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Identity;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class TwoFactorSignInTests
{
    [Fact]
    public async Task SignIn_TwoFactorUser_AsksForCode()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await AccountHarness.CreateUserAsync(server.App, "engineer1", BuiltInRoles.Engineer);
        var (key, _) = await AccountHarness.EnableTwoFactorAsync(server.App, "engineer1");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", "engineer1");
        await page.FillAsync("#password", AccountHarness.Password);
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("#code")).ToBeVisibleAsync();
        await page.FillAsync("#code", Totp.Compute(key, DateTimeOffset.UtcNow));
        await page.ClickAsync("[data-testid=verify-code]");
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });

        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("engineer1");
    }

    [Fact]
    public async Task SignIn_WrongCode_ShowsChineseError()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await AccountHarness.CreateUserAsync(server.App, "engineer1", BuiltInRoles.Engineer);
        var (key, _) = await AccountHarness.EnableTwoFactorAsync(server.App, "engineer1");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", "engineer1");
        await page.FillAsync("#password", AccountHarness.Password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.FillAsync("#code", Totp.Wrong(key, DateTimeOffset.UtcNow));
        await page.ClickAsync("[data-testid=verify-code]");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("验证码或恢复码无效");
        await Assertions.Expect(page.Locator("#code")).ToBeVisibleAsync();
    }
}
