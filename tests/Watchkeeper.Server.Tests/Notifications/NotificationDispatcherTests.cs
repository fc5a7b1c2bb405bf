using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>Grouping, matching, time conditions and restarts of the dispatcher, on a fake clock.</summary>
public sealed class NotificationDispatcherTests
{
    /// <summary>Monday 2026-12-07 10:00 in Shanghai: working time of the default calendar.</summary>
    internal static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task GroupWait_FirstAlarm_SentOnlyAfterWait()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var camera = await harness.AddDeviceAsync("CAM-1", organizationId);
        var alarmId = await harness.OpenAlarmAsync(camera);

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(29));
        (await harness.DeliveriesAsync()).ShouldBeEmpty();

        await harness.AdvanceAsync(TimeSpan.FromSeconds(1));
        var delivery = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        delivery.Kind.ShouldBe(NotificationKind.Firing);
        delivery.Address.ShouldBe("zhang@example.com");
        delivery.Alarms.Select(a => a.AlarmId).ShouldBe([alarmId]);
        (await harness.AlarmAsync(alarmId)).Activities.ShouldContain(a => a.Action == AlarmAction.Notified);
    }

    [Fact]
    public async Task GroupInterval_LaterAlarm_JoinsAfterInterval()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var first = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        harness.Time.Advance(TimeSpan.FromSeconds(60));
        var second = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-2", organizationId));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(200));
        (await harness.DeliveriesAsync()).Count.ShouldBe(1);

        // The interval of 300 s counts from the first message, sent at 30 s.
        await harness.AdvanceAsync(TimeSpan.FromSeconds(40));
        var deliveries = await harness.DeliveriesAsync();
        deliveries.Count.ShouldBe(2);
        deliveries[1].Kind.ShouldBe(NotificationKind.Firing);
        deliveries[1].Alarms.Select(a => a.AlarmId).Order().ShouldBe([first, second]);
    }

    [Fact]
    public async Task RepeatInterval_StillFiring_Repeats()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        await harness.AdvanceAsync(TimeSpan.FromMinutes(59));
        (await harness.DeliveriesAsync()).Count.ShouldBe(1);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        (await harness.DeliveriesAsync()).Select(d => d.Kind).ShouldBe([NotificationKind.Firing, NotificationKind.Repeat]);

        await harness.ChangeAlarmAsync(alarmId, a => a.Resolve(harness.Time.GetUtcNow(), "recovered"));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromHours(2));
        (await harness.DeliveriesAsync()).Select(d => d.Kind).ShouldBe([NotificationKind.Firing, NotificationKind.Repeat, NotificationKind.Resolved]);
    }

    [Theory]
    [InlineData(new AlarmGroupField[0], 1)]
    [InlineData(new[] { AlarmGroupField.Device }, 2)]
    [InlineData(new[] { AlarmGroupField.AlarmType }, 2)]
    [InlineData(new[] { AlarmGroupField.Organization }, 1)]
    [InlineData(new[] { AlarmGroupField.Severity }, 2)]
    public async Task GroupBy_Fields_SplitMessages(AlarmGroupField[] groupBy, int expectedMessages)
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("分组", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.GroupBy = [.. groupBy];
        });
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId), AlarmType.Offline);
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-2", organizationId), AlarmType.AuthenticationFailed);

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        (await harness.DeliveriesAsync()).Count.ShouldBe(expectedMessages);
    }

    [Theory]
    [InlineData(false, new[] { "第一条" })]
    [InlineData(true, new[] { "第一条", "第二条" })]
    public async Task RuleOrder_ContinueFlag_DecidesLaterRules(bool continueAfterFirst, string[] expectedRules)
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        var second = await harness.AddRuleAsync("第二条", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.Position = 20;
        });
        var first = await harness.AddRuleAsync("第一条", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.Position = 10;
            r.Continue = continueAfterFirst;
        });
        await harness.AddRuleAsync("不匹配", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.Position = 0;
            r.DeviceKinds = [DeviceKind.Switch];
        });
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        var names = new Dictionary<long, string> { [first.Id] = "第一条", [second.Id] = "第二条" };
        (await harness.DeliveriesAsync()).Select(d => names.GetValueOrDefault(d.RuleId ?? 0, "?")).Order().ShouldBe(expectedRules.Order());
    }

    [Fact]
    public async Task RuleMatch_OrganizationAncestor_MatchesDescendantSite()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (region, email, userId) = await ArrangeEmailAsync(harness);
        var site = await harness.Ledger.AddOrganizationAsync("东城站点", region);
        var other = await harness.Ledger.AddOrganizationAsync("其他单位");
        await harness.AddRuleAsync("区域规则", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.OrganizationId = region;
        });
        var inside = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-IN", site));
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-OUT", other));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        var delivery = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        delivery.Alarms.Select(a => a.AlarmId).ShouldBe([inside]);
    }

    [Theory]
    [InlineData(2026, 12, 7, 10, true)] // Monday, working time
    [InlineData(2026, 12, 5, 10, false)] // Saturday
    [InlineData(2026, 10, 1, 10, false)] // holiday on a Thursday
    [InlineData(2026, 10, 10, 10, true)] // make-up working Saturday
    public async Task BusinessHoursRule_Calendar_DecidesMatch(int year, int month, int day, int hour, bool expected)
    {
        var at = new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, at);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        long calendarId;
        await using (var db = harness.App.CreateDbContext())
        {
            var calendar = new Server.Calendars.CalendarDefinition
            {
                Name = "2026 节假日",
                WorkingHours = Server.Calendars.CalendarDefinition.OfficeHours(),
                Holidays = [new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)],
                MakeUpWorkingDays = [new DateOnly(2026, 10, 10)],
            };
            db.BusinessCalendars.Add(calendar);
            await db.SaveChangesAsync(RoutingHarness.Cancellation);
            calendarId = calendar.Id;
        }

        await harness.AddRuleAsync("工作时间", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.TimeCondition = RouteTimeCondition.BusinessHours;
            r.CalendarId = calendarId;
        });
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        (await harness.DeliveriesAsync()).Count.ShouldBe(expected ? 1 : 0);
    }

    [Fact]
    public async Task QuietHours_MinorAlarm_WaitsUntilQuietEnds()
    {
        var lateEvening = new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.FromHours(8));
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, lateEvening);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("夜间", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.GroupBy = [AlarmGroupField.Severity];
            r.QuietHoursStart = new TimeOnly(22, 0);
            r.QuietHoursEnd = new TimeOnly(7, 0);
            r.RepeatIntervalSeconds = 86400;
        });
        var minor = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId), AlarmType.AuthenticationFailed);
        var critical = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-2", organizationId), AlarmType.Offline,
            change: a => a.ChangeSeverity(AlarmSeverity.Critical, a.FirstSeenAt, "test"));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));
        var atNight = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        atNight.Alarms.Select(a => a.AlarmId).ShouldBe([critical]);

        await harness.AdvanceAsync(new DateTimeOffset(2026, 12, 8, 6, 59, 0, TimeSpan.FromHours(8)) - harness.Time.GetUtcNow());
        (await harness.DeliveriesAsync()).Count.ShouldBe(1);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        var deliveries = await harness.DeliveriesAsync();
        deliveries.Count.ShouldBe(2);
        deliveries[1].Alarms.Select(a => a.AlarmId).ShouldBe([minor]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Restart_StoredDueTime_NewServerSends(DatabaseProvider provider)
    {
        await using var harness = await RoutingHarness.StartAsync(provider, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.GroupWaitSeconds = 120;
        });
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();

        await harness.RestartAsync(MondayMorning.AddSeconds(60));
        await harness.RunAsync();
        (await harness.DeliveriesAsync()).ShouldBeEmpty();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(60));

        var delivery = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        delivery.Alarms.Select(a => a.AlarmId).ShouldBe([alarmId]);
    }

    [Fact]
    public async Task Restart_AlarmOpenedWhileDown_RoutedByScan()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, MondayMorning);
        var (organizationId, email, userId) = await ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var camera = await harness.AddDeviceAsync("CAM-1", organizationId);
        await harness.RestartAsync(MondayMorning.AddMinutes(5));

        // No AlarmChanged event reaches the new server: the alarm is found by the database scan.
        await harness.OpenAlarmAsync(camera);
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
    }

    internal static async Task<(long OrganizationId, NotificationChannel Email, string UserId)> ArrangeEmailAsync(RoutingHarness harness)
    {
        var organizationId = await harness.Ledger.AddOrganizationAsync("测试单位");
        var email = await harness.AddChannelAsync("运维邮件", NotificationChannelKind.Email);
        var userId = await harness.AddUserAsync("zhang", email: "zhang@example.com", mobile: "13800000001");
        return (organizationId, email, userId);
    }
}
