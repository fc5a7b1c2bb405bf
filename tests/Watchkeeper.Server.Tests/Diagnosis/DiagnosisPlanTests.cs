using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Diagnosis;

// The validation cases share one server, because starting one costs seconds and a rejected request writes nothing.
public sealed class DiagnosisPlanTests(SharedDiagnosisHarness shared) : IClassFixture<SharedDiagnosisHarness>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Create_NightProfile_IsStoredAndReadBack(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);

        var response = await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans", new
        {
            organizationId = harness.OrganizationId,
            name = "夜间不查亮度",
            checks = new[] { "TooDark", "Blur" },
            sensitivities = new Dictionary<string, int> { ["Blur"] = 7 },
            scheduleMode = "TimesOfDay",
            timesOfDay = new[] { "20:00", "08:00" },
            nightStart = "19:00",
            nightEnd = "07:00",
            nightSkipsBrightnessChecks = true,
        }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        var plan = await harness.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location, Token);
        plan.GetProperty("checks").EnumerateArray().Select(c => c.GetString()).ShouldBe(["Blur", "TooDark"]);
        plan.GetProperty("sensitivities").GetProperty("Blur").GetInt32().ShouldBe(7);
        plan.GetProperty("timesOfDay").EnumerateArray().Select(t => t.GetString()).ShouldBe(["08:00", "20:00"]);
        plan.GetProperty("nightStart").GetString().ShouldBe("19:00");
        plan.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");
    }

    [Fact]
    public async Task Create_SecondPlanOfOrganization_IsConflict()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans", new { organizationId = harness.OrganizationId, name = "A" }, Token);

        var response = await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans", new { organizationId = harness.OrganizationId, name = "B" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("sensitivities", """{"Blur": 11}""")]
    [InlineData("intervalMinutes", "1")]
    [InlineData("timeZone", "\"Mars/Olympus\"")]
    [InlineData("nightStart", "\"25:00\"")]
    [InlineData("frameCount", "17")]
    public async Task Create_InvalidField_IsRejectedNamingIt(string field, string json)
    {
        var harness = await shared.GetAsync();
        var night = field == "nightStart" ? "\"nightEnd\": \"07:00\"," : "";
        var body = $$"""{"organizationId": {{harness.OrganizationId}}, "name": "P", {{night}} "{{field}}": {{json}}}""";

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/plans", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task Create_DeviceOfAnotherOrganization_IsRejected()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var other = await harness.AddOrganizationAsync("其他单位");
        var foreign = await harness.AddCameraAsync("CAM-X", other);

        var response = await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans",
            new { organizationId = harness.OrganizationId, name = "P", cameraScope = "Devices", deviceIds = new[] { foreign } }, Token);

        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("deviceIds");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task EffectivePlan_NearestOrganizationWins(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);
        var branch = await harness.AddOrganizationAsync("城区分局", harness.OrganizationId);
        var station = await harness.AddOrganizationAsync("人民路派出所", branch);
        var camera = await harness.AddCameraAsync("CAM-1", station);
        await CreateAsync(harness, harness.OrganizationId, "市局计划");
        var branchPlan = await CreateAsync(harness, branch, "分局计划");

        var effective = await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/diagnosis/cameras/{camera}/plan", Token);

        effective.GetProperty("planId").GetInt64().ShouldBe(branchPlan);
        effective.GetProperty("builtIn").GetBoolean().ShouldBeFalse();
        effective.GetProperty("covered").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task EffectivePlan_WithoutPlans_IsBuiltIn()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");

        var effective = await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/diagnosis/cameras/{camera}/plan", Token);

        effective.GetProperty("builtIn").GetBoolean().ShouldBeTrue();
        effective.GetProperty("covered").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task DisabledPlan_RejectsDiagnoseNow()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        var plan = await CreateAsync(harness, harness.OrganizationId, "停用");
        await harness.Client.PutAsJsonAsync($"/api/v1/diagnosis/plans/{plan}", new { enabled = false }, Token);

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/run", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_FallsBackToBuiltIn()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        var plan = await CreateAsync(harness, harness.OrganizationId, "临时");

        var deleted = await harness.Client.DeleteAsync($"/api/v1/diagnosis/plans/{plan}", Token);
        var effective = await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/diagnosis/cameras/{camera}/plan", Token);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        effective.GetProperty("builtIn").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task PlanChecks_LimitTheAnalyzersThatRun()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        harness.Frames.Show(camera, StillPicture.Dark);
        await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans", new { organizationId = harness.OrganizationId, name = "只查模糊", checks = new[] { "Blur" } }, Token);

        var result = await harness.RunAsync(camera);

        // The picture is too dark, but the plan runs only the blur check.
        result.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ShouldBe(["Blur"]);
        result.GetProperty("planId").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public void NextDue_TimesOfDay_TakesTheNextLocalTime()
    {
        var plan = DiagnosisPlanRules.Parse(new DiagnosisPlan
        {
            Name = "P",
            ScheduleMode = DiagnosisScheduleMode.TimesOfDay,
            TimesOfDay = "08:00,20:00",
            TimeZone = "Asia/Shanghai",
        });

        // 12:30 UTC is 20:30 in Shanghai: the next round is 08:00 Shanghai the next morning, 00:00 UTC.
        var next = plan.NextDue(new DateTimeOffset(2026, 12, 1, 12, 30, 0, TimeSpan.Zero));

        next.ShouldBe(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void NextDue_Interval_AddsTheInterval()
    {
        var plan = DiagnosisPlanRules.Parse(new DiagnosisPlan { Name = "P", IntervalMinutes = 30 });
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        plan.NextDue(start).ShouldBe(start.AddMinutes(30));
    }

    [Theory]
    [InlineData(11, 0, true)]
    [InlineData(22, 59, true)]
    [InlineData(23, 0, false)]
    [InlineData(4, 0, false)]
    public void OptionsAt_NightWindow_DropsBrightnessChecks(int utcHour, int utcMinute, bool night)
    {
        var plan = DiagnosisPlanRules.Parse(new DiagnosisPlan
        {
            Name = "P",
            TimeZone = "Asia/Shanghai",
            NightStart = new TimeOnly(19, 0),
            NightEnd = new TimeOnly(7, 0),
            NightSkipsBrightnessChecks = true,
        });

        // Shanghai is UTC+8: 11:00 UTC is 19:00 there, 22:59 is 06:59, 23:00 is 07:00 and 04:00 is noon.
        var options = plan.OptionsAt(new DateTimeOffset(2026, 12, 1, utcHour, utcMinute, 0, TimeSpan.Zero));

        options.Includes(DiagnosisKind.TooDark).ShouldBe(!night);
        options.Includes(DiagnosisKind.Blur).ShouldBeTrue();
    }

    [Fact]
    public void OptionsAt_NightSensitivities_ReplaceTheDays()
    {
        var plan = DiagnosisPlanRules.Parse(new DiagnosisPlan
        {
            Name = "P",
            TimeZone = "UTC",
            Sensitivities = "Blur=7",
            NightStart = new TimeOnly(19, 0),
            NightEnd = new TimeOnly(7, 0),
            NightSensitivities = "Blur=3",
        });

        plan.OptionsAt(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)).SensitivityOf(DiagnosisKind.Blur).ShouldBe(7);
        plan.OptionsAt(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero)).SensitivityOf(DiagnosisKind.Blur).ShouldBe(3);
    }

    private static async Task<long> CreateAsync(DiagnosisHarness harness, long organizationId, string name)
    {
        var response = await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/plans", new { organizationId, name }, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
    }
}
