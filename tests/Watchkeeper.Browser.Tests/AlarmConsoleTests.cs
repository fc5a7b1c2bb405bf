using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Notifications;
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

    [Fact]
    public async Task AlarmBoard_CountsAndBadges_FollowLiveChanges()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera1 = await ledger.AddDeviceAsync("CAM-811", station);
        var camera2 = await ledger.AddDeviceAsync("CAM-812", station);
        await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start);
        await ledger.AddAlarmAsync(camera1, AlarmType.DiskFull, Start, change: a => a.ChangeSeverity(AlarmSeverity.Critical, Start, "test rule"));
        await ledger.AddSilenceAsync(camera2, AlarmType.Offline, "割接静默至 18:00");
        await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start, change: a => a.Suppress(AlarmSuppression.Silence, "割接静默至 18:00", Start));
        await ledger.AddAlarmAsync(camera2, AlarmType.FanFault, Start, change: a => a.Close("值班员", Start, "误报"));
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await Assertions.Expect(CountOf(page, AlarmSeverity.Critical)).ToHaveTextAsync("1");
        await Assertions.Expect(CountOf(page, AlarmSeverity.Major)).ToHaveTextAsync("2");
        await Assertions.Expect(CountOf(page, AlarmSeverity.Minor)).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=alarm-suppressed]")).ToContainTextAsync("割接静默至 18:00");
        await Assertions.Expect(page.Locator("[data-testid=alarm-state]")).ToHaveCountAsync(3);

        await page.ClickAsync("[data-testid=alarm-severity-count][data-severity=Critical]");
        await Assertions.Expect(page.Locator("[data-testid=alarm-state]")).ToHaveCountAsync(1);
        var added = await ledger.AddAlarmAsync(camera2, AlarmType.DeviceReported, Start.AddMinutes(5),
            change: a => a.ChangeSeverity(AlarmSeverity.Critical, Start, "test rule"));
        server.App.Services.GetRequiredService<MonitoringEvents>().Publish(
            [new AlarmChanged(added, camera2, "CAM-812", AlarmType.DeviceReported, AlarmState.Open, false, Start.AddMinutes(5)) { OrganizationId = station }]);

        await Assertions.Expect(CountOf(page, AlarmSeverity.Critical)).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=alarm-severity-count][data-severity=Critical]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid=severity-chip]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=alarm-table] [data-testid=severity-chip][data-severity=Major]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AlarmBoard_CloseDialog_RequiresReasonThenCloses()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-821", station);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await page.ClickAsync($"[data-testid=alarm-close][data-alarm-id='{alarm}']");
        await page.ClickAsync("[data-testid=close-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=close-dialog]")).ToContainTextAsync("请填写关闭原因。");
        await page.FillAsync("[data-testid=close-reason] textarea, textarea[data-testid=close-reason]", "设备已拆除，待台账更新");
        await page.ClickAsync("[data-testid=close-confirm]");

        await Assertions.Expect(page.Locator("[data-testid=alarms-empty]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=alarm-filter-closed]");
        await Assertions.Expect(page.Locator("[data-testid=alarm-state]")).ToHaveAttributeAsync("data-state", "Closed");
        await Assertions.Expect(page.Locator("[data-testid=alarm-closed-by]")).ToContainTextAsync("admin");
        await Assertions.Expect(page.Locator("[data-testid=alarm-closed-by]")).ToContainTextAsync("设备已拆除，待台账更新");
        var stored = await ledger.QueryAsync<AlarmQueries, AlarmResponse?>(q => q.GetAsync(alarm, CancellationToken.None));
        stored!.State.ShouldBe(AlarmState.Closed);
        stored.ClosedBy.ShouldBe("admin");
        stored.CloseReason.ShouldBe("设备已拆除，待台账更新");
    }

    [Fact]
    public async Task AlarmBoard_PhoneWidth_FitsScreen()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-831", station);

        // The silence is stored first, so the suppression worker keeps the flag instead of lifting it.
        await ledger.AddSilenceAsync(camera, AlarmType.Offline, "机房改造静默");
        await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start, change: a => a.Suppress(AlarmSuppression.Silence, "机房改造静默", Start));
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await Assertions.Expect(CountOf(page, AlarmSeverity.Major)).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=alarm-suppressed]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=alarm-close]")).ToBeVisibleAsync();

        var fitsWidth = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
        fitsWidth.ShouldBeTrue();
    }

    [Fact]
    public async Task AlarmPage_TimelineLinksAndDelivery_AreShown()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-841", station);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        var other = await ledger.AddAlarmAsync(camera, AlarmType.RecordingGap, Start.AddMinutes(2));
        await using (var scope = server.App.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<AlarmService>();
            (await service.AcknowledgeAsync(alarm, "值班员", "已通知驻场工程师", CancellationToken.None)).IsSuccess.ShouldBeTrue();
            (await service.LinkAsync(alarm, other, "值班员", "同一次断电", CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }

        // The notification channels and the outbox worker are built separately, so the test writes the delivery row directly.
        await SeedDeliveryAsync(server, alarm);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync($"/alarms/{alarm}");

        var actions = page.Locator("[data-testid=alarm-activity]");
        await Assertions.Expect(actions).ToHaveCountAsync(3);
        await Assertions.Expect(actions.Nth(0)).ToHaveAttributeAsync("data-action", "Opened");
        await Assertions.Expect(actions.Nth(0).Locator("[data-testid=alarm-activity-actor]")).ToHaveTextAsync("系统");
        await Assertions.Expect(actions.Nth(1)).ToHaveAttributeAsync("data-action", "Acknowledged");
        await Assertions.Expect(actions.Nth(1)).ToContainTextAsync("值班员");
        await Assertions.Expect(actions.Nth(1)).ToContainTextAsync("已通知驻场工程师");
        await Assertions.Expect(actions.Nth(2)).ToContainTextAsync("关联告警");
        await Assertions.Expect(page.Locator("[data-testid=alarm-page-device]")).ToHaveTextAsync("CAM-841");
        await Assertions.Expect(page.Locator("[data-testid=alarm-page-organization]")).ToContainTextAsync("人民路派出所");
        await Assertions.Expect(page.Locator("[data-testid=delivery-channel]")).ToContainTextAsync("值班邮箱");
        await Assertions.Expect(page.Locator("[data-testid=delivery-recipient]")).ToHaveTextAsync("张工");
        await Assertions.Expect(page.Locator("[data-testid=delivery-status]")).ToHaveAttributeAsync("data-status", "Failed");
        await Assertions.Expect(page.Locator("[data-testid=delivery-attempts]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=delivery-error]")).ToHaveTextAsync("550 mailbox unavailable");

        await page.ClickAsync($"[data-testid=alarm-unlink][data-alarm-id='{other}']");
        await page.ClickAsync("[data-testid=confirm-ok]");

        await Assertions.Expect(page.Locator("[data-testid=alarm-linked]")).ToHaveCountAsync(0);
        await Assertions.Expect(actions).ToHaveCountAsync(4);
        await Assertions.Expect(actions.Nth(3)).ToHaveAttributeAsync("data-action", "Unlinked");
    }

    [Fact]
    public async Task AlarmBoard_LinkDialog_LinksChosenAlarm()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera1 = await ledger.AddDeviceAsync("CAM-851", station);
        var camera2 = await ledger.AddDeviceAsync("CAM-852", station);
        var alarm = await ledger.AddAlarmAsync(camera1, AlarmType.Offline, Start);
        var other = await ledger.AddAlarmAsync(camera2, AlarmType.Offline, Start.AddMinutes(1));
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await page.ClickAsync($"[data-testid=alarm-link][data-alarm-id='{alarm}']");
        await page.ClickAsync("[data-testid=link-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=link-dialog]")).ToContainTextAsync("请选择要关联的告警。");
        await page.Locator("input[data-testid=link-alarm]").PressSequentiallyAsync("CAM-852");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"#{other} CAM-852" }).First.ClickAsync();
        await page.FillAsync("[data-testid=link-note] textarea, textarea[data-testid=link-note]", "同一光缆");
        await page.ClickAsync("[data-testid=link-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=link-dialog]")).ToHaveCountAsync(0);

        var links = await ledger.QueryAsync<AlarmDetailQueries, IReadOnlyList<AlarmLinkResponse>>(q => q.LinksAsync(alarm, CancellationToken.None));
        var link = links.ShouldHaveSingleItem();
        link.Alarm.Id.ShouldBe(other);
        link.Note.ShouldBe("同一光缆");
        link.CreatedBy.ShouldBe("admin");
    }

    [Fact]
    public async Task AlarmBoard_BulkAcknowledge_AcknowledgesSelected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("人民路派出所");
        var camera = await ledger.AddDeviceAsync("CAM-861", station);
        var first = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        var second = await ledger.AddAlarmAsync(camera, AlarmType.DiskFull, Start);
        var untouched = await ledger.AddAlarmAsync(camera, AlarmType.FanFault, Start);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync("/alarms");

        await page.ClickAsync($"[data-testid=alarm-select][data-alarm-id='{first}']");
        await page.ClickAsync($"[data-testid=alarm-select][data-alarm-id='{second}']");
        await Assertions.Expect(page.Locator("[data-testid=alarm-bulk-acknowledge]")).ToContainTextAsync("2");
        await page.ClickAsync("[data-testid=alarm-bulk-acknowledge]");

        await Assertions.Expect(page.Locator("[data-testid=alarm-state][data-state=Acknowledged]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=alarm-state][data-state=Open]")).ToHaveCountAsync(1);
        foreach (var (id, expected) in new[] { (first, AlarmState.Acknowledged), (second, AlarmState.Acknowledged), (untouched, AlarmState.Open) })
        {
            var stored = await ledger.QueryAsync<AlarmQueries, AlarmResponse?>(q => q.GetAsync(id, CancellationToken.None));
            stored!.State.ShouldBe(expected, $"alarm {id}");
        }
    }

    private static ILocator CountOf(IPage page, AlarmSeverity severity) =>
        page.Locator($"[data-testid=alarm-severity-count][data-severity={severity}] [data-testid=alarm-severity-count-value]");

    private static async Task SeedDeliveryAsync(BrowserApp server, long alarmId)
    {
        await using var db = server.App.CreateDbContext();
        var channel = new NotificationChannel { Name = "值班邮箱", Kind = NotificationChannelKind.Email, CreatedAt = Start, UpdatedAt = Start };
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync();
        db.NotificationDeliveries.Add(new NotificationDelivery
        {
            ChannelId = channel.Id,
            Kind = NotificationKind.Firing,
            Recipient = "张工",
            Address = "zhang@example.com",
            Subject = "【重要】CAM-841 离线",
            Text = "CAM-841 离线",
            Status = DeliveryStatus.Failed,
            Attempts = 3,
            CreatedAt = Start.AddMinutes(1),
            NextAttemptAt = Start.AddMinutes(9),
            LastError = "550 mailbox unavailable",
            Alarms = [new NotificationDeliveryAlarm { AlarmId = alarmId }],
        });
        await db.SaveChangesAsync();
    }
}
