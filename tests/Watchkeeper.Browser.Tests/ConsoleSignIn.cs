using Microsoft.Playwright;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public static class ConsoleSignIn
{
    /// <summary>Signs in as the admin through the sign-in form and waits for the console to open.</summary>
    public static async Task SignInAsync(this IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", WatchkeeperApp.AdminPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        // Waiting for the redirect to commit is enough: every test opens its page next, and the dashboard's own
        // load event can be slow while the other test projects share the cores.
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
    }

    /// <summary>Opens a console page and waits until its interactive circuit runs, so that clicks reach the server.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid=console-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }
}
