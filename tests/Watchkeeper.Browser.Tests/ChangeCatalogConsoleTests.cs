using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>The change calendar with a conflict and a freeze period, and the standard-change template catalog, in a real browser.</summary>
public sealed class ChangeCatalogConsoleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CalendarPage_OverlappingChanges_ConflictHighlighted()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        using var api = await server.App.CreateAdminClientAsync();
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("城关派出所");
        var campus = await ledger.AddOrganizationAsync("某大学");
        var school = await ledger.AddOrganizationAsync("某中学");
        var recorder = await ledger.AddDeviceAsync("NVR-03", station, DeviceKind.Recorder);
        await ledger.AddDeviceAsync("CAM-0301", station, DeviceKind.Camera, recorder);
        var campusCamera = await ledger.AddDeviceAsync("CAM-9001", campus);

        // Starting a minute from now keeps every window on today's cell of the current week.
        var start = DateTimeOffset.UtcNow.AddMinutes(1);
        var upgrade = await CreateAsync(api, "录像机升级", start, [recorder], []);
        var network = await CreateAsync(api, "派出所网络调整", start.AddMinutes(10), [], [station]);
        var elsewhere = await CreateAsync(api, "校园摄像机调整", start, [campusCamera], []);
        await PostAsync(api, "/api/v1/change-freeze-periods",
            new { name = "中考封网", startAt = start, endAt = start.AddHours(1), organizationIds = new[] { school }, reason = "中考保障" });

        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/changes/calendar");

        await Assertions.Expect(page.Locator($"[data-testid=calendar-change-{upgrade}]")).ToHaveAttributeAsync("data-conflict", "true");
        await Assertions.Expect(page.Locator($"[data-testid=calendar-change-{network}]")).ToHaveAttributeAsync("data-conflict", "true");
        await Assertions.Expect(page.Locator($"[data-testid=calendar-change-{elsewhere}]")).ToHaveAttributeAsync("data-conflict", "false");
        await Assertions.Expect(page.Locator("[data-testid=calendar-conflict]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=calendar-conflict]")).ToContainTextAsync("2 台相同设备");
        var frozenDay = page.Locator("[data-frozen=true]");
        await Assertions.Expect(frozenDay.First).ToContainTextAsync("封网：中考封网");

        await page.Locator("[data-testid=calendar-mode] >> text=月").ClickAsync();

        // A month view shows four to six whole weeks, so a 28th day cell appears only after the switch.
        await Assertions.Expect(page.Locator("[data-testid^=calendar-day-]").Nth(27)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=calendar-change-{upgrade}]")).ToHaveAttributeAsync("data-conflict", "true");
    }

    [Fact]
    public async Task TemplatesPage_NewTemplate_SavedAndDeactivated()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        using var api = await server.App.CreateAdminClientAsync();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/changes/templates");

        await Field(page, "change-template-new-name", "input").FillAsync("摄像机 OSD 调整");
        await Field(page, "change-template-new-category", "input").FillAsync("配置调整");
        await Field(page, "change-template-new-steps", "textarea").FillAsync("1. 登录摄像机 2. 修改 OSD 3. 核对画面");
        await Field(page, "change-template-new-rollback", "textarea").FillAsync("恢复原 OSD 设置");
        await Field(page, "change-template-new-rollback", "textarea").BlurAsync();
        await page.Locator("[data-testid=change-template-new-save]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid$=-state]")).ToHaveTextAsync("已启用");
        var templates = await api.GetFromJsonAsync<JsonElement>("/api/v1/change-templates", Token);
        var saved = templates.EnumerateArray().Single();
        saved.GetProperty("name").GetString().ShouldBe("摄像机 OSD 调整");
        saved.GetProperty("steps").GetString().ShouldBe("1. 登录摄像机 2. 修改 OSD 3. 核对画面");
        var id = saved.GetProperty("id").GetInt64();

        await page.Locator($"[data-testid=change-template-{id}-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=change-template-{id}-state]")).ToHaveTextAsync("已停用");
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/change-templates?active=true", Token)).GetArrayLength().ShouldBe(0);
    }

    private static ILocator Field(IPage page, string testId, string element) =>
        page.Locator($"[data-testid={testId}] {element}, {element}[data-testid={testId}]").First;

    private static async Task<long> CreateAsync(HttpClient api, string title, DateTimeOffset start, long[] devices, long[] organizations) =>
        (await PostAsync(api, "/api/v1/changes", new
        {
            type = "Minor", title, reason = "例行维护", deviceIds = devices, organizationIds = organizations, plannedStart = start, plannedEnd = start.AddMinutes(30),
        })).GetProperty("id").GetInt64();

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Token);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Token));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }
}
