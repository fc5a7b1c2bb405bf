using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>
/// The ticket console on the real clock: level 1 tickets run on 7×24 terms in the shipped policies, so their clocks
/// count at any hour of the day.
/// </summary>
public sealed class TicketConsoleTests
{
    [Fact]
    public async Task Queues_EachQueue_ShowsItsTickets()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        using var api = await server.App.CreateAdminClientAsync();
        var city = await new TestLedger(server.App).AddOrganizationAsync("某市公安局");
        var engineer = await server.App.CreateUserAsync("engineer1", BuiltInRoles.Engineer, city);
        var consultation = await CreateTicketAsync(api, city, "咨询录像保存天数", faultLevel: 4);
        var outage = await CreateTicketAsync(api, city, "平台整体无法登录", faultLevel: 1, callPriority: "Urgent");
        var assigned = await CreateTicketAsync(api, city, "东门摄像机黑屏", faultLevel: 4);
        await TransitionAsync(api, assigned.Id, new { action = "assign", assigneeUserId = engineer });
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("engineer1");
        await page.OpenAsync("/tickets");
        var links = page.Locator("[data-testid=ticket-link]");

        await Assertions.Expect(links).ToHaveCountAsync(3);

        await page.ClickAsync("[data-testid=ticket-queue-Unassigned]");
        await Assertions.Expect(links).ToHaveCountAsync(2);
        await Assertions.Expect(links.First).ToHaveTextAsync(outage.Number);
        await Assertions.Expect(page.Locator("[data-testid=ticket-row-priority]").First).ToHaveAttributeAsync("data-priority", "Urgent");

        await page.ClickAsync("[data-testid=ticket-queue-Mine]");
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await Assertions.Expect(links.First).ToHaveTextAsync(assigned.Number);

        await page.ClickAsync("[data-testid=ticket-queue-BreachingSoon]");
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await Assertions.Expect(links.First).ToHaveTextAsync(outage.Number);
        await Assertions.Expect(page.Locator("[data-testid=ticket-row-due]").First).ToContainTextAsync("剩余");

        await page.ClickAsync("[data-testid=ticket-queue-Breached]");
        await Assertions.Expect(page.Locator("[data-testid=tickets-empty]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=ticket-queue-All]");
        await page.FillAsync("[data-testid=ticket-filter-text] input, input[data-testid=ticket-filter-text]", consultation.Number);
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await Assertions.Expect(links.First).ToHaveTextAsync(consultation.Number);

        await page.ClickAsync("[data-testid=ticket-row-title]");
        await page.WaitForURLAsync($"**/tickets/{consultation.Id}");
        await Assertions.Expect(page.Locator("[data-testid=ticket-title]")).ToContainTextAsync("咨询录像保存天数");
    }

    [Fact]
    public async Task QuickEntry_DispatcherRecordsCall_LandsOnTicket()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var camera = await ledger.AddDeviceAsync("CAM-EAST-01", city);
        await ledger.AddDeviceAsync("CAM-WEST-01", city);
        await server.App.CreateUserAsync("dispatcher1", BuiltInRoles.Dispatcher, city);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsAsync("dispatcher1");
        await page.OpenAsync("/tickets/new");

        var caller = page.Locator("[data-testid=ticket-new-caller] input, input[data-testid=ticket-new-caller]");
        await Assertions.Expect(caller).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("张警官");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("13800000000");
        await page.SelectOptionAsync("[data-testid=ticket-new-organization]", city.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("[data-testid=ticket-new-priority]", "Urgent");
        await page.FillAsync("[data-testid=ticket-new-device-search]", "EAST");
        var cameraOption = page.Locator($"[data-testid=ticket-new-device][data-device-id='{camera}']");
        await Assertions.Expect(page.Locator("[data-testid=ticket-new-device]")).ToHaveCountAsync(1);
        await cameraOption.ClickAsync();

        // One camera is a level 3 fault in the shipped criteria, and the form takes the suggestion as its level.
        await Assertions.Expect(page.Locator("[data-testid=ticket-new-suggested]")).ToHaveAttributeAsync("data-level", "3");
        await Assertions.Expect(page.Locator("[data-testid=ticket-new-level]")).ToHaveValueAsync("3");
        await page.FillAsync("[data-testid=ticket-new-description] textarea, textarea[data-testid=ticket-new-description]", "东门摄像机无图像，已持续十分钟。");
        var title = page.Locator("[data-testid=ticket-new-title] input, input[data-testid=ticket-new-title]");
        await title.FillAsync("东门摄像机无图像");
        await title.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.Split('/')[^1].All(char.IsAsciiDigit));
        await Assertions.Expect(page.Locator("[data-testid=ticket-title]")).ToContainTextAsync("东门摄像机无图像");
        await Assertions.Expect(page.Locator("[data-testid=ticket-source]")).ToHaveTextAsync("服务台");
        await Assertions.Expect(page.Locator("[data-testid=ticket-requester]")).ToHaveTextAsync("张警官");
        await Assertions.Expect(page.Locator("[data-testid=ticket-contact]")).ToHaveTextAsync("13800000000");
        await Assertions.Expect(page.Locator("[data-testid=ticket-level]").First).ToHaveAttributeAsync("data-level", "3");
        await Assertions.Expect(page.Locator($"[data-testid=ticket-device][data-device-id='{camera}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ticket-activity][data-action=Created]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TicketPage_AcceptPauseResume_ClocksFollow()
    {
        await using var scene = await TicketScene.StartAsync(BuiltInRoles.Engineer, assign: true);
        var page = scene.Page;
        var response = page.Locator("[data-testid=ticket-clock][data-clock=Response]");
        var restoration = page.Locator("[data-testid=ticket-clock][data-clock=Restoration]");
        var restorationElapsed = restoration.Locator("[data-testid=ticket-clock-elapsed]");
        var restorationPaused = restoration.Locator("[data-testid=ticket-clock-paused]");
        await Assertions.Expect(response).ToHaveAttributeAsync("data-state", "Running");

        // The clock counts on in the page between two reads from the server.
        var before = await restorationElapsed.TextContentAsync();
        await Assertions.Expect(restorationElapsed).Not.ToHaveTextAsync(before!, new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });

        await page.ClickAsync("[data-testid=ticket-action-Accept]");
        await page.ClickAsync("[data-testid=ticket-action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=ticket-state]")).ToHaveAttributeAsync("data-state", "Accepted");
        await Assertions.Expect(response).ToHaveAttributeAsync("data-state", "Met");
        await Assertions.Expect(page.Locator("[data-testid=ticket-activity]").First).ToHaveAttributeAsync("data-action", "Accepted");
        await Assertions.Expect(page.Locator("[data-testid=ticket-activity][data-action=Assigned] [data-testid=ticket-activity-change]"))
            .ToHaveTextAsync("处理人: — → user1");

        await page.ClickAsync("[data-testid=ticket-action-Pause]");
        await page.SelectOptionAsync("[data-testid=ticket-action-pause-reason]", "WaitingForParts");
        await page.ClickAsync("[data-testid=ticket-action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=ticket-state]")).ToHaveAttributeAsync("data-state", "Paused");
        await Assertions.Expect(restoration).ToHaveAttributeAsync("data-state", "Paused");
        var pausedActivity = page.Locator("[data-testid=ticket-activity]").First;
        await Assertions.Expect(pausedActivity).ToHaveAttributeAsync("data-action", "Paused");
        await Assertions.Expect(pausedActivity.Locator("[data-testid=ticket-activity-change]")).ToContainTextAsync("等待备件");
        await Assertions.Expect(restorationPaused).Not.ToHaveTextAsync("0:00:00", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        var elapsedWhilePaused = await restorationElapsed.TextContentAsync();

        await page.ClickAsync("[data-testid=ticket-action-Resume]");
        await page.ClickAsync("[data-testid=ticket-action-confirm]");
        await Assertions.Expect(restoration).ToHaveAttributeAsync("data-state", "Running");
        await Assertions.Expect(page.Locator("[data-testid=ticket-activity]").First).ToHaveAttributeAsync("data-action", "Resumed");
        await Assertions.Expect(restorationElapsed).Not.ToHaveTextAsync(elapsedWhilePaused!, new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid=ticket-action-Resume]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TicketPage_ConcurrentChange_ShowsBilingualError()
    {
        await using var scene = await TicketScene.StartAsync(BuiltInRoles.Engineer, assign: true);
        var page = scene.Page;
        var ticket = scene.Ticket;
        await Assertions.Expect(page.Locator("[data-testid=ticket-action-Accept]")).ToBeVisibleAsync();

        // Someone else accepts the ticket while the page still offers the button.
        await TransitionAsync(scene.Api, ticket.Id, new { action = "accept" });
        await page.ClickAsync("[data-testid=ticket-action-Accept]");
        await page.ClickAsync("[data-testid=ticket-action-confirm]");

        var error = page.Locator("[data-testid=ticket-error]");
        await Assertions.Expect(error).ToContainTextAsync("不能执行“accept”");
        await Assertions.Expect(page.Locator("[data-testid=ticket-state]")).ToHaveAttributeAsync("data-state", "Accepted");
    }

    [Fact]
    public async Task TicketPage_UserWithoutEdit_SeesNoActions()
    {
        await using var scene = await TicketScene.StartAsync(BuiltInRoles.Viewer, assign: false);
        var page = scene.Page;

        await Assertions.Expect(page.Locator("[data-testid=ticket-title]")).ToContainTextAsync(scene.Ticket.Number);
        await Assertions.Expect(page.Locator("[data-testid=ticket-clock]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=ticket-actions]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=ticket-action-comment]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=nav-tickets]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-ticket-new]")).ToHaveCountAsync(0);
    }

    private static async Task<(long Id, string Number)> CreateTicketAsync(HttpClient api, long organizationId, string title, int faultLevel,
        string callPriority = "Normal")
    {
        var response = await api.PostAsJsonAsync("/api/v1/tickets",
            new { title, description = title, faultLevel, category = "Other", organizationId, callPriority, requesterName = "李科长" },
            TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (ticket.GetProperty("id").GetInt64(), ticket.GetProperty("number").GetString()!);
    }

    private static async Task TransitionAsync(HttpClient api, long id, object body)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", body, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// A server with one level 1 ticket in an organization, and a browser signed in as a user of the role in that
    /// organization, on the ticket's page. With <c>assign</c>, the ticket is assigned to that user.
    /// </summary>
    private sealed class TicketScene : IAsyncDisposable
    {
        private TestDatabase? _database;
        private BrowserApp? _server;
        private BrowserSession? _browser;

        public HttpClient Api { get; private set; } = null!;

        public (long Id, string Number) Ticket { get; private set; }

        public IPage Page => _browser!.Page;

        public static async Task<TicketScene> StartAsync(string role, bool assign)
        {
            var scene = new TicketScene { _database = TestDatabase.Create(DatabaseProvider.Sqlite) };
            scene._server = BrowserApp.Start(scene._database);
            scene.Api = await scene._server.App.CreateAdminClientAsync();
            var city = await new TestLedger(scene._server.App).AddOrganizationAsync("某市公安局");
            var userId = await scene._server.App.CreateUserAsync("user1", role, city);
            scene.Ticket = await CreateTicketAsync(scene.Api, city, "中心机房存储离线", faultLevel: 1);
            if (assign)
            {
                await TransitionAsync(scene.Api, scene.Ticket.Id, new { action = "assign", assigneeUserId = userId });
            }

            scene._browser = await BrowserSession.StartAsync(scene._server.BaseAddress);
            await scene.Page.SignInAsAsync("user1");
            await scene.Page.OpenAsync($"/tickets/{scene.Ticket.Id}");
            return scene;
        }

        public async ValueTask DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            Api?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _database?.Dispose();
        }
    }
}
