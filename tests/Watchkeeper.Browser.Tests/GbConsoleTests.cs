using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Browser.Tests;

public sealed class GbConsoleTests
{
    private const string ServerId = "34020000002000000001";
    private const string Password = "Gb-browser-2026";
    private const string Recorder = "34020000001180000401";

    private static Dictionary<string, string?> GbSettings() => new()
    {
        ["Monitoring:Enabled"] = "true",
        ["Gb28181:Enabled"] = "true",
        ["Gb28181:ListenAddress"] = "127.0.0.1",
        ["Gb28181:SipPort"] = "0",
        ["Gb28181:Password"] = Password,
        ["Gb28181:ServerId"] = ServerId,
        ["Gb28181:Domain"] = ServerId[..10],
        ["Gb28181:QueryTimeoutSeconds"] = "3",
        ["Gb28181:CatalogRefreshMinutes"] = "0",
        ["Gb28181:StatusRefreshMinutes"] = "0",
    };

    [Fact]
    public async Task DevicePage_QueryCatalog_ShowsCompleteResult()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, GbSettings());
        var sipPort = server.App.Services.GetRequiredService<GbSipServer>().UdpPort;
        await using var device = SimulatedGbDevice.Create(new GbDeviceOptions
        {
            DeviceId = Recorder,
            Name = "东门录像机",
            PlatformEndPoint = new IPEndPoint(IPAddress.Loopback, sipPort),
            ServerId = ServerId,
            Password = Password,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            ChannelCount = 4,
            CatalogItemsPerMessage = 1,
            UtcOffset = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow),
        }).Value;
        (await device.StartAsync()).IsSuccess.ShouldBeTrue();
        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/gb28181");
        await Assertions.Expect(page.Locator($"[data-testid=gb-liveness-cell][data-gb-id='{Recorder}'] [data-testid=gb-liveness-chip]"))
            .ToHaveAttributeAsync("data-liveness", nameof(GbLiveness.Alive));
        await page.ClickAsync($"[data-testid=gb-device-link][data-gb-id='{Recorder}']");
        await page.Locator("[data-testid=gb-query-panel]").WaitForAsync();
        await page.Locator("[data-testid=console-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var answered = device.Counters.QueriesAnswered;
        await page.ClickAsync("[data-testid=gb-query-catalog]");

        var result = page.Locator("[data-testid=gb-query-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", nameof(GbQueryOutcome.Complete));
        await Assertions.Expect(result).ToContainTextAsync("完整 4/4");
        await Assertions.Expect(page.Locator("[data-testid=gb-channel-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=gb-catalog-status]")).ToHaveAttributeAsync("data-outcome", nameof(GbQueryOutcome.Complete));
        device.Counters.QueriesAnswered.ShouldBeGreaterThan(answered);
    }

    [Fact]
    public async Task SettingsPage_SaveServerId_ValidatesAndStores()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, GbSettings());
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/settings/gb28181");
        await Assertions.Expect(page.Locator("[data-testid=gb-settings-listening]")).ToBeVisibleAsync();

        await page.FillAsync("input[data-testid=gb-settings-server-id]", "34020000001320000001");
        await page.ClickAsync("[data-testid=gb-settings-save]");

        await Assertions.Expect(page.Locator("[data-testid=gb-settings-errors]")).ToContainTextAsync("类型码为 200");
        server.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Gb28181Options>>().CurrentValue.ServerId.ShouldBe(ServerId);

        await page.FillAsync("input[data-testid=gb-settings-server-id]", "34020000002000000077");
        await page.ClickAsync("[data-testid=gb-settings-save]");

        await Assertions.Expect(page.Locator("[data-testid=gb-settings-stored]")).ToContainTextAsync("serverId");
        server.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Gb28181Options>>().CurrentValue.ServerId.ShouldBe("34020000002000000077");
    }
}
