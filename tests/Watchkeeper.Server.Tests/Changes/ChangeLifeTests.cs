using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Changes.ChangeHarness;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// The whole life of a standard, a major and an emergency change over the API on a fake clock, from the request to the
/// post-implementation review. The minor change's life is in <see cref="ChangeApiTests"/>.
/// </summary>
public sealed class ChangeLifeTests
{
    private static readonly string s_checksum = new string('0', 63) + "f";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Standard_WholeLife_TemplateApprovesWithoutBackup(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var vendor = await harness.ClientAsync("vendor");
        using var lead = await harness.ClientAsync("lead");
        using var manager = await harness.ClientAsync("manager");
        var template = (await SendAsync(admin, "/api/v1/change-templates", new
        {
            name = "录像机例行补丁", description = "厂家例行安全补丁", category = "补丁", steps = "1. 导出配置 2. 安装补丁 3. 核对通道", rollbackPlan = "卸载补丁",
            risk = "Low", allowedDeviceKinds = new[] { "Recorder" }, requiresNotice = false, approvedBy = "技术归口管理单位",
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var start = harness.Time.GetUtcNow().AddHours(2);
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Standard", templateId = template, reason = "厂家发布安全补丁", deviceIds = new[] { harness.Recorder }, plannedStart = start,
            plannedEnd = start.AddHours(1), implementerUserId = harness.UserIds["vendor"],
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        (await ActAsync(vendor, id, new { action = "submit" })).GetProperty("state").GetString().ShouldBe("Approved");
        (await ActAsync(lead, id, new { action = "issue-permit", safetyMeasures = "导出配置后再安装" })).GetProperty("state").GetString()
            .ShouldBe("PermitIssued");
        harness.Time.SetUtcNow(start);
        await ActAsync(vendor, id, new { action = "start" });
        await ActAsync(vendor, id, new { action = "close", results = "补丁已安装，通道正常", restoredSettings = "无" });
        var reviewed = await ActAsync(manager, id, new { action = "review", comment = "按模板完成" });

        reviewed.GetProperty("state").GetString().ShouldBe("Reviewed");
        Actions(reviewed).ShouldBe(
        [
            "Created", "Submitted", "ApprovalCompleted", "PermitIssued", "Started", "Closed", "Reviewed",
        ]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Major_WholeLife_ChainTrialRunNoticeThenClosure(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var vendor = await harness.ClientAsync("vendor");
        using var lead = await harness.ClientAsync("lead");
        using var leader = await harness.ClientAsync("leader");
        using var business = await harness.ClientAsync("business");
        using var tmu = await harness.ClientAsync("tmu");
        using var manager = await harness.ClientAsync("manager");
        var start = harness.Time.GetUtcNow().AddDays(3);
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Major", title = "录像存储迁移到新阵列", reason = "旧阵列过保", deviceIds = new[] { harness.Recorder }, plannedStart = start,
            plannedEnd = start.AddHours(6), rollbackPlan = "切回旧阵列",
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await SendAsync(vendor, $"/api/v1/changes/{id}/plan-versions", new { content = "# 技术实施方案 V1", note = "初稿" }, HttpStatusCode.OK);
        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(business, id, new { action = "reject", comment = "请补充回退时限" });
        await SendAsync(vendor, $"/api/v1/changes/{id}/plan-versions", new { content = "# 技术实施方案 V2\n回退在 30 分钟内完成", note = "补充回退时限" },
            HttpStatusCode.OK);
        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(business, id, new { action = "approve", comment = "同意" });
        await ActAsync(tmu, id, new { action = "approve", comment = "同意" });
        (await ActAsync(leader, id, new { action = "approve", comment = "同意实施" })).GetProperty("state").GetString().ShouldBe("Approved");

        await SendAsync(vendor, $"/api/v1/changes/{id}/backups", new { what = "录像索引与配置", location = "/backup/nvr03", sha256 = s_checksum, sizeBytes = 4096 },
            HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{id}/trial-runs", new
        {
            environment = "测试环境 NVR", steps = "迁移 1 TB 样本并回放", results = "回放正常", evidence = "/evidence/trial-1", passed = true, signedOffBy = "技术归口管理单位",
        }, HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{id}/notices", new { impactScope = "城关派出所录像回放", countermeasures = "期间使用中心存储", contact = "8888" },
            HttpStatusCode.OK);
        await ActAsync(lead, id, new { action = "issue-permit", safetyMeasures = "迁移前停止写入" });
        harness.Time.SetUtcNow(start);
        await ActAsync(vendor, id, new { action = "start" });
        await ActAsync(vendor, id, new { action = "record-work", comment = "数据迁移完成 60%" });
        await ActAsync(vendor, id, new { action = "close", results = "迁移完成，回放正常", restoredSettings = "恢复录像写入" });
        var reviewed = await ActAsync(manager, id, new { action = "review", comment = "迁移耗时符合方案" });

        reviewed.GetProperty("state").GetString().ShouldBe("Reviewed");
        reviewed.GetProperty("approvalRound").GetInt32().ShouldBe(2);
        reviewed.GetProperty("planVersions").GetInt32().ShouldBe(2);
        Actions(reviewed).ShouldBe(
        [
            "Created", "PlanVersionAdded", "Submitted", "Rejected", "PlanVersionAdded", "Submitted", "Approved", "Approved", "StepCompleted",
            "StepCompleted", "Approved", "StepCompleted", "ApprovalCompleted", "BackupRecorded", "TrialRunRecorded", "NoticeSent", "PermitIssued",
            "Started", "WorkRecorded", "Closed", "Reviewed",
        ], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Emergency_WholeLife_PermitFirstApprovedAfterTheFact(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var vendor = await harness.ClientAsync("vendor");
        using var lead = await harness.ClientAsync("lead");
        using var leader = await harness.ClientAsync("leader");
        using var manager = await harness.ClientAsync("manager");
        var now = harness.Time.GetUtcNow();
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Emergency", title = "紧急切换备用录像机", reason = "NVR-03 硬盘阵列故障", deviceIds = new[] { harness.Recorder }, plannedStart = now,
            plannedEnd = now.AddHours(2),
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var submitted = await ActAsync(vendor, id, new { action = "submit" });
        submitted.GetProperty("approvalDueAt").GetDateTimeOffset().ShouldBe(now.AddHours(24));
        await SendAsync(vendor, $"/api/v1/changes/{id}/notices", new { impactScope = "城关派出所录像", countermeasures = "切换到备用录像机", contact = "8888" },
            HttpStatusCode.OK);
        (await ActAsync(lead, id, new { action = "issue-permit", safetyMeasures = "保留故障盘" })).GetProperty("state").GetString().ShouldBe("PermitIssued");
        await ActAsync(vendor, id, new { action = "start" });
        harness.Time.Advance(TimeSpan.FromHours(1));
        await ActAsync(vendor, id, new { action = "close", results = "已切换到备用录像机", restoredSettings = "录像计划照旧" });
        (await ActAsync(manager, id, new { action = "review", comment = "复盘" }, HttpStatusCode.Conflict)).GetRawText()
            .ShouldContain("change.review.not_approved");
        var approved = await ActAsync(leader, id, new { action = "approve", comment = "事后同意" });
        approved.GetProperty("state").GetString().ShouldBe("Closed");
        approved.GetProperty("approvedAt").GetDateTimeOffset().ShouldBe(now.AddHours(1));
        var reviewed = await ActAsync(manager, id, new { action = "review", comment = "切换及时" });

        reviewed.GetProperty("state").GetString().ShouldBe("Reviewed");
        var view = await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/{id}", Cancellation);
        Actions(view).ShouldBe(
        [
            "Created", "Submitted", "NoticeSent", "PermitIssued", "Started", "Closed", "Approved", "StepCompleted", "ApprovalCompleted", "Reviewed",
        ]);
        await using var db = harness.App.CreateDbContext();
        (await db.MaintenanceWindows.AsNoTracking().CountAsync(Cancellation)).ShouldBe(1);
    }

    private static IReadOnlyList<string?> Actions(JsonElement change) =>
        [.. change.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("action").GetString())];
}
