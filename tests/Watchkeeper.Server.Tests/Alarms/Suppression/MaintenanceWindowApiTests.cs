using System.Net;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Alarms.Suppression.SuppressionHarness;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

// Tests that check only their own rows or a rejected request share one server per provider, because starting one
// costs seconds. Tests that check whole lists start their own.
public sealed class MaintenanceWindowApiTests(SharedSuppressionHarness shared) : IClassFixture<SharedSuppressionHarness>
{
    private const string Path = "/api/v1/maintenance-windows";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task WeeklyWindow_CreateGetUpdateDelete_RoundTrips(DatabaseProvider provider)
    {
        var harness = await shared.GetAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var start = harness.Time.GetUtcNow();
        var body = new
        {
            name = "每周一三例行维护",
            start,
            end = start.AddDays(60),
            recurrence = new { kind = "Weekly", daysOfWeek = new[] { "Monday", "Wednesday" }, startTime = "02:00", durationMinutes = 120 },
            organizationIds = new[] { harness.Fleet.OrganizationA },
            deviceKinds = new[] { "Camera" },
            alarmTypes = new[] { "Offline" },
            reason = "交换机固件升级",
        };

        var created = await PostAsync(admin, Path, body, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var read = await GetAsync(admin, $"{Path}/{id}");
        body = body with { name = "每周一例行维护", recurrence = body.recurrence with { daysOfWeek = new[] { "Monday" } } };
        var updated = await SendAsync(admin, HttpMethod.Put, $"{Path}/{id}", body, HttpStatusCode.OK);
        await SendAsync(admin, HttpMethod.Delete, $"{Path}/{id}", null, HttpStatusCode.NoContent);

        read.GetProperty("name").GetString().ShouldBe("每周一三例行维护");
        read.GetProperty("start").GetDateTimeOffset().ShouldBe(start);
        read.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");
        read.GetProperty("recurrence").GetProperty("kind").GetString().ShouldBe("Weekly");
        read.GetProperty("recurrence").GetProperty("startTime").GetString().ShouldBe("02:00");
        read.GetProperty("recurrence").GetProperty("durationMinutes").GetInt32().ShouldBe(120);
        read.GetProperty("organizationIds").EnumerateArray().Select(e => e.GetInt64()).ShouldBe([harness.Fleet.OrganizationA]);
        read.GetProperty("deviceKinds")[0].GetString().ShouldBe("Camera");
        read.GetProperty("reason").GetString().ShouldBe("交换机固件升级");
        read.GetProperty("createdBy").GetString().ShouldBe("admin");
        read.GetProperty("nextOccurrence").ValueKind.ShouldBe(JsonValueKind.Object);
        updated.GetProperty("name").GetString().ShouldBe("每周一例行维护");
        updated.GetProperty("recurrence").GetProperty("daysOfWeek").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Monday"]);
        await GetAsync(admin, $"{Path}/{id}", HttpStatusCode.NotFound);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OneOffWindow_InForce_ListedAsActive(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        var current = await PostAsync(admin, Path, new { name = "机房断电检修", start = now.AddMinutes(-10), end = now.AddHours(2), deviceIds = new[] { harness.Fleet.DeviceA } },
            HttpStatusCode.Created);
        var later = await PostAsync(admin, Path, new { name = "下周割接", start = now.AddDays(7), end = now.AddDays(7).AddHours(4), organizationIds = new[] { harness.Fleet.RootId } },
            HttpStatusCode.Created);

        var active = await GetAsync(admin, $"{Path}/active");
        var all = await GetAsync(admin, Path);

        IdsOf(active).ShouldBe([current.GetProperty("id").GetInt64()]);
        current.GetProperty("state").GetString().ShouldBe("Active");
        current.GetProperty("currentOccurrence").GetProperty("end").GetDateTimeOffset().ShouldBe(now.AddHours(2));
        later.GetProperty("state").GetString().ShouldBe("Scheduled");
        IdsOf(all).Count.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CronWindow_Created_ReportsNextOccurrence(DatabaseProvider provider)
    {
        var harness = await shared.GetAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();

        var created = await PostAsync(admin, Path, new
        {
            name = "每日零点重启",
            start = now,
            end = now.AddDays(30),
            timeZone = "UTC",
            recurrence = new { kind = "Cron", expression = "0 0 * * *", durationMinutes = 30 },
        }, HttpStatusCode.Created);

        var next = created.GetProperty("nextOccurrence");
        next.GetProperty("start").GetDateTimeOffset().ShouldBe(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero));
        next.GetProperty("end").GetDateTimeOffset().ShouldBe(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddMinutes(30), TimeSpan.Zero));
        created.GetProperty("recurrence").GetProperty("expression").GetString().ShouldBe("0 0 * * *");
    }

    [Theory]
    [InlineData("cron", "maintenance_window.cron", "recurrence.expression")]
    [InlineData("endBeforeStart", "maintenance_window.end_before_start", "end")]
    [InlineData("noDays", "maintenance_window.days_of_week", "recurrence.daysOfWeek")]
    [InlineData("startTime", "maintenance_window.start_time", "recurrence.startTime")]
    [InlineData("duration", "maintenance_window.duration", "recurrence.durationMinutes")]
    [InlineData("timeZone", "maintenance_window.time_zone", "timeZone")]
    [InlineData("name", "maintenance_window.name", "name")]
    [InlineData("device", "suppression.devices", "deviceIds")]
    public async Task Create_InvalidBody_ReturnsBilingualError(string fault, string code, string field)
    {
        var harness = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        object weekly = new { kind = "Weekly", daysOfWeek = new[] { "Sunday" }, startTime = "02:00", durationMinutes = 60 };
        object body = fault switch
        {
            "cron" => new { name = "x", start = now, end = now.AddDays(1), recurrence = new { kind = "Cron", expression = "0 25 * * *", durationMinutes = 60 } },
            "endBeforeStart" => new { name = "x", start = now, end = now.AddHours(-1) },
            "noDays" => new { name = "x", start = now, end = now.AddDays(1), recurrence = new { kind = "Weekly", daysOfWeek = Array.Empty<string>(), startTime = "02:00", durationMinutes = 60 } },
            "startTime" => new { name = "x", start = now, end = now.AddDays(1), recurrence = new { kind = "Weekly", daysOfWeek = new[] { "Sunday" }, startTime = "25:00", durationMinutes = 60 } },
            "duration" => new { name = "x", start = now, end = now.AddDays(1), recurrence = new { kind = "Weekly", daysOfWeek = new[] { "Sunday" }, startTime = "02:00", durationMinutes = 0 } },
            "timeZone" => new { name = "x", start = now, end = now.AddDays(1), timeZone = "Mars/Olympus", recurrence = weekly },
            "name" => new { name = " ", start = now, end = now.AddDays(1) },
            _ => new { name = "x", start = now, end = now.AddDays(1), deviceIds = new[] { 999_999L } },
        };

        var problem = await PostAsync(admin, Path, body, HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(" / ");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ScopedUser_OrganizationOutsideScope_Returns404(DatabaseProvider provider)
    {
        var harness = await shared.GetAsync(provider);
        using var engineer = await harness.Fleet.ClientForAsync("engineer-a");
        var now = harness.Time.GetUtcNow();

        var problem = await PostAsync(engineer, Path, new { name = "越权窗口", start = now, end = now.AddHours(1), organizationIds = new[] { harness.Fleet.OrganizationB } },
            HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("organization.not_found");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ScopedUser_GlobalWindow_Returns403(DatabaseProvider provider)
    {
        var harness = await shared.GetAsync(provider);
        using var engineer = await harness.Fleet.ClientForAsync("engineer-a");
        var now = harness.Time.GetUtcNow();

        var problem = await PostAsync(engineer, Path, new { name = "全局窗口", start = now, end = now.AddHours(1), deviceKinds = new[] { "Camera" } },
            HttpStatusCode.Forbidden);

        problem.GetProperty("code").GetString().ShouldBe("suppression.global_forbidden");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ScopedUser_SeesOnlyWindowsTouchingOwnOrganizations(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var engineer = await harness.Fleet.ClientForAsync("engineer-a");
        var now = harness.Time.GetUtcNow();
        long Create(JsonElement e) => e.GetProperty("id").GetInt64();
        var ownWindow = Create(await PostAsync(engineer, Path, new { name = "甲分局维护", start = now, end = now.AddHours(1), organizationIds = new[] { harness.Fleet.OrganizationA } },
            HttpStatusCode.Created));
        var rootWindow = Create(await PostAsync(admin, Path, new { name = "全市维护", start = now, end = now.AddHours(1), organizationIds = new[] { harness.Fleet.RootId } },
            HttpStatusCode.Created));
        var globalWindow = Create(await PostAsync(admin, Path, new { name = "全局维护", start = now, end = now.AddHours(1) }, HttpStatusCode.Created));
        var siblingWindow = Create(await PostAsync(admin, Path, new { name = "乙分局维护", start = now, end = now.AddHours(1), deviceIds = new[] { harness.Fleet.DeviceB } },
            HttpStatusCode.Created));

        var seen = IdsOf(await GetAsync(engineer, Path));

        seen.ShouldBe([ownWindow, rootWindow, globalWindow], ignoreOrder: true);
        await GetAsync(engineer, $"{Path}/{siblingWindow}", HttpStatusCode.NotFound);
        await SendAsync(engineer, HttpMethod.Delete, $"{Path}/{siblingWindow}", null, HttpStatusCode.NotFound);
        (await GetAsync(engineer, $"{Path}/{rootWindow}")).GetProperty("canEdit").GetBoolean().ShouldBeFalse();
        await SendAsync(engineer, HttpMethod.Delete, $"{Path}/{rootWindow}", null, HttpStatusCode.Forbidden);
        await SendAsync(engineer, HttpMethod.Delete, $"{Path}/{ownWindow}", null, HttpStatusCode.NoContent);
    }
}
