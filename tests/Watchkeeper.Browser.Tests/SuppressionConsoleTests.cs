using System.Globalization;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class SuppressionConsoleTests
{
    [Fact]
    public async Task WindowsPage_NewWeeklyWindow_IsListed()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await new TestLedger(server.App).AddOrganizationAsync("城区分局");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/alarms/maintenance-windows");
        await Assertions.Expect(page.Locator("[data-testid=windows-empty]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=window-new]");
        await page.FillAsync(Input("window-name"), "每周例行巡检");
        await page.FillAsync(Input("window-reason"), "交换机巡检重启");
        var end = DateTime.UtcNow.AddDays(90).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        await page.FillAsync(Input("window-end"), end);
        await page.Locator(Input("window-end")).BlurAsync();

        // The cron field previews its next occurrences and explains an invalid expression.
        await ChooseAsync(page, "window-recurrence", "cron 表达式");
        await page.FillAsync(Input("window-cron"), "0 25 * * *");
        await page.Locator(Input("window-cron")).BlurAsync();
        await Assertions.Expect(page.Locator("[data-testid=window-preview-error]")).ToContainTextAsync("0 25 * * *");
        await page.FillAsync(Input("window-cron"), "0 2 * * 0");
        await page.Locator(Input("window-cron")).BlurAsync();
        await Assertions.Expect(page.Locator("[data-testid=window-preview-item]")).ToHaveCountAsync(5);

        await ChooseAsync(page, "window-recurrence", "每周");
        await page.FillAsync(Input("window-start-time"), "03:00");
        await page.Locator(Input("window-start-time")).BlurAsync();
        await page.ClickAsync("[data-testid=window-day][data-day=Wednesday]");
        await page.ClickAsync("[data-testid=window-day][data-day=Sunday]");
        var preview = page.Locator("[data-testid=window-preview-item]");
        await Assertions.Expect(preview).ToHaveCountAsync(5);

        // The first occurrence may be cut short by the window's start (the next full hour), so the second is checked.
        await Assertions.Expect(preview.Nth(1)).ToContainTextAsync("03:00");
        await page.ClickAsync("[data-testid=window-organization]");
        await page.ClickAsync("[data-testid=organization-option]");
        await page.ClickAsync("[data-testid=window-save]");

        var row = page.Locator("[data-testid=window-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("每周例行巡检");
        await Assertions.Expect(row.Locator("[data-testid=window-schedule]")).ToContainTextAsync("星期三、星期日 03:00");
        await Assertions.Expect(row).ToContainTextAsync("城区分局");
    }

    [Fact]
    public async Task SilencesPage_NewSilence_ListedThenExpired()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await new TestLedger(server.App).AddOrganizationAsync("城区分局");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/alarms/silences");
        await Assertions.Expect(page.Locator("[data-testid=silences-empty]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=silence-new]");
        await page.ClickAsync("[data-testid=silence-save]");
        await Assertions.Expect(page.Locator("[data-testid=silence-error]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=silence-organization]");
        await page.ClickAsync("[data-testid=organization-option]");
        await page.FillAsync(Input("silence-reason-input"), "更换汇聚交换机");
        await page.ClickAsync("[data-testid=silence-save]");

        var row = page.Locator("[data-testid=silence-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=silence-reason]")).ToHaveTextAsync("更换汇聚交换机");
        await Assertions.Expect(row.Locator("[data-testid=silence-state] [data-state]")).ToHaveAttributeAsync("data-state", "Active");
        await row.Locator("[data-testid=silence-expire]").ClickAsync();
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator("[data-testid=silences-empty]")).ToBeVisibleAsync();

        await ChooseAsync(page, "silence-filter", "已结束");
        await Assertions.Expect(row.Locator("[data-testid=silence-state] [data-state]")).ToHaveAttributeAsync("data-state", "Expired");
        await Assertions.Expect(row).ToContainTextAsync("由 admin 提前失效");
    }

    private static string Input(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }
}
