using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Server.Tests.Diagnosis;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class DiagnosisConsoleTests
{
    [Fact]
    public async Task CameraPage_DiagnoseNow_ShowsFindingThenReferenceAndResults()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);

        // The frame source serves street frames from disk in place of the ffmpeg grabber, because that needs a camera.
        // The analyzers are the real ones.
        var frames = new StillFrameSource();
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?>
        {
            ["Diagnosis:Enabled"] = "true",
            ["Diagnosis:PollSeconds"] = "0.2",
        }, services =>
        {
            services.AddSingleton<IFrameSource>(frames);
        });
        var ledger = new TestLedger(server.App);
        var organization = await ledger.AddOrganizationAsync("城区分局");
        var camera = await AddCameraAsync(server.App, organization);
        frames.Show(camera, StillPicture.Dark);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync($"/diagnosis/cameras/{camera}");
        await Assertions.Expect(page.Locator("[data-testid=reference-none]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=diagnosis-run-now]");
        var status = page.Locator("[data-testid=diagnosis-latest-status]");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-detected", "1");
        await Assertions.Expect(page.Locator("[data-testid=diagnosis-latest]")).ToContainTextAsync("过暗");
        await Assertions.Expect(page.Locator("[data-testid=diagnosis-latest-picture]")).ToBeVisibleAsync();

        frames.Show(camera, StillPicture.Clean);

        // The first round's notice may still cover the button, so the click goes to the button itself.
        await page.Locator("[data-testid=diagnosis-run-now]").DispatchEventAsync("click");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-detected", "0");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=reference-current]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=reference-row]")).ToHaveCountAsync(1);

        await page.OpenAsync("/diagnosis");
        var thumbnails = page.Locator("[data-testid=diagnosis-results] [data-testid=diagnosis-thumbnail]");
        await Assertions.Expect(thumbnails).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=diagnosis-findings] [data-kind]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=diagnosis-findings] [data-kind=TooDark]")).ToHaveCountAsync(1);
        await Assertions.Expect(thumbnails.First).ToHaveJSPropertyAsync("naturalWidth", 320);
    }

    [Fact]
    public async Task PlansPage_NewPlan_IsListed()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        await ledger.AddOrganizationAsync("城区分局");
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/diagnosis/plans");
        await Assertions.Expect(page.Locator("[data-testid=plans-empty]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=plan-new]");
        await page.FillAsync("input[data-testid=plan-name], [data-testid=plan-name] input", "夜间不查亮度");
        await page.ClickAsync("[data-testid=plan-organization]");
        await page.ClickAsync("[data-testid=organization-option]");
        await page.FillAsync("input[data-testid=plan-night-start], [data-testid=plan-night-start] input", "19:00");
        await page.FillAsync("input[data-testid=plan-night-end], [data-testid=plan-night-end] input", "07:00");
        await page.ClickAsync("[data-testid=plan-night-skip]");
        await page.ClickAsync("[data-testid=plan-save]");

        var row = page.Locator("[data-testid=plan-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("夜间不查亮度");
        await Assertions.Expect(row).ToContainTextAsync("19:00–07:00");
    }

    private static async Task<long> AddCameraAsync(WatchkeeperApp app, long organizationId)
    {
        await using var db = app.CreateDbContext();
        var device = new Device
        {
            Code = "CAM-801",
            Name = "人民路口东",
            Kind = DeviceKind.Camera,
            OrganizationId = organizationId,
            SnapshotUrl = "http://127.0.0.1:9/snapshot.jpg",
            CreatedAt = TestLedger.Start,
            UpdatedAt = TestLedger.Start,
        };
        db.Devices.Add(device);
        await db.SaveChangesAsync();
        return device.Id;
    }
}
