using System.Text;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class LedgerImportConsoleTests
{
    private const string Header = "设备编码,设备名称,设备类型,所属组织,IP地址,上级设备编码,国标编码";

    [Fact]
    public async Task ImportPage_BadRows_ListsRowColumnAndReason()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenImportPageAsync(page);

        await page.SetInputFilesAsync("[data-testid=ledger-file]", Csv("bad.csv",
            "CAM-901,坏地址,摄像机,某市公安局,300.1.1.1,,",
            "CAM-902,未知上级,摄像机,某市公安局,127.0.50.2,NOPE,"));

        await Assertions.Expect(page.Locator("[data-testid=ledger-import-failed]")).ToContainTextAsync("未写入任何数据");
        await Assertions.Expect(page.Locator("[data-testid=ledger-error-row]")).ToHaveTextAsync(["2", "3"]);
        await Assertions.Expect(page.Locator("[data-testid=ledger-error-column]")).ToHaveTextAsync(["IP地址", "上级设备编码"]);
        await Assertions.Expect(page.Locator("[data-testid=ledger-error-reason]").First).ToContainTextAsync("300.1.1.1");
    }

    [Fact]
    public async Task ImportPage_ValidFile_ShowsCountsAndFillsLedger()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenImportPageAsync(page);
        var file = Csv("good.csv",
            "SW-901,汇聚交换机,交换机,某市公安局/城区分局,127.0.50.1,,",
            "CAM-903,路口摄像机,摄像机,某市公安局/城区分局,127.0.50.3,SW-901,");

        await page.SetInputFilesAsync("[data-testid=ledger-file]", file);
        await Assertions.Expect(page.Locator("[data-testid=ledger-import-succeeded]")).ToContainTextAsync("新增 2 台");
        await page.SetInputFilesAsync("[data-testid=ledger-file]", file);
        await Assertions.Expect(page.Locator("[data-testid=ledger-import-succeeded]")).ToContainTextAsync("未变 2 台");

        await page.OpenAsync("/devices");
        await Assertions.Expect(page.Locator("[data-testid=device-link]")).ToHaveTextAsync(["CAM-903", "SW-901"]);
    }

    [Fact]
    public async Task ImportPage_Links_PointAtTemplateAndExport()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenImportPageAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=ledger-template-csv]"));

        download.SuggestedFilename.ShouldEndWith(".csv");
        var path = await download.PathAsync();
        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldContain("设备编码");
        await Assertions.Expect(page.Locator("[data-testid=ledger-export-xlsx]")).ToHaveAttributeAsync("href", "api/v1/devices/export?format=xlsx");
    }

    private static async Task OpenImportPageAsync(IPage page)
    {
        await page.OpenAsync("/ledger/import");
        await page.Locator("[data-testid=ledger-file][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private static FilePayload Csv(string name, params string[] rows) => new()
    {
        Name = name,
        MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. rows]) + "\n"),
    };
}
