using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>Suppression, flapping, resolved notices, incidents, escalation and duty-roster receivers, on a fake clock.</summary>
public sealed class AlarmNotificationTests
{
    private static readonly DateTimeOffset s_monday = NotificationDispatcherTests.MondayMorning;

    [Fact]
    public async Task SuppressedAlarms_RootCauseAndSilence_NotNotified()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var switchId = await harness.AddDeviceAsync("SW-1", organizationId, DeviceKind.Switch);
        var camera = await harness.AddDeviceAsync("CAM-1", organizationId, parentId: switchId);
        var other = await harness.AddDeviceAsync("CAM-2", organizationId);
        await harness.OpenAlarmAsync(camera, causedByDeviceId: switchId);
        await harness.OpenAlarmAsync(other, change: a => a.Suppress(AlarmSuppression.Silence, "silence 7 by admin", a.FirstSeenAt));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        (await harness.DeliveriesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task SuppressionSnapshot_MatchBeforeSending_HoldsMessage()
    {
        var matcher = new TestSuppressions();
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday,
            services => services.AddSingleton<IAlarmSuppressions>(matcher));
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var camera = await harness.AddDeviceAsync("CAM-1", organizationId);
        await harness.OpenAlarmAsync(camera);
        await harness.RunAsync();

        // A window starts during the group wait, before the suppression worker flags the alarm.
        matcher.DeviceIds.Add(camera);
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));
        (await harness.DeliveriesAsync()).ShouldBeEmpty();

        matcher.DeviceIds.Clear();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(60));
        (await harness.DeliveriesAsync()).ShouldHaveSingleItem().Kind.ShouldBe(NotificationKind.Firing);
    }

    [Fact]
    public async Task FlappingAlarm_Settled_SentThen()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId),
            change: a => a.StartFlapping(a.FirstSeenAt, "opened 5 times in 10 minutes"));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromMinutes(20));
        (await harness.DeliveriesAsync()).ShouldBeEmpty();

        await harness.ChangeAlarmAsync(alarmId, a => a.StopFlapping(harness.Time.GetUtcNow(), "settled"));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));
        (await harness.DeliveriesAsync()).ShouldHaveSingleItem().Kind.ShouldBe(NotificationKind.Firing);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ResolvedNotice_AfterSilence_ReachesEarlierReceivers(DatabaseProvider provider)
    {
        await using var harness = await RoutingHarness.StartAsync(provider, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        var robot = await harness.AddChannelAsync("运维钉钉群", NotificationChannelKind.DingTalk);
        await harness.AddRuleAsync("全部告警", [email.Id, robot.Id], r => r.UserIds = [userId]);
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        await harness.ChangeAlarmAsync(alarmId, a => a.Suppress(AlarmSuppression.Silence, "silence 3 by admin", harness.Time.GetUtcNow()));
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));
        await harness.ChangeAlarmAsync(alarmId, a => a.Resolve(harness.Time.GetUtcNow(), "device back online"));
        await harness.RunAsync();

        var resolved = (await harness.DeliveriesAsync()).Where(d => d.Kind == NotificationKind.Resolved).ToList();
        resolved.Select(d => (d.ChannelId, d.Address)).Order().ShouldBe([(email.Id, "zhang@example.com"), (robot.Id, "13800000001")]);
        resolved.ShouldAllBe(d => d.Alarms.Single().AlarmId == alarmId);
    }

    [Fact]
    public async Task ResolvedNotice_ClosedBeforeFirstMessage_SendsNothing()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("全部告警", [email.Id], r => r.UserIds = [userId]);
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();

        await harness.ChangeAlarmAsync(alarmId, a => a.Close("admin", harness.Time.GetUtcNow(), "known fault, device being replaced"));
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        (await harness.DeliveriesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task SiteOutage_IncidentAlarms_OneMessagePerReceiver()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        var second = await harness.AddUserAsync("li", email: "li@example.com");
        await harness.AddRuleAsync("按设备分组", [email.Id], r =>
        {
            r.UserIds = [userId, second];
            r.GroupBy = [AlarmGroupField.Device];
        });
        long incidentId;
        await using (var db = harness.App.CreateDbContext())
        {
            var incident = new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = organizationId, Title = "站点停电", OpenedAt = s_monday };
            db.AlarmIncidents.Add(incident);
            await db.SaveChangesAsync(RoutingHarness.Cancellation);
            incidentId = incident.Id;
        }

        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var device = await harness.AddDeviceAsync($"CAM-{i}", organizationId);
            ids.Add(await harness.OpenAlarmAsync(device, change: a => a.JoinIncident(incidentId, a.FirstSeenAt, "site outage")));
        }

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        var deliveries = await harness.DeliveriesAsync();
        deliveries.Select(d => d.Address).Order().ShouldBe(["li@example.com", "zhang@example.com"]);
        deliveries.ShouldAllBe(d => d.Alarms.Count == 4);
    }

    [Fact]
    public async Task RootAlarm_SwitchOutage_CountsAffected()
    {
        var templates = new CapturingTemplates();
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday,
            services => services.AddSingleton<INotificationTemplates>(templates));
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        await harness.AddRuleAsync("按设备分组", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.GroupBy = [AlarmGroupField.Device];
        });
        var switchId = await harness.AddDeviceAsync("SW-1", organizationId, DeviceKind.Switch);
        var root = await harness.OpenAlarmAsync(switchId);
        for (var i = 0; i < 3; i++)
        {
            await harness.OpenAlarmAsync(await harness.AddDeviceAsync($"CAM-{i}", organizationId, parentId: switchId), causedByDeviceId: switchId);
        }

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        var delivery = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        delivery.Alarms.Select(a => a.AlarmId).ShouldBe([root]);
        var model = templates.Models.ShouldHaveSingleItem();
        model.Kind.ShouldBe(NotificationKind.Firing);
        model.Alarms.ShouldHaveSingleItem().AffectedDeviceCount.ShouldBe(3);
    }

    [Fact]
    public async Task Escalation_Unacknowledged_StepsFireThenStopAtAcknowledge()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        var lead = await harness.AddUserAsync("lead", email: "lead@example.com");
        var manager = await harness.AddUserAsync("manager", email: "pm@example.com");
        var director = await harness.AddUserAsync("director", email: "director@example.com");
        var policy = await harness.AddPolicyAsync("两级升级", [
            new EscalationStep(15, [lead], [], false, []),
            new EscalationStep(60, [manager], [], false, []),
            new EscalationStep(120, [director], [], false, []),
        ]);
        await harness.AddRuleAsync("全部告警", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.EscalationPolicyId = policy;
            r.RepeatIntervalSeconds = 86400;
        });
        var alarmId = await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();

        await harness.AdvanceAsync(TimeSpan.FromMinutes(14));
        (await harness.DeliveriesAsync()).ShouldAllBe(d => d.Kind != NotificationKind.Escalation);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        (await harness.DeliveriesAsync()).Where(d => d.Kind == NotificationKind.Escalation).Select(d => d.Address).ShouldBe(["lead@example.com"]);
        (await harness.AlarmAsync(alarmId)).EscalationStep.ShouldBe(1);

        await harness.AdvanceAsync(TimeSpan.FromMinutes(45));
        (await harness.DeliveriesAsync()).Where(d => d.Kind == NotificationKind.Escalation).Select(d => d.Address)
            .ShouldBe(["lead@example.com", "pm@example.com"]);

        await harness.ChangeAlarmAsync(alarmId, a => a.Acknowledge("zhang", harness.Time.GetUtcNow()).IsSuccess.ShouldBeTrue());
        await harness.AdvanceAsync(TimeSpan.FromHours(3));
        (await harness.DeliveriesAsync()).Count(d => d.Kind == NotificationKind.Escalation).ShouldBe(2);
        var alarm = await harness.AlarmAsync(alarmId);
        alarm.EscalationStep.ShouldBe(2);
        alarm.Activities.Count(a => a.Action == AlarmAction.Escalated).ShouldBe(2);
    }

    [Fact]
    public async Task Escalation_WorkingMinutes_SkipsWeekend()
    {
        var fridayLate = new DateTimeOffset(2026, 12, 4, 17, 30, 0, TimeSpan.FromHours(8));
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, fridayLate);
        var (organizationId, email, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        var lead = await harness.AddUserAsync("lead", email: "lead@example.com");
        var policy = await harness.AddPolicyAsync("工作时间升级", [new EscalationStep(60, [lead], [], false, [])], useWorkingTime: true);
        await harness.AddRuleAsync("全部告警", [email.Id], r =>
        {
            r.UserIds = [userId];
            r.EscalationPolicyId = policy;
            r.RepeatIntervalSeconds = 7 * 86400;
        });
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));
        await harness.RunAsync();

        await harness.AdvanceAsync(new DateTimeOffset(2026, 12, 7, 9, 29, 0, TimeSpan.FromHours(8)) - harness.Time.GetUtcNow());
        (await harness.DeliveriesAsync()).ShouldAllBe(d => d.Kind != NotificationKind.Escalation);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        (await harness.DeliveriesAsync()).Count(d => d.Kind == NotificationKind.Escalation).ShouldBe(1);
    }

    [Fact]
    public async Task DutyRosterReceivers_OnDutyUsers_GetMessages()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var organizationId = await harness.Ledger.AddOrganizationAsync("测试单位");
        var sms = await harness.AddChannelAsync("短信", NotificationChannelKind.Sms);
        var leader = await harness.AddUserAsync("wang", mobile: "13900000001");
        var member = await harness.AddUserAsync("zhao", mobile: "13900000002");
        await harness.AddUserAsync("off-duty", mobile: "13900000003");
        await harness.AddShiftAsync(organizationId, leader, member);
        await harness.AddRuleAsync("值班", [sms.Id], r => r.DutyRoster = true);
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        (await harness.DeliveriesAsync()).Select(d => d.Address).Order().ShouldBe(["13900000001", "13900000002"]);
    }

    [Fact]
    public async Task Webhook_NoPersonalAddress_OneMessagePerGroup()
    {
        await using var harness = await RoutingHarness.StartAsync(DatabaseProvider.Sqlite, s_monday);
        var (organizationId, _, userId) = await NotificationDispatcherTests.ArrangeEmailAsync(harness);
        var second = await harness.AddUserAsync("li", mobile: "13800000002");
        var webhook = await harness.AddChannelAsync("工单系统", NotificationChannelKind.Webhook);
        await harness.AddRuleAsync("推送", [webhook.Id], r => r.UserIds = [userId, second]);
        await harness.OpenAlarmAsync(await harness.AddDeviceAsync("CAM-1", organizationId));

        await harness.RunAsync();
        await harness.AdvanceAsync(TimeSpan.FromSeconds(30));

        var delivery = (await harness.DeliveriesAsync()).ShouldHaveSingleItem();
        delivery.Address.ShouldBe("");
        delivery.Recipient.ShouldBe("工单系统");
    }

    private sealed class CapturingTemplates : INotificationTemplates
    {
        public List<AlarmNotificationModel> Models { get; } = [];

        public Task<NotificationMessage> RenderAsync(NotificationChannelKind channel, AlarmNotificationModel model, CancellationToken cancellationToken = default)
        {
            Models.Add(model);
            return Task.FromResult(new NotificationMessage($"{model.Kind} {model.Alarms.Count}", string.Join('\n', model.Alarms.Select(a => a.DeviceCode))));
        }
    }

    private sealed class TestSuppressions : IAlarmSuppressions, ISuppressionSnapshot
    {
        public HashSet<long> DeviceIds { get; } = [];

        public Task<ISuppressionSnapshot> SnapshotAsync(DateTimeOffset at, CancellationToken cancellationToken = default) => Task.FromResult<ISuppressionSnapshot>(this);

        public SuppressionMatch? Match(AlarmMatchSubject subject, DateTimeOffset at) =>
            DeviceIds.Contains(subject.DeviceId) ? new SuppressionMatch(AlarmSuppression.MaintenanceWindow, 1, "test window", null) : null;
    }
}
