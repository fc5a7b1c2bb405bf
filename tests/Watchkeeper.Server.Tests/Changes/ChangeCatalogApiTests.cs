using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Changes.ChangeHarness;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// Standard-change templates, freeze periods, the change calendar, change attachments and the firmware version report
/// over the API, on a real database and a fake clock.
/// </summary>
public sealed class ChangeCatalogApiTests
{
    private static readonly string s_checksum = new string('0', 63) + "f";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Template_StandardChange_NeedsActiveTemplate(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var vendor = await harness.ClientAsync("vendor");
        var start = harness.Time.GetUtcNow().AddDays(3);

        await SendAsync(vendor, "/api/v1/change-templates", TemplateBody("录像机固件升级"), HttpStatusCode.Forbidden);
        var template = await SendAsync(admin, "/api/v1/change-templates", TemplateBody("录像机固件升级"), HttpStatusCode.Created);
        var templateId = template.GetProperty("id").GetInt64();
        template.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        template.GetProperty("approvedBy").GetString().ShouldBe("技术归口管理单位 王工");
        (await SendAsync(admin, "/api/v1/change-templates", TemplateBody("录像机固件升级"), HttpStatusCode.Conflict)).GetRawText()
            .ShouldContain("change.template.name_taken");
        (await SendAsync(admin, "/api/v1/change-templates", TemplateBody("坏模板", kinds: ["Toaster"]), HttpStatusCode.BadRequest)).GetRawText()
            .ShouldContain("Toaster");

        object Standard(long? id, long device) => new
        {
            type = "Standard", templateId = id, reason = "厂家发布安全补丁", deviceIds = new[] { device }, plannedStart = start, plannedEnd = start.AddHours(2),
        };
        (await SendAsync(vendor, "/api/v1/changes", Standard(null, harness.Recorder), HttpStatusCode.BadRequest)).GetRawText()
            .ShouldContain("change.template.required");
        (await SendAsync(vendor, "/api/v1/changes", Standard(999_999, harness.Recorder), HttpStatusCode.BadRequest)).GetRawText()
            .ShouldContain("change.template.not_found");
        var wrongKind = await SendAsync(vendor, "/api/v1/changes", Standard(templateId, harness.Channel1), HttpStatusCode.BadRequest);
        wrongKind.GetRawText().ShouldContain("change.template.device_kind");
        wrongKind.GetRawText().ShouldContain("CAM-0301");
        (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Minor", templateId, title = "t", reason = "r", deviceIds = new[] { harness.Recorder }, plannedStart = start, plannedEnd = start.AddHours(1),
        }, HttpStatusCode.BadRequest)).GetRawText().ShouldContain("change.template.type");

        var created = await SendAsync(vendor, "/api/v1/changes", Standard(templateId, harness.Recorder), HttpStatusCode.Created);
        created.GetProperty("title").GetString().ShouldBe("录像机固件升级");
        created.GetProperty("description").GetString().ShouldBe("1. 备份配置 2. 升级固件 3. 核对通道");
        created.GetProperty("rollbackPlan").GetString().ShouldBe("刷回原固件");
        created.GetProperty("requiresNotice").GetBoolean().ShouldBeFalse();
        var submitted = await ActAsync(vendor, created.GetProperty("id").GetInt64(), new { action = "submit" });
        submitted.GetProperty("state").GetString().ShouldBe("Approved");
        await using (var db = harness.App.CreateDbContext())
        {
            (await db.ChangeRequests.AsNoTracking().SingleAsync(c => c.Id == created.GetProperty("id").GetInt64(), Cancellation)).TemplateId.ShouldBe(templateId);
        }

        (await SendAsync(admin, $"/api/v1/change-templates/{templateId}/deactivate", new { }, HttpStatusCode.OK)).GetProperty("isActive").GetBoolean()
            .ShouldBeFalse();
        var inactive = await SendAsync(vendor, "/api/v1/changes", Standard(templateId, harness.Recorder), HttpStatusCode.BadRequest);
        inactive.GetRawText().ShouldContain("change.template.inactive");
        inactive.GetRawText().ShouldContain("录像机固件升级");
        (await vendor.GetFromJsonAsync<JsonElement>("/api/v1/change-templates?active=true", Cancellation)).GetArrayLength().ShouldBe(0);

        var updated = await admin.PutAsJsonAsync($"/api/v1/change-templates/{templateId}", TemplateBody("录像机固件升级（V2）", kinds: []), Cancellation);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        await SendAsync(admin, $"/api/v1/change-templates/{templateId}/activate", new { }, HttpStatusCode.OK);
        (await SendAsync(vendor, "/api/v1/changes", Standard(templateId, harness.Channel1), HttpStatusCode.Created)).GetProperty("title").GetString()
            .ShouldBe("录像机固件升级（V2）");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Freeze_RejectsSubmitAndPermit_AllowsEmergency(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var vendor = await harness.ClientAsync("vendor");
        using var tmu = await harness.ClientAsync("tmu");
        using var lead = await harness.ClientAsync("lead");
        var now = harness.Time.GetUtcNow();
        var freezeStart = now.AddDays(5);

        await SendAsync(vendor, "/api/v1/change-freeze-periods", new { name = "x", startAt = freezeStart, endAt = freezeStart.AddDays(3) }, HttpStatusCode.Forbidden);
        (await SendAsync(admin, "/api/v1/change-freeze-periods", new { name = "国庆", startAt = freezeStart, endAt = freezeStart }, HttpStatusCode.BadRequest))
            .GetRawText().ShouldContain("change.freeze.window_invalid");
        var freeze = await SendAsync(admin, "/api/v1/change-freeze-periods", new
        {
            name = "国庆封网", startAt = freezeStart, endAt = freezeStart.AddDays(3), organizationIds = new[] { harness.City }, reason = "国庆重大活动保障",
        }, HttpStatusCode.Created);
        var freezeId = freeze.GetProperty("id").GetInt64();
        await SendAsync(admin, "/api/v1/change-freeze-periods", new
        {
            name = "校庆封网", startAt = now.AddDays(1), endAt = now.AddDays(30), organizationIds = new[] { harness.Campus },
        }, HttpStatusCode.Created);

        // Submit: the planned window lies in the city's freeze, which covers the station below it.
        var frozen = await CreateMinorAsync(vendor, harness, freezeStart.AddDays(1));
        var refused = await ActAsync(vendor, frozen, new { action = "submit" }, HttpStatusCode.Conflict);
        refused.GetRawText().ShouldContain("change.freeze.overlap");
        refused.GetRawText().ShouldContain("国庆封网");
        refused.GetRawText().ShouldNotContain("校庆封网");

        // Issue-permit: approved for a window before the freeze, then permitted for a window inside it.
        var early = await CreateMinorAsync(vendor, harness, now.AddDays(3));
        await ActAsync(vendor, early, new { action = "submit" });
        await ActAsync(tmu, early, new { action = "approve", comment = "同意" });
        await SendAsync(vendor, $"/api/v1/changes/{early}/backups", new { what = "配置", location = "/backup/nvr03", sha256 = s_checksum, sizeBytes = 1024 },
            HttpStatusCode.OK);
        await SendAsync(vendor, $"/api/v1/changes/{early}/notices", new
        {
            windowStart = now.AddDays(3), windowEnd = freezeStart.AddDays(2), impactScope = "3 号录像机", countermeasures = "调阅中心备份", contact = "8888",
        }, HttpStatusCode.OK);
        var permitRefused = await ActAsync(lead, early, new { action = "issue-permit", windowStart = freezeStart.AddHours(2), windowEnd = freezeStart.AddHours(4) },
            HttpStatusCode.Conflict);
        permitRefused.GetRawText().ShouldContain("change.freeze.overlap");
        (await ActAsync(lead, early, new { action = "issue-permit" })).GetProperty("state").GetString().ShouldBe("PermitIssued");

        // An emergency change goes ahead in the freeze, and the overlap is on its log.
        var emergency = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Emergency", title = "抢修录像机", reason = "录像中断", deviceIds = new[] { harness.Recorder }, plannedStart = freezeStart.AddHours(1),
            plannedEnd = freezeStart.AddHours(3), requiresNotice = false,
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var submitted = await ActAsync(vendor, emergency, new { action = "submit" });
        submitted.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("action").GetString() == "FreezeOverlapped")
            .Select(a => a.GetProperty("note").GetString()).ShouldBe(["国庆封网"]);

        var list = await vendor.GetFromJsonAsync<JsonElement>("/api/v1/change-freeze-periods", Cancellation);
        list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(["国庆封网"]);

        var deleted = await admin.DeleteAsync($"/api/v1/change-freeze-periods/{freezeId}", Cancellation);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ActAsync(vendor, frozen, new { action = "submit" })).GetProperty("state").GetString().ShouldBe("PendingApproval");
        (await admin.DeleteAsync($"/api/v1/change-freeze-periods/{freezeId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Calendar_OverlappingScope_Conflict(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var vendor = await harness.ClientAsync("vendor");
        var day = harness.Time.GetUtcNow().Date.AddDays(2);
        var start = new DateTimeOffset(day, TimeSpan.Zero).AddHours(10);

        // A names the recorder; B names the station, whose devices include the recorder and its channels.
        var a = await CreateAsync(admin, "Minor", "A 录像机升级", start, start.AddHours(4), devices: [harness.Recorder]);
        var b = await CreateAsync(admin, "Minor", "B 派出所网络调整", start.AddHours(2), start.AddHours(6), organizations: [harness.Station]);
        var c = await CreateAsync(admin, "Minor", "C 校园摄像机", start, start.AddHours(4), devices: [harness.CampusCamera]);
        var later = await CreateAsync(admin, "Minor", "D 次日录像机", start.AddDays(1), start.AddDays(1).AddHours(1), devices: [harness.Recorder]);
        await SendAsync(admin, "/api/v1/change-freeze-periods", new
        {
            name = "校园考试封网", startAt = start.AddHours(3), endAt = start.AddHours(8), organizationIds = new[] { harness.Campus },
        }, HttpStatusCode.Created);

        var calendar = await admin.GetFromJsonAsync<JsonElement>(
            $"/api/v1/changes/calendar?from={Iso(start.AddHours(-10))}&to={Iso(start.AddDays(3))}", Cancellation);

        calendar.GetProperty("changes").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).Order().ShouldBe(new[] { a, b, c, later }.Order());
        var conflicts = calendar.GetProperty("conflicts").EnumerateArray().ToList();
        conflicts.Count.ShouldBe(2, calendar.GetRawText());
        var overlap = conflicts.Single(x => x.GetProperty("kind").GetString() == "Overlap");
        new[] { overlap.GetProperty("changeId").GetInt64(), overlap.GetProperty("otherChangeId").GetInt64() }.Order().ShouldBe(new[] { a, b }.Order());
        overlap.GetProperty("sharedDeviceIds").EnumerateArray().Select(x => x.GetInt64()).ShouldBe(
            new[] { harness.Recorder, harness.Channel1, harness.Channel2 }.Order());
        overlap.GetProperty("start").GetDateTimeOffset().ShouldBe(start.AddHours(2));
        overlap.GetProperty("end").GetDateTimeOffset().ShouldBe(start.AddHours(4));
        var frozen = conflicts.Single(x => x.GetProperty("kind").GetString() == "Freeze");
        frozen.GetProperty("changeId").GetInt64().ShouldBe(c);
        calendar.GetProperty("freezePeriods").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(["校园考试封网"]);

        // The station's engineer sees the station's changes and their conflict, not the campus.
        var scoped = await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/calendar?from={Iso(start.AddHours(-10))}&to={Iso(start.AddDays(3))}",
            Cancellation);
        scoped.GetProperty("changes").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ShouldNotContain(c);
        scoped.GetProperty("conflicts").EnumerateArray().Select(x => x.GetProperty("kind").GetString()).ShouldBe(["Overlap"]);

        var invalid = await admin.GetAsync($"/api/v1/changes/calendar?from={Iso(start)}&to={Iso(start.AddDays(90))}", Cancellation);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync(Cancellation)).ShouldContain("change.calendar.range_invalid");
        (await admin.GetAsync("/api/v1/changes/calendar", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Attachments_ReleaseNotesAndFirmware_StoredHashedLogged(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, new Dictionary<string, string?> { ["ChangeAttachments:MaxFileBytes"] = "65536" });
        using var vendor = await harness.ClientAsync("vendor");
        await harness.App.AddUserAsync("campus", [BuiltInRoles.Engineer], [harness.Campus]);
        using var campus = await harness.ClientAsync("campus");
        var start = harness.Time.GetUtcNow().AddDays(2);
        var id = await CreateMinorAsync(vendor, harness, start);
        var notes = Encoding.ASCII.GetBytes("%PDF-1.7\n% release notes V4.2.0\n");
        var firmware = new byte[40_000];
        new Random(7).NextBytes(firmware);

        var uploaded = await UploadAsync(vendor, id, "Patch", ("NVR_V4.2.0_build231015.dav", firmware));
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(Cancellation));
        var image = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Cancellation))[0];
        image.GetProperty("isFirmwareImage").GetBoolean().ShouldBeTrue();
        image.GetProperty("kind").GetString().ShouldBe("Patch");
        image.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(firmware)));
        (await UploadAsync(vendor, id, "ReleaseNotes", ("发布说明.pdf", notes))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var list = await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/{id}/attachments", Cancellation);
        list.EnumerateArray().Select(a => a.GetProperty("fileName").GetString()).ShouldBe(["NVR_V4.2.0_build231015.dav", "发布说明.pdf"]);
        list[1].GetProperty("isFirmwareImage").GetBoolean().ShouldBeFalse();
        var download = await vendor.GetAsync($"/api/v1/changes/{id}/attachments/{image.GetProperty("id").GetInt64()}", Cancellation);
        (await download.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(firmware);
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var change = await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/{id}", Cancellation);
        change.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("action").GetString() == "AttachmentAdded")
            .Select(a => a.GetProperty("note").GetString()).ShouldBe(["NVR_V4.2.0_build231015.dav", "发布说明.pdf"]);

        await ExpectRejectedAsync(await UploadAsync(vendor, id, null, ("setup.exe", [0x4D, 0x5A, 0x90, 0x00])), HttpStatusCode.BadRequest, "change.attachment.type");
        await ExpectRejectedAsync(await UploadAsync(vendor, id, null, ("方案.pdf", [0x4D, 0x5A, 0x90, 0x00])), HttpStatusCode.BadRequest, "change.attachment.content");
        await ExpectRejectedAsync(await UploadAsync(vendor, id, null, ("big.img", new byte[70_000])), HttpStatusCode.RequestEntityTooLarge,
            "change.attachment.file_too_large");
        await ExpectRejectedAsync(await UploadAsync(vendor, id, "Firmware", ("a.bin", [1])), HttpStatusCode.BadRequest, "Firmware");
        await ExpectRejectedAsync(await UploadAsync(campus, id, null, ("a.bin", [1])), HttpStatusCode.NotFound, "change.not_found");
        (await campus.GetAsync($"/api/v1/changes/{id}/attachments", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await campus.GetAsync($"/api/v1/changes/{id}/attachments/{image.GetProperty("id").GetInt64()}", Cancellation)).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await vendor.GetFromJsonAsync<JsonElement>($"/api/v1/changes/{id}/attachments", Cancellation)).GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FirmwareReport_FollowsRecordedVersion(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var vendor = await harness.ClientAsync("vendor");
        var ledger = new TestLedger(harness.App);
        await ledger.AddDeviceAsync("NVR-04", harness.Station, Core.Devices.DeviceKind.Recorder);
        await ledger.AddDeviceAsync("NVR-05", harness.Station, Core.Devices.DeviceKind.Recorder);
        await ledger.AddDeviceAsync("NVR-91", harness.Campus, Core.Devices.DeviceKind.Recorder);
        await using (var db = harness.App.CreateDbContext())
        {
            foreach (var device in await db.Devices.Where(d => d.Kind == Core.Devices.DeviceKind.Recorder).ToListAsync(Cancellation))
            {
                device.Vendor = "海康威视";
                device.Model = "DS-7816N-K2";
                device.FirmwareVersion = device.Id == harness.Recorder ? "V4.1.0" : "V4.2.0";
            }

            await db.SaveChangesAsync(Cancellation);
        }

        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/reports/firmware-versions", Cancellation);
        var model = before.EnumerateArray().Single();
        model.GetProperty("model").GetString().ShouldBe("DS-7816N-K2");
        model.GetProperty("deviceCount").GetInt32().ShouldBe(4);
        model.GetProperty("mixedVersions").GetBoolean().ShouldBeTrue();
        model.GetProperty("mostCommonVersion").GetString().ShouldBe("V4.2.0");
        model.GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("version").GetString(), v.GetProperty("deviceCount").GetInt32()))
            .ShouldBe([("V4.2.0", 3), ("V4.1.0", 1)]);
        model.GetProperty("outliers").EnumerateArray().Select(o => o.GetProperty("code").GetString()).ShouldBe(["NVR-03"]);

        // The station's engineer sees only the station's three recorders.
        var scoped = (await vendor.GetFromJsonAsync<JsonElement>("/api/v1/reports/firmware-versions", Cancellation)).EnumerateArray().Single();
        scoped.GetProperty("deviceCount").GetInt32().ShouldBe(3);
        (await vendor.GetAsync("/api/v1/reports/firmware-versions/export", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The upgrade recorded on a change moves the ledger, and the report follows.
        var start = harness.Time.GetUtcNow().AddDays(1);
        var template = (await SendAsync(admin, "/api/v1/change-templates", TemplateBody("录像机固件升级"), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var id = (await SendAsync(vendor, "/api/v1/changes", new
        {
            type = "Standard", templateId = template, reason = "统一固件版本", deviceIds = new[] { harness.Recorder }, plannedStart = start,
            plannedEnd = start.AddHours(2),
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await ActAsync(vendor, id, new { action = "submit" });
        await ActAsync(admin, id, new { action = "issue-permit" });
        harness.Time.SetUtcNow(start);
        await ActAsync(vendor, id, new { action = "start" });
        await SendAsync(vendor, $"/api/v1/changes/{id}/versions", new { deviceId = harness.Recorder, versionAfter = "V4.2.0" }, HttpStatusCode.OK);

        var after = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/reports/firmware-versions", Cancellation)).EnumerateArray().Single();
        after.GetProperty("mixedVersions").GetBoolean().ShouldBeFalse();
        after.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("deviceCount").GetInt32()).ShouldBe([4]);
        after.GetProperty("outliers").GetArrayLength().ShouldBe(0);

        var csv = await admin.GetAsync("/api/v1/reports/firmware-versions/export", Cancellation);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Cancellation);
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("厂商 / Vendor,");
        lines.Length.ShouldBe(5);
        lines.ShouldContain(l => l.Contains("NVR-91") && l.Contains("V4.2.0"));
    }

    private static object TemplateBody(string name, string[]? kinds = null) => new
    {
        name, description = "厂家例行固件升级", category = "固件升级", steps = "1. 备份配置 2. 升级固件 3. 核对通道", rollbackPlan = "刷回原固件", risk = "Low",
        allowedDeviceKinds = kinds ?? ["Recorder"], requiresNotice = false, approvedBy = "技术归口管理单位 王工",
    };

    private static async Task<long> CreateMinorAsync(HttpClient client, ChangeHarness harness, DateTimeOffset start) =>
        (await SendAsync(client, "/api/v1/changes", new
        {
            type = "Minor", title = "升级 3 号录像机固件", reason = "修复缺陷", deviceIds = new[] { harness.Recorder }, plannedStart = start,
            plannedEnd = start.AddHours(4),
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private static async Task<long> CreateAsync(HttpClient client, string type, string title, DateTimeOffset start, DateTimeOffset end, long[]? devices = null,
        long[]? organizations = null) =>
        (await SendAsync(client, "/api/v1/changes", new
        {
            type, title, reason = "例行维护", deviceIds = devices ?? [], organizationIds = organizations ?? [], plannedStart = start, plannedEnd = end,
        }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long changeId, string? kind, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        return await client.PostAsync($"/api/v1/changes/{changeId}/attachments", form, Cancellation);
    }

    private static async Task ExpectRejectedAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(status, body);
        body.ShouldContain(expected);
    }

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
