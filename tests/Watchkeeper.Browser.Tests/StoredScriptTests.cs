using Microsoft.Playwright;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>
/// Names that users typed with markup in them show as the text they typed, and the console runs under its
/// Content-Security-Policy without a violation.
/// </summary>
public sealed class StoredScriptTests
{
    private const string ScriptName = "<script>window.__xss=1</script>";
    private const string ImageName = "<img src=x onerror=\"window.__xss=1\">";

    [Fact]
    public async Task MarkupNames_ConsolePages_RenderInert()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var scriptOrganization = await ledger.AddOrganizationAsync(ScriptName);
        var imageOrganization = await ledger.AddOrganizationAsync(ImageName, scriptOrganization);
        var scriptDevice = await AddNamedDeviceAsync(server.App, ledger, "XSS-1", ScriptName, scriptOrganization);
        var imageDevice = await AddNamedDeviceAsync(server.App, ledger, "XSS-2", ImageName, imageOrganization);
        await ledger.AddAlarmAsync(scriptDevice, AlarmType.Offline, TestLedger.Start);
        var imageAlarm = await ledger.AddAlarmAsync(imageDevice, AlarmType.Offline, TestLedger.Start.AddMinutes(1));

        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        var dialogs = new List<string>();
        var violations = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.SignInAsync();

        var pages = new (string Path, string[] Names)[]
        {
            ("/devices", [ScriptName, ImageName]),
            ($"/devices/{scriptDevice}", [ScriptName]),
            ($"/devices/{imageDevice}", [ImageName]),
            ("/alarms", [ScriptName, ImageName]),
            ($"/alarms/{imageAlarm}", [ScriptName, ImageName]),
            ("/organizations", [ScriptName, ImageName]),
        };
        foreach (var (path, names) in pages)
        {
            await page.OpenAsync(path);

            // The pages load their rows after the circuit starts, so the assertion waits for the text to appear.
            foreach (var name in names)
            {
                await Assertions.Expect(page.Locator("body")).ToContainTextAsync(name);
            }

            (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue(path);
            (await page.Locator("body img[src=x]").CountAsync()).ShouldBe(0, path);
        }

        // Work with the console a little, so that MudBlazor's scripts and popovers run under the policy too.
        await page.OpenAsync("/devices");
        await page.ClickAsync("[data-testid=device-create]");
        await Assertions.Expect(page.Locator("[data-testid=device-save]")).ToBeVisibleAsync();

        dialogs.ShouldBeEmpty();
        violations.ShouldBeEmpty();
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue();
    }

    [Fact]
    public async Task SignInPage_UnderPolicy_ReportsNoViolation()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        var messages = new List<string>();
        page.Console += (_, message) => messages.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => messages.Add($"pageerror: {error}");

        await page.SignInAsync();
        await page.OpenAsync("/");

        messages.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        messages.Where(m => m.StartsWith("pageerror", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private static async Task<long> AddNamedDeviceAsync(WatchkeeperApp app, TestLedger ledger, string code, string name, long organizationId)
    {
        var id = await ledger.AddDeviceAsync(code, organizationId, state: HealthState.Offline);
        await using var db = app.CreateDbContext();
        var device = await db.Devices.FindAsync(id);
        device!.Name = name;
        await db.SaveChangesAsync();
        return id;
    }
}
