using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Browser.Tests;

public sealed class UserAdminConsoleTests
{
    [Fact]
    public async Task UsersPage_CreateEngineerThenDisable_RowShowsDisabled()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/admin/users");

        await page.ClickAsync("[data-testid=user-create]");
        await page.FillAsync("input[data-testid=user-name]", "li.na");
        await page.FillAsync("input[data-testid=user-display-name]", "李娜");
        await page.FillAsync("input[data-testid=user-password]", "Initial-Pass-1");
        await page.ClickAsync("input[data-testid=user-roles]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "工程师" }).First.ClickAsync();
        await CloseOpenPopoverAsync(page);
        await page.ClickAsync("[data-testid=user-save]");

        var row = page.Locator("[data-testid=user-row][data-user-name='li.na']");
        await Assertions.Expect(row).ToContainTextAsync("工程师");
        await row.Locator("[data-testid=user-disable]").ClickAsync();
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(row.Locator("[data-testid=user-state]")).ToContainTextAsync("已停用");
    }

    [Fact]
    public async Task RolesPage_ToggleViewerPermission_Saved()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/admin/roles");

        await page.ClickAsync("[data-testid=role-item][data-role-name=Viewer]");
        var export = page.Locator("input[data-testid=role-permission][data-permission='devices.export']");
        await Assertions.Expect(page.Locator("input[data-testid=role-permission][data-permission='devices.view']")).ToBeCheckedAsync();
        await export.CheckAsync();
        await page.ClickAsync("[data-testid=role-save]");

        await Assertions.Expect(page.Locator("[data-testid=role-item][data-role-name=Viewer]")).ToContainTextAsync("15 项权限");
    }

    /// <summary>
    /// Closes the roles multi-select's list, which stays open after a pick and covers the dialog's buttons. Escape can
    /// arrive before the list has focus on a loaded machine, so it is pressed again until the list is gone.
    /// </summary>
    private static async Task CloseOpenPopoverAsync(IPage page)
    {
        var openList = page.Locator(".mud-popover-open .mud-list-item").First;
        for (var attempt = 0; attempt < 5 && await openList.CountAsync() > 0; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await openList.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 2000 });
            }
            catch (TimeoutException)
            {
                // Still open: press Escape again.
            }
        }

        if (await openList.CountAsync() > 0)
        {
            await page.ClickAsync(".mud-dialog-title");
        }
    }
}
