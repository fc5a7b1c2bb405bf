using System.Net;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Alarms.Suppression.SuppressionHarness;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

// The validation cases share one server, because starting one costs seconds and a rejected request writes nothing.
public sealed class SilenceApiTests(SharedSuppressionHarness shared) : IClassFixture<SharedSuppressionHarness>
{
    private const string Path = "/api/v1/silences";

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Silence_CreateGetExpire_RoundTrips(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();

        var created = await PostAsync(admin, Path, new
        {
            deviceIds = new[] { harness.Fleet.DeviceA },
            alarmTypes = new[] { "Offline" },
            severities = new[] { "Critical", "Major" },
            durationMinutes = 90,
            reason = "更换摄像机电源",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var read = await GetAsync(admin, $"{Path}/{id}");
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var expired = await SendAsync(admin, HttpMethod.Delete, $"{Path}/{id}", null, HttpStatusCode.OK);

        read.GetProperty("start").GetDateTimeOffset().ShouldBe(now);
        read.GetProperty("end").GetDateTimeOffset().ShouldBe(now.AddMinutes(90));
        read.GetProperty("state").GetString().ShouldBe("Active");
        read.GetProperty("reason").GetString().ShouldBe("更换摄像机电源");
        read.GetProperty("createdBy").GetString().ShouldBe("admin");
        read.GetProperty("severities").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Critical", "Major"]);
        expired.GetProperty("state").GetString().ShouldBe("Expired");
        expired.GetProperty("expiredBy").GetString().ShouldBe("admin");
        expired.GetProperty("expiredAt").GetDateTimeOffset().ShouldBe(now.AddMinutes(5));
        expired.GetProperty("end").GetDateTimeOffset().ShouldBe(now.AddMinutes(5));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task List_StateFilter_SplitsActiveAndExpired(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        var active = (await PostAsync(admin, Path, new { deviceKinds = new[] { "Camera" }, end = now.AddHours(1), reason = "巡检" }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var ended = (await PostAsync(admin, Path, new { deviceKinds = new[] { "Switch" }, durationMinutes = 30, reason = "割接" }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        await PostAsync(admin, $"{Path}/{ended}/expire", new { }, HttpStatusCode.OK);

        IdsOf(await GetAsync(admin, $"{Path}?state=active")).ShouldBe([active]);
        IdsOf(await GetAsync(admin, $"{Path}?state=expired")).ShouldBe([ended]);
        IdsOf(await GetAsync(admin, Path)).Count.ShouldBe(2);
        (await GetAsync(admin, $"{Path}?state=soon", HttpStatusCode.BadRequest)).GetProperty("code").GetString().ShouldBe("silence.filter.state");
    }

    [Theory]
    [InlineData("empty", "silence.matcher_empty")]
    [InlineData("reason", "silence.reason")]
    [InlineData("both", "silence.period")]
    [InlineData("neither", "silence.period")]
    [InlineData("endBeforeStart", "silence.end_before_start")]
    [InlineData("tooLong", "silence.duration")]
    public async Task Create_InvalidBody_ReturnsBilingualError(string fault, string code)
    {
        var harness = await shared.GetAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        object body = fault switch
        {
            "empty" => new { durationMinutes = 60, reason = "无匹配条件" },
            "reason" => new { deviceKinds = new[] { "Camera" }, durationMinutes = 60, reason = "" },
            "both" => new { deviceKinds = new[] { "Camera" }, durationMinutes = 60, end = now.AddHours(1), reason = "x" },
            "neither" => new { deviceKinds = new[] { "Camera" }, reason = "x" },
            "endBeforeStart" => new { deviceKinds = new[] { "Camera" }, start = now.AddHours(2), end = now.AddHours(1), reason = "x" },
            _ => new { deviceKinds = new[] { "Camera" }, durationMinutes = 31 * 24 * 60, reason = "x" },
        };

        var problem = await PostAsync(admin, Path, body, HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("detail").GetString()!.ShouldContain(" / ");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ScopedUser_SiblingDevice_RejectedAndHidden(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        using var engineer = await harness.Fleet.ClientForAsync("engineer-a");
        var sibling = (await PostAsync(admin, Path, new { organizationIds = new[] { harness.Fleet.OrganizationB }, durationMinutes = 60, reason = "乙分局检修" },
            HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var outside = await PostAsync(engineer, Path, new { organizationIds = new[] { harness.Fleet.OrganizationB }, durationMinutes = 60, reason = "越权" },
            HttpStatusCode.NotFound);
        var global = await PostAsync(engineer, Path, new { severities = new[] { "Warning" }, durationMinutes = 60, reason = "全部提示级" },
            HttpStatusCode.Forbidden);
        var own = await PostAsync(engineer, Path, new { organizationIds = new[] { harness.Fleet.OrganizationA }, durationMinutes = 60, reason = "甲分局检修" },
            HttpStatusCode.Created);

        outside.GetProperty("code").GetString().ShouldBe("organization.not_found");
        global.GetProperty("code").GetString().ShouldBe("suppression.global_forbidden");
        IdsOf(await GetAsync(engineer, Path)).ShouldBe([own.GetProperty("id").GetInt64()]);
        await GetAsync(engineer, $"{Path}/{sibling}", HttpStatusCode.NotFound);
        await PostAsync(engineer, $"{Path}/{sibling}/expire", new { }, HttpStatusCode.NotFound);
        (await GetAsync(admin, $"{Path}/{sibling}")).GetProperty("state").GetString().ShouldBe("Active");
    }

    [Fact]
    public async Task Expire_AlreadyExpired_KeepsFirstExpiry()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var id = (await PostAsync(admin, Path, new { deviceKinds = new[] { "Camera" }, durationMinutes = 60, reason = "x" }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var first = await PostAsync(admin, $"{Path}/{id}/expire", new { }, HttpStatusCode.OK);
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var second = await PostAsync(admin, $"{Path}/{id}/expire", new { }, HttpStatusCode.OK);

        second.GetProperty("expiredAt").GetDateTimeOffset().ShouldBe(first.GetProperty("expiredAt").GetDateTimeOffset());
        second.GetProperty("state").GetString().ShouldBe("Expired");
    }
}
