using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class OrganizationConsoleTests
{
    [Fact]
    public async Task Organizations_AddChildRenameDelete_UpdatesTree()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var city = await new TestLedger(server.App).AddOrganizationAsync("某市公安局");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/organizations");

        await page.ClickAsync($"[data-testid=organization-row][data-organization-id='{city}'] [data-testid=organization-add-child]");
        await page.FillAsync("[data-testid=organization-dialog] input", "城区分局");
        await page.ClickAsync("[data-testid=organization-save]");
        var child = page.Locator("[data-testid=organization-row][data-organization-name='城区分局']");
        await Assertions.Expect(child).ToBeVisibleAsync();

        await child.Locator("[data-testid=organization-rename]").ClickAsync();
        await page.FillAsync("[data-testid=organization-dialog] input", "城东分局");
        await page.ClickAsync("[data-testid=organization-save]");
        var renamed = page.Locator("[data-testid=organization-row][data-organization-name='城东分局']");
        await Assertions.Expect(renamed).ToBeVisibleAsync();

        await renamed.Locator("[data-testid=organization-delete]").ClickAsync();
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(renamed).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid=organization-row][data-organization-id='{city}'] [data-testid=organization-delete]")).ToBeEnabledAsync();
    }
}
