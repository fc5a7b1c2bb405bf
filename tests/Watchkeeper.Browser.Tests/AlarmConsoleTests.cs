using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class AlarmConsoleTests
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    [Fact]
    public async Task AlarmList_Acknowledge_RecordsUserAndNote()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-801", station);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await page.ClickAsync($"[data-testid=alarm-acknowledge][data-alarm-id='{alarm}']");
        await page.FillAsync("[data-testid=acknowledge-note] textarea, textarea[data-testid=acknowledge-note]", "已通知驻场工程师");
        await page.ClickAsync("[data-testid=acknowledge-confirm]");

        await Assertions.Expect(page.Locator("[data-testid=alarm-state]").First).ToHaveAttributeAsync("data-state", "Acknowledged");
        var history = await ledger.QueryAsync<AlarmQueries, IReadOnlyList<AlarmActivity>>(q => q.ActivitiesAsync(alarm, CancellationToken.None));
        var acknowledged = history.Single(a => a.Action == AlarmAction.Acknowledged);
        acknowledged.Actor.ShouldBe("admin");
        acknowledged.Note.ShouldBe("已通知驻场工程师");
    }

    [Fact]
    public async Task AlarmList_ChildOfOfflineSwitch_IsMarkedAndGrouped()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var switchId = await ledger.AddDeviceAsync("SW-801", station, DeviceKind.Switch);
        var camera = await ledger.AddDeviceAsync("CAM-802", station, parentId: switchId);
        await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start.AddMinutes(1), causedByDeviceId: switchId);
        await ledger.AddAlarmAsync(switchId, AlarmType.Offline, Start);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/alarms");

        var devices = page.Locator("[data-testid=alarm-device]");
        await Assertions.Expect(devices).ToHaveTextAsync(["SW-801", "CAM-802"]);
        await Assertions.Expect(page.Locator("[data-testid=alarm-caused-by]")).ToContainTextAsync("由上级设备 SW-801 引起");
        await Assertions.Expect(page.Locator("[data-testid=alarm-child-count]")).ToContainTextAsync("下级告警 1 条");
    }

    [Fact]
    public async Task Dashboard_AlarmAcknowledgedElsewhere_UpdatesWithoutReload()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-803", station);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/");
        var state = page.Locator("[data-testid=dashboard-alarms] [data-testid=alarm-state]");
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Open");

        await using (var scope = server.App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AlarmService>().AcknowledgeAsync(alarm, "值班员", null, CancellationToken.None);
            result.IsSuccess.ShouldBeTrue();
        }

        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Acknowledged");
    }
}
