using System.Net;
using System.Net.Http.Json;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Console;

/// <summary>
/// What the console's pages show, read from the HTML the server prerenders for a signed-in user. Pages that show no
/// stored data share one server, because starting one costs seconds; pages that show the fleet start their own.
/// </summary>
public sealed class ConsolePageTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    [Fact]
    public async Task SignInPage_EnglishBrowser_StaysChinese()
    {
        var app = await shared.GetAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var html = await (await client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        html.ShouldContain("lang=\"zh-CN\"");
    }

    [Fact]
    public async Task Stylesheet_WithoutSignIn_IsServed()
    {
        var app = await shared.GetAsync();
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/css/app.css", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DevicePage_Device_ShowsLedgerStateAndProbesWithoutSecrets()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("人民路派出所");
        var switchId = await ledger.AddDeviceAsync("SW-1", organization, DeviceKind.Switch, state: HealthState.Offline);
        var camera = await ledger.AddDeviceAsync("CAM-1", organization, parentId: switchId, state: HealthState.Offline);
        await ledger.AddProbeResultAsync(new LatestProbeResult
        {
            DeviceId = camera, Kind = ProbeKind.Rtsp, Status = ProbeStatus.Unreachable, Reason = ProbeReason.ConnectionRefused,
            Detail = "rtsp://127.0.0.1:8554/stream1 refused", CheckedAt = Start,
        });
        await ledger.AddIntervalAsync(camera, HealthState.Offline, Start, null);
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, $"/devices/{camera}");

        html.ShouldContain("data-testid=\"device-title\"");
        html.ShouldContain("人民路派出所");
        html.ShouldContain("连接被拒绝");
        html.ShouldContain("rtsp://127.0.0.1:8554/stream1 refused");
        html.ShouldContain("SW-1");
        html.ShouldContain("data-testid=\"device-state\" data-state=\"Offline\"");
    }

    [Fact]
    public async Task DevicePage_StoredPassword_ShowsOnlyThatOneIsSet()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var api = await app.CreateAdminClientAsync();
        var organization = await new TestLedger(app).AddOrganizationAsync("人民路派出所");
        var created = await api.PostAsJsonAsync("/api/v1/devices",
            new { code = "CAM-1", name = "摄像机", kind = "Camera", organizationId = organization, userName = "admin", password = "Secret-Pa55" },
            TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetInt64();
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, $"/devices/{id}");

        html.ShouldContain("已设置（不显示）");
        html.ShouldNotContain("Secret-Pa55");
    }

    [Fact]
    public async Task DevicePage_UnknownId_SaysNotFound()
    {
        var app = await shared.GetAsync();
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, "/devices/4242");

        html.ShouldContain("data-testid=\"device-not-found\"");
    }

    [Fact]
    public async Task Dashboard_Fleet_ShowsCountsRatesAndChanges()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("某市公安局");
        var online = await ledger.AddDeviceAsync("CAM-1", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-2", organization, state: HealthState.Online);
        await ledger.AddDeviceAsync("CAM-3", organization, state: HealthState.Online);
        var offline = await ledger.AddDeviceAsync("CAM-4", organization, state: HealthState.Offline);
        await ledger.AddIntervalAsync(online, HealthState.Online, Start, null);
        await ledger.AddIntervalAsync(offline, HealthState.Offline, Start, null);
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, "/");

        html.ShouldContain("data-testid=\"online-rate-now-value\">75.00%");
        html.ShouldContain("data-testid=\"state-count\" data-state=\"Offline\"");
        html.ShouldContain("data-testid=\"recent-change\" data-device-code=\"CAM-4\" data-state=\"Offline\"");
        html.ShouldContain("data-testid=\"organization-rate\"");
        html.ShouldContain("某市公安局");
    }

    [Fact]
    public async Task Dashboard_OrganizationInQuery_CountsOnlyItsSubtree()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var utility = await ledger.AddOrganizationAsync("供电公司");
        await ledger.AddDeviceAsync("CAM-1", city, state: HealthState.Offline);
        await ledger.AddDeviceAsync("CAM-2", utility, state: HealthState.Online);
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, $"/?organizationId={utility}");

        html.ShouldContain("data-testid=\"online-rate-now-value\">100.00%");
    }

    [Fact]
    public async Task Dashboard_EnglishCulture_ShowsEnglishText()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await ConsoleBrowser.SignInAsync(app, culture: "en");

        var html = await ConsoleBrowser.GetPageAsync(client, "/");

        html.ShouldContain("Online rate now");
        html.ShouldNotContain("当前在线率");
    }

    [Fact]
    public async Task OrganizationsPage_Tree_ListsEveryLevelWithCounts()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var station = await ledger.AddOrganizationAsync("人民路派出所", city);
        await ledger.AddDeviceAsync("CAM-1", station);
        using var client = await ConsoleBrowser.SignInAsync(app);

        var html = await ConsoleBrowser.GetPageAsync(client, "/organizations");

        html.ShouldContain($"data-organization-id=\"{city}\" data-organization-name=\"某市公安局\"");
        html.ShouldContain($"data-organization-id=\"{station}\" data-organization-name=\"人民路派出所\"");
    }

    [Fact]
    public async Task AlarmsPage_WithoutSignIn_RedirectsToSignIn()
    {
        var app = await shared.GetAsync();
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/alarms", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("account/login");
    }
}
