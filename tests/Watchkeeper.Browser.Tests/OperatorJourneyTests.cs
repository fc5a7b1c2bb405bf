using System.Net;
using System.Text;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Browser.Tests;

/// <summary>The first hour of an operator: sign in, import the ledger, and watch a camera fail on the dashboard.</summary>
public sealed class OperatorJourneyTests
{
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", "street_768x576.jpg"));

    [Fact]
    public async Task Dashboard_ImportedCameraLosesPower_ShowsOffline()
    {
        var cameraPort = LoopbackPorts.FreeTcpPort();
        var camera = await StartCameraAsync(cameraPort);
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?>
        {
            ["Monitoring:Enabled"] = "true",
            ["Monitoring:OfflineAfterFailedRounds"] = "1",
            ["Monitoring:ProbeTimeoutSeconds"] = "2",
        });
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.SignInAsync();
        await page.OpenAsync("/ledger/import");
        await page.Locator("[data-testid=ledger-file][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.SetInputFilesAsync("[data-testid=ledger-file]", Ledger(cameraPort));
        await Assertions.Expect(page.Locator("[data-testid=ledger-import-succeeded]")).ToContainTextAsync("新增 1 台");

        await page.OpenAsync("/");
        var online = page.Locator("[data-testid=state-count][data-state=Online] [data-testid=state-count-value]");
        var offline = page.Locator("[data-testid=state-count][data-state=Offline] [data-testid=state-count-value]");
        await Assertions.Expect(online).ToHaveTextAsync("1", new() { Timeout = 30_000 });

        await camera.DisposeAsync();

        await Assertions.Expect(offline).ToHaveTextAsync("1", new() { Timeout = 45_000 });
        await Assertions.Expect(online).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=recent-change][data-device-code='CAM-100'][data-state=Offline]")).ToBeVisibleAsync();
    }

    private static async Task<LoopbackHttpServer> StartCameraAsync(int port) =>
        await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(Jpeg);
        }, new IPEndPoint(IPAddress.Loopback, port), CancellationToken.None);

    private static FilePayload Ledger(int cameraPort) => new()
    {
        Name = "台账.csv",
        MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes(
            "设备编码,设备名称,设备类型,所属组织,IP地址,HTTP端口,抓图地址,巡检间隔(秒)\n" +
            $"CAM-100,人民路口-01,摄像机,某市公安局/城区分局/人民路派出所,127.0.0.1,{cameraPort},http://127.0.0.1:{cameraPort}/snapshot.jpg,10\n"),
    };
}
