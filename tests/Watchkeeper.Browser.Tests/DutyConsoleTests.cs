using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class DutyConsoleTests
{
    [Fact]
    public async Task DutyPage_PhoneHandover_WritesAndAcknowledges()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        using var api = await server.App.CreateAdminClientAsync();
        var city = await new TestLedger(server.App).AddOrganizationAsync("某市公安局");
        var team = await PostAsync(api, "/api/v1/duty-roster/teams", new
        {
            name = "一班",
            organizationId = city,
            templates = new[] { new { name = "白班", start = "08:00", end = "20:00" }, new { name = "夜班", start = "20:00", end = "08:00" } },
        });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await PostAsync(api, "/api/v1/duty-roster/generate", new { from = Day(monday), to = Day(monday.AddDays(6)), teamIds = new[] { team.GetProperty("id").GetInt64() } });
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        await page.SignInAsync();
        await page.OpenAsync("/duty");

        await page.Locator("[data-testid=duty-handover-write]").First.ClickAsync();
        await page.FillAsync("[data-testid=handover-text] textarea, textarea[data-testid=handover-text]", "二号机柜交换机风扇异响，已报修。");
        await page.ClickAsync("[data-testid=handover-save]");
        var note = page.Locator("[data-testid=handover-note-text]");
        await Assertions.Expect(note).ToHaveTextAsync("二号机柜交换机风扇异响，已报修。");

        await page.ClickAsync("[data-testid=handover-acknowledge]");
        await Assertions.Expect(page.Locator("[data-testid=handover-acknowledged]")).ToBeVisibleAsync();

        var fitsWidth = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
        fitsWidth.ShouldBeTrue();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
