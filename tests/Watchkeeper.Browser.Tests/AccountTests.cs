using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class AccountTests
{
    [Fact]
    public async Task FirstSignIn_GeneratedPassword_MustBeChanged()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?> { ["Admin:InitialPassword"] = "" });
        var password = (await File.ReadAllTextAsync(Path.Combine(server.App.DataDirectory, "initial-admin-password.txt"))).Trim();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/devices");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**/account/change-password");

        await page.GotoAsync("/alarms");
        await page.WaitForURLAsync("**/account/change-password");

        await page.FillAsync("#current", password);
        await page.FillAsync("#new", "Changed-Pass-9");
        await page.FillAsync("#confirm", "Changed-Pass-9");
        await page.ClickAsync("[data-testid=change-password]");
        // The redirect commits at once, while the dashboard's load event may wait behind the interactive circuit.
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });

        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("admin");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsChineseError()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("[data-testid=sign-in]");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误");
    }
}
