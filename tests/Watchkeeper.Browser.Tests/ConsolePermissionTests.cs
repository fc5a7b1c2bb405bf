using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>The console shows and runs only what the signed-in user's roles permit, with the built-in roles' default permissions.</summary>
public sealed class ConsolePermissionTests
{
    [Fact]
    public async Task DeviceList_Viewer_ShowsNoChangeButtons()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-801", station);
        await server.App.CreateUserAsync("viewer1", BuiltInRoles.Viewer, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("viewer1");

        await page.OpenAsync("/devices");

        await Assertions.Expect(page.Locator($"[data-testid=device-link][data-device-id='{camera}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=device-create]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=device-edit]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=device-delete]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=device-export-csv]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NavMenu_Viewer_ShowsOnlyPermittedLinks()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateUserAsync("viewer2", BuiltInRoles.Viewer, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("viewer2");

        await page.OpenAsync("/devices");

        await Assertions.Expect(page.Locator("[data-testid=nav-devices]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-alarms]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-organizations]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-import]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=nav-gb-settings]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NavMenu_TeamLead_ShowsImport()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateUserAsync("lead1", BuiltInRoles.TeamLead, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("lead1");

        await page.OpenAsync("/devices");

        await Assertions.Expect(page.Locator("[data-testid=nav-import]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=device-create]")).ToBeVisibleAsync();
        // The default team lead role has no settings permission.
        await Assertions.Expect(page.Locator("[data-testid=nav-gb-settings]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LedgerImport_ViewerOpensAddress_ShowsAccessDenied()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateUserAsync("viewer3", BuiltInRoles.Viewer, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("viewer3");

        await page.GotoAsync("/ledger/import");

        await Assertions.Expect(page.Locator("[data-testid=access-denied]")).ToContainTextAsync("无权访问");
        page.Url.ShouldContain("/account/access-denied");
        await Assertions.Expect(page.Locator("[data-testid=ledger-choose]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LedgerImport_ConsoleNavigation_ShowsAccessDenied()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateUserAsync("viewer4", BuiltInRoles.Viewer, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("viewer4");
        await page.OpenAsync("/devices");

        // The console's own router handles this navigation inside the circuit, without a request to the server.
        await page.EvaluateAsync("Blazor.navigateTo('/ledger/import')");

        var denied = page.Locator("[data-testid=access-denied]");
        await Assertions.Expect(denied).ToBeVisibleAsync();
        await Assertions.Expect(denied.Locator("[data-testid=access-denied-permission]")).ToHaveAttributeAsync("data-permission", "devices.create");
        page.Url.ShouldEndWith("/ledger/import");
    }

    [Fact]
    public async Task DeviceList_Engineer_EditsButCannotDelete()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-802", station);
        await server.App.CreateUserAsync("engineer1", BuiltInRoles.Engineer, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("engineer1");
        await page.OpenAsync("/devices");

        await Assertions.Expect(page.Locator($"[data-testid=device-delete][data-device-id='{camera}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=device-create]")).ToHaveCountAsync(0);
        await page.ClickAsync($"[data-testid=device-edit][data-device-id='{camera}']");
        await page.FillAsync("input[data-testid=device-name]", "人民路口西");
        await page.ClickAsync("[data-testid=device-save]");

        await Assertions.Expect(page.Locator("[data-testid=device-dialog]")).ToHaveCountAsync(0);
        await using var db = server.App.CreateDbContext();
        (await db.Devices.SingleAsync(d => d.Id == camera, TestContext.Current.CancellationToken)).Name.ShouldBe("人民路口西");
    }

    [Fact]
    public async Task DeleteDevice_RoleChangedMidCircuit_IsRejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-803", station);
        var userId = await server.App.CreateUserAsync("lead2", BuiltInRoles.TeamLead, station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("lead2");
        await page.OpenAsync("/devices");
        var delete = page.Locator($"[data-testid=device-delete][data-device-id='{camera}']");
        await Assertions.Expect(delete).ToBeVisibleAsync();

        // The page keeps showing the button it rendered for a team lead; the handler must read the new role.
        await server.App.ChangeRoleAsync(userId, BuiltInRoles.TeamLead, BuiltInRoles.Viewer);
        await delete.ClickAsync();
        await page.ClickAsync("[data-testid=confirm-ok]");

        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "devices.administer" })).ToContainTextAsync("操作未执行");
        await using var db = server.App.CreateDbContext();
        (await db.Devices.AnyAsync(d => d.Id == camera, TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task GbSettings_WithoutAdminister_IsReadOnly()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateRoleAsync("SettingsReader", "settings.view", "devices.view");
        await server.App.CreateUserAsync("reader1", "SettingsReader", station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("reader1");

        await page.OpenAsync("/settings/gb28181");

        await Assertions.Expect(page.Locator("[data-testid=gb-settings-read-only]")).ToContainTextAsync("settings.administer");
        await Assertions.Expect(page.Locator("input[data-testid=gb-settings-server-id]")).Not.ToBeEditableAsync();
        await Assertions.Expect(page.Locator("[data-testid=gb-settings-save]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=nav-gb-settings]")).ToBeVisibleAsync();
    }
}
