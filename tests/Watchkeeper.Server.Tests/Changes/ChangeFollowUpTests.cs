using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Changes.ChangeHarness;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// The follow-up worker on a fake clock, one pass at a time: approval reminders and their escalation, the overdue
/// approval of an emergency change, and a window that runs over. Messages are queued on an e-mail channel and read
/// from the outbox.
/// </summary>
public sealed class ChangeFollowUpTests
{
    private static readonly string s_checksum = new string('0', 63) + "f";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PendingApproval_TwoRemindersThenEscalationToProjectManager(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await AddMailChannelAsync(harness);
        using var vendor = await harness.ClientAsync("vendor");
        using var tmu = await harness.ClientAsync("tmu");
        var id = await CreateMinorAsync(harness, vendor, harness.Time.GetUtcNow().AddDays(3));
        await ActAsync(vendor, id, new { action = "submit" });

        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(0, 0, 0, 0));
        harness.Time.Advance(TimeSpan.FromHours(8));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(1, 0, 0, 0));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(0, 0, 0, 0));
        (await OutboxAsync(harness)).ShouldBe([("tmu@example.com", "【变更待审批】")]);

        harness.Time.Advance(TimeSpan.FromHours(8));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(1, 0, 0, 0));
        harness.Time.Advance(TimeSpan.FromHours(8));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(0, 1, 0, 0));
        harness.Time.Advance(TimeSpan.FromHours(8));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(0, 0, 0, 0));

        var outbox = await OutboxAsync(harness);
        outbox.ShouldBe([("tmu@example.com", "【变更待审批】"), ("tmu@example.com", "【变更待审批】"), ("manager@example.com", "【变更审批超时】")]);
        var escalation = await DeliveryTextAsync(harness, "manager@example.com");
        escalation.ShouldContain("审批人已被提醒 2 次仍未处理");
        escalation.ShouldContain($"/changes/{id}");

        var view = await GetAsync(vendor, id);
        view.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("action").GetString())
            .Count(a => a is "ApprovalReminded").ShouldBe(2);
        view.GetProperty("activities").EnumerateArray().Last().GetProperty("action").GetString().ShouldBe("ApprovalEscalated");

        // The decision ends the follow-ups.
        await ActAsync(tmu, id, new { action = "approve", comment = "同意" });
        harness.Time.Advance(TimeSpan.FromDays(2));
        (await RunAsync(harness)).ShouldBe(new ChangeWorkerRun(0, 0, 0, 0));
    }

    [Fact]
    public async Task Delegated_ReminderGoesToTheDelegate()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await AddMailChannelAsync(harness);
        using var vendor = await harness.ClientAsync("vendor");
        using var tmu = await harness.ClientAsync("tmu");
        var id = await CreateMinorAsync(harness, vendor, harness.Time.GetUtcNow().AddDays(3));
        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(tmu, id, new { action = "delegate", delegateUserId = harness.UserIds["deputy"], comment = "出差，请代审" });

        harness.Time.Advance(TimeSpan.FromHours(8));
        (await RunAsync(harness)).Reminded.ShouldBe(1);
        (await OutboxAsync(harness)).ShouldBe([("deputy@example.com", "【变更待审批】")]);
    }

    [Fact]
    public async Task Emergency_UnapprovedAtDeadline_LeadershipToldOnce()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Changes:ApprovalReminderHours"] = "0" });
        await AddMailChannelAsync(harness);
        using var vendor = await harness.ClientAsync("vendor");
        var now = harness.Time.GetUtcNow();
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Emergency", title = "紧急切换备用存储", reason = "主存储故障", deviceIds = new[] { harness.Recorder }, plannedStart = now, plannedEnd = now.AddHours(2),
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await ActAsync(vendor, id, new { action = "submit" });

        harness.Time.Advance(TimeSpan.FromHours(24).Subtract(TimeSpan.FromMinutes(1)));
        (await RunAsync(harness)).Overdue.ShouldBe(0);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        (await RunAsync(harness)).Overdue.ShouldBe(1);
        (await RunAsync(harness)).Overdue.ShouldBe(0);

        (await OutboxAsync(harness)).Select(m => m.Address).Order().ShouldBe(["leader@example.com", "manager@example.com"]);
        (await DeliveryTextAsync(harness, "leader@example.com")).ShouldContain("至今未批准");
        (await GetAsync(vendor, id)).GetProperty("activities").EnumerateArray().Last().GetProperty("action").GetString().ShouldBe("ApprovalOverdue");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Overrun_EscalatesToApproversAndExtendsWindowAndNotice(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await AddMailChannelAsync(harness);
        using var vendor = await harness.ClientAsync("vendor");
        using var tmu = await harness.ClientAsync("tmu");
        using var lead = await harness.ClientAsync("lead");
        var start = harness.Time.GetUtcNow().AddDays(2);
        var id = await CreateMinorAsync(harness, vendor, start);
        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(tmu, id, new { action = "approve", comment = "同意" });
        await SendAsync(vendor, $"/api/v1/changes/{id}/backups",
            new { what = "NVR-03 配置与固件", location = "/backup/nvr03", sha256 = s_checksum, sizeBytes = 1024 }, HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{id}/notices",
            new { impactScope = "城关派出所 3 号录像机", countermeasures = "调阅中心备份", contact = "8888" }, HttpStatusCode.OK);
        var windowId = (await ActAsync(lead, id, new { action = "issue-permit", safetyMeasures = "保留旧固件" }))
            .GetProperty("permit").GetProperty("maintenanceWindowId").GetInt64();
        harness.Time.SetUtcNow(start);
        await ActAsync(vendor, id, new { action = "start" });
        await ClearOutboxAsync(harness);

        harness.Time.SetUtcNow(start.AddHours(4).AddSeconds(-1));
        (await RunAsync(harness)).Overran.ShouldBe(0);
        harness.Time.SetUtcNow(start.AddHours(4));
        (await RunAsync(harness)).Overran.ShouldBe(1);
        (await RunAsync(harness)).Overran.ShouldBe(0);

        var view = await GetAsync(vendor, id);
        view.GetProperty("permit").GetProperty("windowEnd").GetDateTimeOffset().ShouldBe(start.AddHours(6));
        view.GetProperty("notices").EnumerateArray().Last().GetProperty("kind").GetString().ShouldBe("Extension");
        view.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("action").GetString()).TakeLast(3)
            .ShouldBe(["Overran", "WindowExtended", "NoticeSent"]);
        await using (var db = harness.App.CreateDbContext())
        {
            (await db.MaintenanceWindows.AsNoTracking().SingleAsync(w => w.Id == windowId, Cancellation)).EndAt.ShouldBe(start.AddHours(6));
        }

        // The approver and the implementer hear of the overrun; every affected user gets the extension notice.
        var outbox = await OutboxAsync(harness);
        outbox.Where(m => m.Subject == "【变更超出窗口】").Select(m => m.Address).Order().ShouldBe(["tmu@example.com", "vendor@example.com"]);
        outbox.Where(m => m.Subject == "【变更延期】").Select(m => m.Address).ShouldContain("business@example.com");
        (await DeliveryTextAsync(harness, "tmu@example.com")).ShouldContain("已自动延长至");

        // The extended end escalates again when the work runs past it too.
        harness.Time.SetUtcNow(start.AddHours(6));
        (await RunAsync(harness)).Overran.ShouldBe(1);
    }

    private static async Task<long> CreateMinorAsync(ChangeHarness harness, HttpClient client, DateTimeOffset start) =>
        (await SendAsync(client, "/api/v1/changes", new
        {
            type = "Minor", title = "升级 3 号录像机固件", reason = "修复录像丢失缺陷", deviceIds = new[] { harness.Recorder },
            plannedStart = start, plannedEnd = start.AddHours(4), implementerUserId = harness.UserIds["vendor"],
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private static Task<ChangeWorkerRun> RunAsync(ChangeHarness harness) =>
        harness.App.Services.GetRequiredService<ChangeWorker>().RunOnceAsync(Cancellation);

    private static async Task<JsonElement> GetAsync(HttpClient client, long id)
    {
        using var response = await client.GetAsync($"/api/v1/changes/{id}", Cancellation);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone();
    }

    private static async Task AddMailChannelAsync(ChangeHarness harness)
    {
        await using var db = harness.App.CreateDbContext();
        db.NotificationChannels.Add(new NotificationChannel { Name = "运维邮箱", Kind = NotificationChannelKind.Email, CreatedAt = harness.Time.GetUtcNow() });
        await db.SaveChangesAsync(Cancellation);
    }

    private static async Task ClearOutboxAsync(ChangeHarness harness)
    {
        await using var db = harness.App.CreateDbContext();
        db.NotificationDeliveries.RemoveRange(await db.NotificationDeliveries.ToListAsync(Cancellation));
        await db.SaveChangesAsync(Cancellation);
    }

    /// <summary>The queued messages as (address, the subject's bracketed heading), oldest first.</summary>
    private static async Task<List<(string Address, string Subject)>> OutboxAsync(ChangeHarness harness)
    {
        await using var db = harness.App.CreateDbContext();
        var deliveries = await db.NotificationDeliveries.AsNoTracking().Where(d => d.Kind == NotificationKind.Change).OrderBy(d => d.Id)
            .Select(d => new { d.Address, d.Subject }).ToListAsync(Cancellation);
        return [.. deliveries.Select(d => (d.Address, d.Subject[..(d.Subject.IndexOf('】') + 1)]))];
    }

    private static async Task<string> DeliveryTextAsync(ChangeHarness harness, string address)
    {
        await using var db = harness.App.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().Where(d => d.Address == address).OrderByDescending(d => d.Id).Select(d => d.Text)
            .FirstAsync(Cancellation);
    }
}
