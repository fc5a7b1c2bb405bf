using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tests.Notifications;
using static Watchkeeper.Server.Tests.Changes.ChangeHarness;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// Changes over the API on a fake clock: the permit system's gates, the maintenance window over exactly the change's
/// devices, the health comparison at the closure, and the advance notice as the affected users receive it.
/// </summary>
public sealed class ChangeApiTests
{
    private static readonly string s_checksum = new string('0', 63) + "f";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Minor_WholeLife_GatesWindowAndClosure(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var vendor = await harness.ClientAsync("vendor");
        using var tmu = await harness.ClientAsync("tmu");
        using var lead = await harness.ClientAsync("lead");
        using var manager = await harness.ClientAsync("manager");
        var start = harness.Time.GetUtcNow().AddDays(2);
        var created = await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Minor", title = "升级 3 号录像机固件", reason = "修复录像丢失缺陷", description = "V4.1 升级到 V4.2", deviceIds = new[] { harness.Recorder },
            plannedStart = start, plannedEnd = start.AddHours(4), implementerUserId = harness.UserIds["vendor"],
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        created.GetProperty("number").GetString()!.ShouldMatch(@"^BG-\d{8}-\d{6}$");
        created.GetProperty("organizationId").GetInt64().ShouldBe(harness.Station);

        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(vendor, id, new { action = "approve" }, HttpStatusCode.Forbidden); // an engineer does not approve
        var approved = await ActAsync(tmu, id, new { action = "approve", comment = "同意" });
        approved.GetProperty("state").GetString().ShouldBe("Approved");

        // No permit without a backup and a timely notice, and each missing piece is named.
        var refused = await ActAsync(lead, id, new { action = "issue-permit" }, HttpStatusCode.Conflict);
        refused.GetRawText().ShouldContain("change.permit.backup_missing");
        refused.GetRawText().ShouldContain("change.permit.notice_missing");
        (await SendAsync(vendor, $"/api/v1/changes/{id}/backups", new { what = "NVR-03 配置", location = "/backup/nvr03", sha256 = "xyz", sizeBytes = 1024 },
            HttpStatusCode.BadRequest)).GetRawText().ShouldContain("xyz");
        await SendAsync(vendor, $"/api/v1/changes/{id}/backups",
            new { what = "NVR-03 配置与固件", location = "/backup/nvr03/20261207", sha256 = s_checksum, sizeBytes = 52_428_800 }, HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{id}/notices",
            new { impactScope = "城关派出所 3 号录像机及其 2 路通道", countermeasures = "期间调阅录像请使用中心存储备份", contact = "值班电话 8888" }, HttpStatusCode.OK);
        var permitted = await ActAsync(lead, id, new { action = "issue-permit", safetyMeasures = "先备份配置，保留旧固件" });
        permitted.GetProperty("state").GetString().ShouldBe("PermitIssued");
        var windowId = permitted.GetProperty("permit").GetProperty("maintenanceWindowId").GetInt64();

        // The window covers the recorder and its channels, and nothing else.
        await using (var db = harness.App.CreateDbContext())
        {
            var window = await db.MaintenanceWindows.AsNoTracking().SingleAsync(w => w.Id == windowId, Cancellation);
            window.DeviceIds.Split(',').Select(long.Parse).Order().ShouldBe([harness.Recorder, harness.Channel1, harness.Channel2]);
            window.OrganizationIds.ShouldBeEmpty();
        }

        var inScope = await harness.OpenAlarmAsync(harness.Channel1);
        var outOfScope = await harness.OpenAlarmAsync(harness.CampusCamera);
        harness.Time.SetUtcNow(start);
        await harness.App.Services.GetRequiredService<SuppressionWorker>().EvaluateAsync(cancellationToken: Cancellation);
        (await harness.AlarmAsync(inScope)).Suppression.ShouldBe(AlarmSuppression.MaintenanceWindow);
        (await harness.AlarmAsync(outOfScope)).Suppression.ShouldBeNull();

        await ActAsync(vendor, id, new { action = "start" });
        await SendAsync(vendor, $"/api/v1/changes/{id}/versions", new { deviceId = harness.Recorder, versionBefore = "V4.1.0", versionAfter = "V4.2.0" },
            HttpStatusCode.OK);

        // Channel 2 went offline during the work: the closure waits for an explanation.
        harness.Time.Advance(TimeSpan.FromHours(3));
        await harness.OpenAlarmAsync(harness.Channel2, AlarmType.VideoLoss);
        var blocked = await ActAsync(vendor, id, new { action = "close", results = "升级完成" }, HttpStatusCode.Conflict);
        blocked.GetRawText().ShouldContain("change.closure.regression");
        blocked.GetRawText().ShouldContain("CAM-0302");
        var closed = await ActAsync(vendor, id, new { action = "close", outcome = "PartlySuccessful", results = "升级完成", restoredSettings = "恢复原录像计划",
            regressionExplanation = "通道 2 摄像机电源故障，已另开工单" });
        closed.GetProperty("state").GetString().ShouldBe("Closed");
        closed.GetProperty("regressions").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ShouldBe(["NewAlarm"]);
        await ActAsync(vendor, id, new { action = "review", comment = "复盘" }, HttpStatusCode.Forbidden);
        var reviewed = await ActAsync(manager, id, new { action = "review", comment = "升级后一周无录像丢失" });
        reviewed.GetProperty("state").GetString().ShouldBe("Reviewed");

        await using (var db = harness.App.CreateDbContext())
        {
            (await db.MaintenanceWindows.AsNoTracking().SingleAsync(w => w.Id == windowId, Cancellation)).EndAt.ShouldBe(start.AddHours(3));
            (await db.Devices.AsNoTracking().SingleAsync(d => d.Id == harness.Recorder, Cancellation)).FirmwareVersion.ShouldBe("V4.2.0");
        }

        reviewed.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ShouldBe(
        [
            "Created", "Submitted", "Approved", "StepCompleted", "ApprovalCompleted", "BackupRecorded", "NoticeSent", "PermitIssued", "Started",
            "VersionRecorded", "Closed", "Reviewed",
        ]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Major_PermitNeedsChainTrialRunAndNoticeLeadTime(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var vendor = await harness.ClientAsync("vendor");
        using var lead = await harness.ClientAsync("lead");
        var start = harness.Time.GetUtcNow().AddHours(30);
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Major", title = "平台数据库迁移", reason = "存储扩容", deviceIds = new[] { harness.Recorder }, plannedStart = start,
            plannedEnd = start.AddHours(6), rollbackPlan = "切回原数据库",
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        (await ActAsync(vendor, id, new { action = "submit" }, HttpStatusCode.Conflict)).GetRawText().ShouldContain("change.plan.missing");
        await SendAsync(vendor, $"/api/v1/changes/{id}/plan-versions", new { content = "# 技术实施方案\n1. 停止录像写入……", note = "初稿" }, HttpStatusCode.OK);
        await ActAsync(vendor, id, new { action = "submit" });

        using var leader = await harness.ClientAsync("leader");
        using var business = await harness.ClientAsync("business");
        using var tmu = await harness.ClientAsync("tmu");
        await ActAsync(leader, id, new { action = "approve" }, HttpStatusCode.Forbidden); // leadership waits for both departments
        await ActAsync(business, id, new { action = "approve", comment = "业务可接受" });
        var pending = await ActAsync(tmu, id, new { action = "approve", comment = "技术可行" });
        pending.GetProperty("pendingSteps").EnumerateArray().Select(s => s.GetString()).ShouldBe(["领导审批 / Leadership"]);
        await ActAsync(leader, id, new { action = "approve", comment = "同意实施" });

        await SendAsync(vendor, $"/api/v1/changes/{id}/backups", new { what = "全量数据库", location = "/backup/db", sha256 = s_checksum, sizeBytes = 1 }, HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{id}/trial-runs",
            new { environment = "测试环境", steps = "迁移并回放", results = "回放卡顿", passed = false }, HttpStatusCode.OK);
        harness.Time.Advance(TimeSpan.FromHours(10)); // the notice goes out 20 h before the window: 4 h late
        await SendAsync(vendor, $"/api/v1/changes/{id}/notices", new { impactScope = "全平台录像回放", countermeasures = "暂停回放", contact = "8888" }, HttpStatusCode.OK);

        var refused = (await ActAsync(lead, id, new { action = "issue-permit" }, HttpStatusCode.Conflict)).GetRawText();
        refused.ShouldContain("change.permit.trial_run_missing");
        refused.ShouldContain("change.permit.notice_late");
        refused.ShouldNotContain("change.permit.backup_missing");
        var view = await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/{id}", Cancellation);
        view.GetProperty("permitBlockers").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Notice_AffectedUsers_ReceiveChineseMailThroughExim()
    {
        using var smtp = EximSmtpServer.Start();
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        await SendAsync(admin, "/api/v1/notifications/channels", new
        {
            name = "运维邮箱", kind = "Email", enabled = true, rateLimitPerMinute = 60,
            settings = new
            {
                host = "127.0.0.1", port = smtp.Port, security = "StartTls", userName = EximSmtpServer.UserName, password = EximSmtpServer.Password,
                fromAddress = "changes@watchkeeper.test", fromName = "视频监控运维", certificateSha256 = smtp.CertificateSha256,
            },
        }, HttpStatusCode.Created);
        using var vendor = await harness.ClientAsync("vendor");
        var start = new DateTimeOffset(harness.Time.GetUtcNow().AddDays(3).Date, TimeSpan.Zero).AddHours(14); // 22:00 in Shanghai
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Minor", title = "升级 3 号录像机固件", reason = "修复缺陷", deviceIds = new[] { harness.Recorder }, plannedStart = start, plannedEnd = start.AddHours(4),
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await SendAsync(vendor, $"/api/v1/changes/{id}/notices",
            new { impactScope = "城关派出所 3 号录像机及其 2 路通道", countermeasures = "期间调阅录像请使用中心存储备份", contact = "值班电话 8888" }, HttpStatusCode.OK);
        await harness.App.Services.GetRequiredService<DeliveryProcessor>().RunDueAsync(Cancellation);

        // The users of the station and of the city above it; the campus has none of this change.
        var messages = await smtp.WaitForMessagesAsync(7);
        messages.SelectMany(m => m.To.Mailboxes.Select(b => b.Address)).Order().ShouldBe(
            ["business@example.com", "deputy@example.com", "lead@example.com", "leader@example.com", "manager@example.com", "tmu@example.com", "vendor@example.com"]);
        var message = messages[0];
        message.Subject.ShouldNotBeNull().ShouldContain("【变更预告】");
        message.Subject.ShouldContain("升级 3 号录像机固件");
        var local = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        message.TextBody.ShouldNotBeNull().ShouldContain($"时间 / Window: {local:yyyy-MM-dd} 22:00 – {local.AddHours(4):yyyy-MM-dd} 02:00");
        message.TextBody.ShouldContain("影响范围 / Impact scope: 城关派出所 3 号录像机及其 2 路通道");
        message.TextBody.ShouldContain("应对措施 / Countermeasures: 期间调阅录像请使用中心存储备份");
        message.TextBody.ShouldContain("联系人 / Contact: 值班电话 8888");
    }

    [Fact]
    public async Task Create_BadInput_NamesEachField()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var vendor = await harness.ClientAsync("vendor");
        var now = harness.Time.GetUtcNow();

        var problem = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Huge", title = "", deviceIds = new[] { harness.CampusCamera, 999_999L }, plannedStart = now.AddHours(2), plannedEnd = now.AddHours(1),
        }, HttpStatusCode.BadRequest)).GetRawText();

        problem.ShouldContain("Huge");
        problem.ShouldContain("change.field.required");
        problem.ShouldContain("change.window.required");
        problem.ShouldContain(harness.CampusCamera.ToString(System.Globalization.CultureInfo.InvariantCulture)); // outside the vendor's station
        problem.ShouldContain("999999");
        await using var db = harness.App.CreateDbContext();
        (await db.ChangeRequests.CountAsync(Cancellation)).ShouldBe(0);
    }
}
