using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Browser.Tests;

public sealed class DeviceConsoleTests
{
    [Fact]
    public async Task CreateDialog_InvalidThenValid_AddsDevice()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/devices");

        await page.ClickAsync("[data-testid=device-create]");
        await page.FillAsync("input[data-testid=device-code]", "CAM-701");
        await page.FillAsync("input[data-testid=device-name]", "人民路口东");
        await page.FillAsync("input[data-testid=device-ip]", "300.1.1.1");
        await page.ClickAsync("[data-testid=device-save]");
        await Assertions.Expect(page.Locator("[data-testid=device-dialog]")).ToContainTextAsync("IP 地址“300.1.1.1”无效");
        await Assertions.Expect(page.Locator("[data-testid=device-dialog]")).ToContainTextAsync("请选择所属组织");

        await page.FillAsync("input[data-testid=device-ip]", "127.0.40.1");
        await page.ClickAsync("input[data-testid=device-organization]");
        await page.ClickAsync($"[data-testid=organization-option][data-organization-id='{station}']");
        await page.FillAsync("input[data-testid=device-password]", "Secret-701");
        await page.ClickAsync("[data-testid=device-save]");

        await Assertions.Expect(page.Locator("[data-testid=device-dialog]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=device-link]", new() { HasText = "CAM-701" })).ToBeVisibleAsync();
        using var api = await server.App.CreateAdminClientAsync();
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/devices?search=CAM-701", TestContext.Current.CancellationToken);
        list.GetProperty("items")[0].GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task DeviceList_DeviceGoesOffline_ChipChangesWithoutReload()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?>
        {
            ["Monitoring:Enabled"] = "true",
            ["Monitoring:OfflineAfterFailedRounds"] = "1",
        });
        var station = await new TestLedger(server.App).AddOrganizationAsync("人民路派出所");
        using var api = await server.App.CreateAdminClientAsync();

        // Nothing listens on the port, so the RTSP probe gets a refused connection.
        var closedPort = LoopbackPorts.FreeTcpPort();
        var device = new Dictionary<string, object?>
        {
            ["code"] = "CAM-702", ["name"] = "断电摄像机", ["kind"] = "Camera", ["organizationId"] = station, ["ipAddress"] = "127.0.0.1",
            ["rtspUrl"] = $"rtsp://127.0.0.1:{closedPort}/stream1", ["probes"] = new[] { "Rtsp" }, ["probeIntervalSeconds"] = 10,
            ["monitoringEnabled"] = false,
        };
        var created = await (await api.PostAsJsonAsync("/api/v1/devices", device, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/devices");
        var chip = page.Locator("[data-testid=device-state-cell][data-device-code='CAM-702'] [data-testid=state-chip]");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-state", "Unknown");

        device["monitoringEnabled"] = true;
        (await api.PutAsJsonAsync($"/api/v1/devices/{created.GetProperty("id").GetInt64()}", device, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await Assertions.Expect(chip).ToHaveAttributeAsync("data-state", "Offline", new() { Timeout = 30_000 });
        await Assertions.Expect(chip).ToHaveTextAsync("离线");
    }

    [Fact]
    public async Task DeviceList_Export_CarriesFiltersOnScreen()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        await ledger.AddDeviceAsync("CAM-704", station, state: Watchkeeper.Core.Monitoring.HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-705", station, state: Watchkeeper.Core.Monitoring.HealthState.Online);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/devices?state=Offline");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=device-export-csv]"));

        var text = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        text.ShouldContain("CAM-704");
        text.ShouldNotContain("CAM-705");
    }

    [Fact]
    public async Task DevicePage_EnglishCulture_ShowsEnglishLabels()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-703", station);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync($"/culture/set?culture=en&redirectUri=%2Fdevices%2F{camera}");

        await Assertions.Expect(page.Locator("[data-testid=device-ledger]")).ToContainTextAsync("Install location");
        await Assertions.Expect(page.Locator("[data-testid=device-health]")).ToContainTextAsync("Unknown");
    }
}
