using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Browser.Tests;

/// <summary>The customer portal as a customer uses it on a phone-sized screen, with an engineer working over the API.</summary>
public sealed class PortalTests
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", "street_768x576.jpg"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Customer_ReportsConfirmsAndRates()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?> { ["Tickets:ClockWorkerEnabled"] = "false" });
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await server.App.CreateUserAsync("customer", BuiltInRoles.BusinessDepartment, station);
        var engineerId = await server.App.CreateUserAsync("engineer", BuiltInRoles.Engineer, station);
        using var admin = await server.App.CreateAdminClientAsync();
        using var engineer = await server.App.CreateClientAsAsync("engineer", ConsoleUsers.Password);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        await page.SignInAsAsync("customer");

        await page.OpenAsync("/portal/new");
        await page.FillAsync("input[data-testid=portal-title]", "大门口摄像机画面模糊");
        await page.FillAsync("textarea[data-testid=portal-description]", "从昨晚开始画面发虚，看不清车牌。");
        await page.ClickAsync("input[data-testid=portal-organization]");
        await page.ClickAsync($"[data-testid=organization-option][data-organization-id='{station}']");
        await page.SetInputFilesAsync("input[data-testid=portal-photos]", new FilePayload { Name = "大门口.jpg", MimeType = "image/jpeg", Buffer = Photo });
        await page.ClickAsync("[data-testid=portal-submit]");

        await page.WaitForURLAsync(url => url.Contains("/portal/tickets/", StringComparison.Ordinal));
        var id = long.Parse(page.Url.Split('/').Last().Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=portal-state]")).ToHaveTextAsync("已提交，等待受理");
        await Assertions.Expect(page.Locator("[data-testid=portal-attachment]")).ToHaveTextAsync("大门口.jpg");
        await page.OpenAsync("/portal");
        await Assertions.Expect(page.Locator($"[data-testid=portal-ticket][data-ticket-id='{id}']")).ToContainTextAsync("大门口摄像机画面模糊");
        await browser.ScreenshotAsync("portal-my-tickets");

        (await admin.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { action = "assign", assigneeUserId = engineerId }, Token)).EnsureSuccessStatusCode();
        (await engineer.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { action = "accept" }, Token)).EnsureSuccessStatusCode();
        (await engineer.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions",
            new { action = "resolve", cause = "镜头起雾", solution = "清洁镜头并加装防雾罩" }, Token)).EnsureSuccessStatusCode();

        await page.OpenAsync($"/portal/tickets/{id}");
        await Assertions.Expect(page.Locator("[data-testid=portal-state]")).ToHaveTextAsync("已处理，请确认");
        await Assertions.Expect(page.Locator("[data-testid=portal-resolution]")).ToContainTextAsync("清洁镜头并加装防雾罩");
        await page.ClickAsync("[data-testid=portal-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=portal-state]")).ToHaveTextAsync("已确认解决");
        await page.Locator("[data-testid=portal-rating] .mud-rating-item").Nth(4).ClickAsync();
        await page.FillAsync("textarea[data-testid=portal-rating-comment]", "处理及时，谢谢");
        await page.ClickAsync("[data-testid=portal-rate]");
        await Assertions.Expect(page.Locator("[data-testid=portal-rated]")).ToContainTextAsync("处理及时，谢谢");
        await browser.ScreenshotAsync("portal-ticket-rated");

        var ticket = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Token);
        ticket.GetProperty("state").GetString().ShouldBe("Confirmed");
        ticket.GetProperty("source").GetString().ShouldBe("Portal");
        ticket.GetProperty("rating").GetInt32().ShouldBe(5);
        var attachments = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token);
        var attachmentId = attachments.EnumerateArray().Single().GetProperty("id").GetInt64();
        (await admin.GetByteArrayAsync($"/api/v1/tickets/{id}/attachments/{attachmentId}", Token)).ShouldBe(Photo);
    }
}
