using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

/// <summary>
/// The change console: a minor change from the form to its review, with an engineer, an approver of the technical
/// management unit and the administrator, and the notice banners in the console and the portal.
/// </summary>
public sealed class ChangeConsoleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MinorChange_WholeLife_InConsole()
    {
        // The work window lies two days ahead, after the notice's lead time of 24 hours, and the fake clock jumps to it.
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero));
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        // The sessions stay signed in across the jump, which is longer than the default idle timeout of 30 minutes.
        var settings = new Dictionary<string, string?> { ["Changes:WorkerEnabled"] = "false", ["Identity:SessionIdleMinutes"] = "10080" };
        await using var server = BrowserApp.Start(database, settings, services => services.AddSingleton<TimeProvider>(time));
        var ledger = new TestLedger(server.App);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var station = await ledger.AddOrganizationAsync("城关派出所", city);
        var recorder = await ledger.AddDeviceAsync("NVR-03", station, DeviceKind.Recorder);
        await ledger.AddDeviceAsync("CAM-0301", station, DeviceKind.Camera, recorder);
        await server.App.CreateUserAsync("vendor1", BuiltInRoles.Engineer, station);
        await server.App.CreateUserAsync("tmu1", BuiltInRoles.TechnicalManagementUnit, city);
        var start = ChangeActionForm.Local(time.GetUtcNow().AddDays(2));
        await using var engineer = await BrowserSession.StartAsync(server.BaseAddress);
        var page = engineer.Page;
        await page.SignInAsAsync("vendor1");

        // The engineer raises the change in the form.
        await page.OpenAsync("/changes/new");
        await page.FillAsync(Field("change-new-title", "input"), "升级 3 号录像机固件");
        await page.FillAsync(Field("change-new-reason", "textarea"), "修复录像丢失缺陷");
        await page.FillAsync(Field("change-new-description", "textarea"), "V4.1 升级到 V4.2");
        await page.SelectOptionAsync("[data-testid=change-new-organization]", station.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=change-new-device-search]", "NVR");
        await page.Locator($"[data-testid=change-new-device][data-device-id='{recorder}']").ClickAsync();
        await page.FillAsync("[data-testid=change-new-start]", start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=change-new-end]", start.AddHours(4).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync(Field("change-new-rollback", "textarea"), "回刷 V4.1 固件并导入备份配置");
        await page.ClickAsync("[data-testid=change-new-save]");
        await page.WaitForURLAsync(url => url.Split('/')[^1].All(char.IsAsciiDigit));
        var id = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=change-title]")).ToContainTextAsync("升级 3 号录像机固件");
        await Assertions.Expect(page.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "Draft");

        // The impact scope follows the topology: the recorder and its channel.
        await Assertions.Expect(page.Locator("[data-testid=change-scope-device]")).ToHaveCountAsync(2);

        await RunActionAsync(page, "Submit");
        await Assertions.Expect(page.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "PendingApproval");
        await Assertions.Expect(page.Locator("[data-testid=change-action-Approve]")).ToHaveCountAsync(0);

        // The approver finds it in the inbox and approves it there.
        await using var approverSession = await BrowserSession.StartAsync(server.BaseAddress);
        var approver = approverSession.Page;
        await approver.SignInAsAsync("tmu1");
        await approver.OpenAsync("/changes/approvals");
        var item = approver.Locator($"[data-testid=change-approval-item][data-change-id='{id}']");
        await Assertions.Expect(item).ToContainTextAsync("升级 3 号录像机固件");
        await item.Locator(Field("change-approval-comment", "input")).FillAsync("同意，注意保留旧固件");
        await item.Locator("[data-testid=change-approval-approve]").ClickAsync();
        await Assertions.Expect(approver.Locator("[data-testid=change-approvals-empty]")).ToBeVisibleAsync();

        // The engineer records the backup, and the permit still waits for the notice.
        await page.OpenAsync($"/changes/{id}");
        await Assertions.Expect(page.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "Approved");
        await Assertions.Expect(page.Locator("[data-testid=change-decision]")).ToContainTextAsync("同意，注意保留旧固件");
        await page.ClickAsync("[data-testid=change-action-AddBackup]");
        await page.FillAsync(Field("change-action-what", "input"), "NVR-03 配置与固件");
        await page.FillAsync(Field("change-action-location", "input"), "/backup/nvr03/20261207");
        await page.FillAsync(Field("change-action-sha256", "input"), new string('a', 64));
        await page.FillAsync(Field("change-action-size", "input"), "52428800");
        await page.ClickAsync("[data-testid=change-action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=change-backup]")).ToContainTextAsync("NVR-03 配置与固件");
        await Assertions.Expect(page.Locator("[data-testid=change-permit-blocker]")).ToHaveCountAsync(1);

        // The notice composer prefills the scope and previews the exact message.
        await page.ClickAsync("[data-testid=change-action-notice]");
        await Assertions.Expect(page.Locator(Field("change-notice-scope", "textarea"))).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("NVR-03"));
        await page.FillAsync(Field("change-notice-countermeasures", "textarea"), "期间调阅录像请使用中心存储备份");
        await page.FillAsync(Field("change-notice-contact", "input"), "值班电话 8888");
        var preview = page.Locator("[data-testid=change-notice-preview-text]");
        await Assertions.Expect(preview).ToContainTextAsync("变更预告 / Advance notice:");
        await Assertions.Expect(preview).ToContainTextAsync("应对措施 / Countermeasures: 期间调阅录像请使用中心存储备份");
        await Assertions.Expect(preview).ToContainTextAsync("联系人 / Contact: 值班电话 8888");

        // Notices state the window in the platform's time zone, China Standard Time unless set otherwise.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var zoneStart = TimeZoneInfo.ConvertTime(ChangeActionForm.Instant(start)!.Value, zone);
        await Assertions.Expect(preview).ToContainTextAsync($"时间 / Window: {zoneStart:yyyy-MM-dd HH:mm} – {zoneStart.AddHours(4):yyyy-MM-dd HH:mm} (Asia/Shanghai)");
        await page.ClickAsync("[data-testid=change-notice-send]");
        await Assertions.Expect(page.Locator("[data-testid=change-notice]")).ToHaveAttributeAsync("data-kind", "Advance");
        await Assertions.Expect(page.Locator("[data-testid=change-permit-blockers]")).ToHaveCountAsync(0);

        // The banner reaches the engineer, a user of the station, on the next page.
        await page.OpenAsync("/changes");
        await Assertions.Expect(page.Locator($"[data-testid=change-banner][data-change-id='{id}']")).ToContainTextAsync("期间调阅录像请使用中心存储备份");
        await Assertions.Expect(page.Locator("[data-testid=change-row-state]").First).ToHaveAttributeAsync("data-state", "Approved");

        // The approver issues the permit, which prints with its number and safety measures.
        await approver.OpenAsync($"/changes/{id}");
        await approver.ClickAsync("[data-testid=change-action-IssuePermit]");
        await approver.FillAsync(Field("change-action-safety", "textarea"), "先备份配置，保留旧固件");
        await approver.ClickAsync("[data-testid=change-action-confirm]");
        await Assertions.Expect(approver.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "PermitIssued");
        await approver.ClickAsync("[data-testid=change-permit-link]");
        await approver.WaitForURLAsync($"**/changes/{id}/permit");
        await Assertions.Expect(approver.Locator("[data-testid=change-permit-number]")).ToContainTextAsync("XK-BG-");
        await Assertions.Expect(approver.Locator("[data-testid=change-permit-safety]")).ToHaveTextAsync("先备份配置，保留旧固件");
        await Assertions.Expect(approver.Locator("[data-testid=change-permit-responsible]")).ToHaveTextAsync("vendor1");
        await Assertions.Expect(approver.Locator("[data-testid=change-permit-scope]")).ToContainTextAsync("CAM-0301");

        // In the window, the engineer starts, records the version and closes the permit.
        time.SetUtcNow(ChangeActionForm.Instant(start)!.Value);
        await page.OpenAsync($"/changes/{id}");
        await RunActionAsync(page, "Start");
        await Assertions.Expect(page.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "InProgress");
        await page.ClickAsync("[data-testid=change-action-RecordVersion]");
        await page.SelectOptionAsync("[data-testid=change-action-device]", recorder.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync(Field("change-action-version-before", "input"), "V4.1.0");
        await page.FillAsync(Field("change-action-version-after", "input"), "V4.2.0");
        await page.ClickAsync("[data-testid=change-action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=change-version]")).ToContainTextAsync("V4.1.0 → V4.2.0");
        time.Advance(TimeSpan.FromHours(2));
        await page.ClickAsync("[data-testid=change-action-Close]");
        await page.FillAsync(Field("change-action-results", "textarea"), "升级完成，录像正常");
        await page.FillAsync(Field("change-action-restored", "textarea"), "恢复原录像计划");
        await page.ClickAsync("[data-testid=change-action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "Closed");
        await Assertions.Expect(page.Locator("[data-testid=change-no-regressions]")).ToBeVisibleAsync();

        // The engineer may not review; the administrator does.
        await Assertions.Expect(page.Locator("[data-testid=change-action-Review]")).ToHaveCountAsync(0);
        await using var adminSession = await BrowserSession.StartAsync(server.BaseAddress);
        var admin = adminSession.Page;
        await admin.SignInAsync();
        await admin.OpenAsync($"/changes/{id}");
        await admin.ClickAsync("[data-testid=change-action-Review]");
        await admin.FillAsync(Field("change-action-comment", "textarea"), "升级后一周无录像丢失");
        await admin.ClickAsync("[data-testid=change-action-confirm]");
        await Assertions.Expect(admin.Locator("[data-testid=change-state]")).ToHaveAttributeAsync("data-state", "Reviewed");
        await Assertions.Expect(admin.Locator("[data-testid=change-review-note]")).ToHaveTextAsync("升级后一周无录像丢失");
        await adminSession.ScreenshotAsync("change-reviewed");
        var permitWindow = $"{ConsoleTextTime(start)} – {ConsoleTextTime(start.AddHours(4))}";
        await Assertions.Expect(admin.Locator("[data-testid=change-activity][data-action=PermitIssued] [data-testid=change-activity-change]"))
            .ToContainTextAsync(permitWindow);

        var actions = await admin.Locator("[data-testid=change-activity]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)");
        Enumerable.Reverse(actions).ShouldBe(
        [
            "Created", "Submitted", "Approved", "StepCompleted", "ApprovalCompleted", "BackupRecorded", "NoticeSent", "PermitIssued", "Started",
            "VersionRecorded", "Closed", "Reviewed",
        ]);
    }

    [Fact]
    public async Task Banner_AffectedUserSeesIt_OtherDoesNot()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?> { ["Changes:WorkerEnabled"] = "false" });
        var ledger = new TestLedger(server.App);
        var station = await ledger.AddOrganizationAsync("城关派出所");
        var campus = await ledger.AddOrganizationAsync("某大学");
        var recorder = await ledger.AddDeviceAsync("NVR-03", station, DeviceKind.Recorder);
        await server.App.CreateUserAsync("customer1", BuiltInRoles.BusinessDepartment, station);
        await server.App.CreateUserAsync("campus1", BuiltInRoles.BusinessDepartment, campus);
        using var api = await server.App.CreateAdminClientAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var created = await api.PostAsJsonAsync("/api/v1/changes", new
        {
            type = "Minor", title = "升级 3 号录像机固件", reason = "修复录像丢失缺陷", deviceIds = new[] { recorder }, plannedStart = start,
            plannedEnd = start.AddHours(4),
        }, Token);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
        (await api.PostAsJsonAsync($"/api/v1/changes/{id}/notices",
            new { impactScope = "城关派出所 3 号录像机", countermeasures = "期间调阅录像请使用中心存储备份", contact = "值班电话 8888" }, Token)).EnsureSuccessStatusCode();

        await using var customerSession = await BrowserSession.StartAsync(server.BaseAddress);
        var customer = customerSession.Page;
        await customer.SignInAsAsync("customer1");
        await customer.OpenAsync("/portal");
        var portalBanner = customer.Locator($"[data-testid=change-banner][data-change-id='{id}']");
        await Assertions.Expect(portalBanner).ToContainTextAsync("升级 3 号录像机固件");
        await Assertions.Expect(portalBanner.Locator("[data-testid=change-banner-scope]")).ToContainTextAsync("城关派出所 3 号录像机");
        await Assertions.Expect(portalBanner.Locator("[data-testid=change-banner-countermeasures]")).ToContainTextAsync("期间调阅录像请使用中心存储备份");
        await customer.OpenAsync("/changes");
        await Assertions.Expect(customer.Locator($"[data-testid=change-banner][data-change-id='{id}']")).ToBeVisibleAsync();

        await using var otherSession = await BrowserSession.StartAsync(server.BaseAddress);
        var other = otherSession.Page;
        await other.SignInAsAsync("campus1");
        await other.OpenAsync("/portal");
        await Assertions.Expect(other.Locator("[data-testid=portal-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(other.Locator("[data-testid=change-banner]")).ToHaveCountAsync(0);
    }

    /// <summary>Returns a selector for a MudBlazor field's input, whether the test id sits on the input or on its wrapper.</summary>
    private static string Field(string testId, string tag) => $"[data-testid={testId}] {tag}, {tag}[data-testid={testId}]";

    /// <summary>Formats a server-local time as the console shows it, to the second.</summary>
    private static string ConsoleTextTime(DateTime local) => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task RunActionAsync(IPage page, string action)
    {
        await page.ClickAsync($"[data-testid=change-action-{action}]");
        await page.ClickAsync("[data-testid=change-action-confirm]");
    }
}
