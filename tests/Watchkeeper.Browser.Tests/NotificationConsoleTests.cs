using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tests.Notifications;

namespace Watchkeeper.Browser.Tests;

public sealed class NotificationConsoleTests
{
    [Fact]
    public async Task ChannelsPage_NewWebhook_SendTestReachesReceiver()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/notifications/channels");
        await Assertions.Expect(page.Locator("[data-testid=channels-empty]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=channel-new]");
        await page.FillAsync("input[data-testid=channel-name], [data-testid=channel-name] input", "运维平台 Webhook");
        await page.ClickAsync("[data-testid=channel-kind]");
        await page.ClickAsync("[data-testid=channel-kind-option][data-kind=Webhook]");
        await page.FillAsync("input[data-testid=channel-url], [data-testid=channel-url] input", receiver.BaseUrl + "/hooks/alarms");
        await page.FillAsync("input[data-testid=channel-secret], [data-testid=channel-secret] input", "browser-secret");
        await page.ClickAsync("[data-testid=channel-save]");
        await Assertions.Expect(page.Locator("[data-testid=channel-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=channel-row]")).ToContainTextAsync("运维平台 Webhook");

        await page.ClickAsync("[data-testid=channel-test]");
        await page.ClickAsync("[data-testid=test-send]");

        await Assertions.Expect(page.Locator("[data-testid=test-result]")).ToHaveAttributeAsync("data-status", "Sent");
        await Assertions.Expect(page.Locator("[data-testid=test-result]")).ToContainTextAsync("已发送");
        receiver.Requests.Count.ShouldBe(1);
        receiver.Requests.Single().Headers["X-Watchkeeper-Signature"].ShouldStartWith("sha256=");
        await browser.ScreenshotAsync("notification-channel-test");
    }
}
