using System.Net;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Duty.RosterHarness;

namespace Watchkeeper.Server.Tests.Duty;

public sealed class DutyRosterApiTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Generate_ThreeTeamsOverMonth_CreatesEveryShift(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        long[] teams =
        [
            await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city)),
            await harness.CreateTeamAsync("二班", city, await harness.CreateUserAsync("li", BuiltInRoles.Dispatcher, city)),
            await harness.CreateTeamAsync("三班", city, await harness.CreateUserAsync("wang", BuiltInRoles.Dispatcher, city)),
        ];

        var result = await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-12-01", to = "2026-12-31", teamIds = teams }, HttpStatusCode.OK);
        var roster = await GetAsync(harness.Admin, "/api/v1/duty-roster?from=2026-12-01&to=2026-12-31");

        result.GetProperty("created").GetInt32().ShouldBe(62);
        roster.GetArrayLength().ShouldBe(62);
        var first = roster[0];
        first.GetProperty("startAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        first.GetProperty("startAt").GetString().ShouldEndWith("+08:00");
        first.GetProperty("teamName").GetString().ShouldBe("一班");
        first.GetProperty("users")[0].GetProperty("userName").GetString().ShouldBe("zhang");
        first.GetProperty("leader").GetProperty("userName").GetString().ShouldBe("zhang");
        roster[1].GetProperty("endAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(8)));
        roster[2].GetProperty("teamName").GetString().ShouldBe("二班");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Generate_OverlapsExistingShifts_Returns409AndSavesNothing(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-12-01", to = "2026-12-07", teamIds = new[] { team } }, HttpStatusCode.OK);

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-12-05", to = "2026-12-10", teamIds = new[] { team } },
            HttpStatusCode.Conflict);
        var roster = await GetAsync(harness.Admin, "/api/v1/duty-roster?from=2026-12-01&to=2026-12-10");

        problem.GetProperty("code").GetString().ShouldBe("duty.shift.overlap");
        problem.GetProperty("detail").GetString()!.ShouldContain("2026-12-05 的“白班”(08:00–20:00) 与 2026-12-05 的“白班”");
        problem.GetProperty("detail").GetString()!.ShouldContain("overlaps shift '白班' on 2026-12-05");
        roster.GetArrayLength().ShouldBe(14);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateShift_OverlapsSameTeam_Returns409(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var first = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        var second = await harness.CreateTeamAsync("二班", city, await harness.CreateUserAsync("li", BuiltInRoles.Dispatcher, city));
        await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = first, date = "2026-12-01", name = "夜班" }, HttpStatusCode.Created);

        var overlap = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts",
            new { teamId = first, date = "2026-12-02", name = "早班", start = "07:00", end = "09:00" }, HttpStatusCode.Conflict);
        var otherTeam = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts",
            new { teamId = second, date = "2026-12-02", name = "早班", start = "07:00", end = "09:00" }, HttpStatusCode.Created);

        overlap.GetProperty("code").GetString().ShouldBe("duty.shift.overlap");
        otherTeam.GetProperty("endAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OnDuty_SiteWithoutShift_WalksUpToNearestTeam(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var district = await harness.CreateOrganizationAsync("城区分局", city);
        var site = await harness.CreateOrganizationAsync("人民路派出所", district);
        var cityTeam = await harness.CreateTeamAsync("市局值班组", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        var siteTeam = await harness.CreateTeamAsync("派出所白班组", site, await harness.CreateUserAsync("li", BuiltInRoles.Engineer, site),
            new { name = "白班", start = "08:00", end = "20:00" });
        await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-12-01", to = "2026-12-02", teamIds = new[] { cityTeam } }, HttpStatusCode.OK);
        await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-12-01", to = "2026-12-02", teamIds = new[] { siteTeam } }, HttpStatusCode.OK);

        var night = await GetAsync(harness.Admin, $"/api/v1/duty-roster/on-duty?organizationId={site}&at=2026-12-01T23:00:00%2B08:00");
        var day = await GetAsync(harness.Admin, $"/api/v1/duty-roster/on-duty?organizationId={site}&at=2026-12-02T08:00:00%2B08:00");
        var lastNightTick = await GetAsync(harness.Admin, $"/api/v1/duty-roster/on-duty?organizationId={district}&at=2026-12-02T07:59:59%2B08:00");

        night.GetProperty("servedByOrganizationId").GetInt64().ShouldBe(city);
        night.GetProperty("shifts")[0].GetProperty("name").GetString().ShouldBe("夜班");
        night.GetProperty("shifts")[0].GetProperty("users")[0].GetProperty("phoneNumber").GetString().ShouldBe("13800000000");
        day.GetProperty("servedByOrganizationId").GetInt64().ShouldBe(site);
        day.GetProperty("shifts").GetArrayLength().ShouldBe(1);
        day.GetProperty("shifts")[0].GetProperty("teamName").GetString().ShouldBe("派出所白班组");
        lastNightTick.GetProperty("shifts")[0].GetProperty("name").GetString().ShouldBe("夜班");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task OnDuty_NoShiftAnywhere_ReturnsEmpty(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var onDuty = await GetAsync(harness.Admin, $"/api/v1/duty-roster/on-duty?organizationId={city}&at=2026-12-01T08:00:00Z");

        onDuty.GetProperty("shifts").GetArrayLength().ShouldBe(0);
        onDuty.GetProperty("servedByOrganizationId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Handover_IncomingLeader_Acknowledges(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var dayLeader = await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city);
        var nightLeader = await harness.CreateUserAsync("li", BuiltInRoles.Dispatcher, city);
        var dayTeam = await harness.CreateTeamAsync("白班组", city, dayLeader, new { name = "白班", start = "08:00", end = "20:00" });
        var nightTeam = await harness.CreateTeamAsync("夜班组", city, nightLeader, new { name = "夜班", start = "20:00", end = "08:00" });
        var dayShift = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = dayTeam, date = "2026-12-01", name = "白班" }, HttpStatusCode.Created);
        var nightShift = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = nightTeam, date = "2026-12-01", name = "夜班" }, HttpStatusCode.Created);
        using var outgoing = await harness.ClientForAsync("zhang");
        using var incoming = await harness.ClientForAsync("li");
        var dayId = dayShift.GetProperty("id").GetInt64();

        var note = await PostAsync(outgoing, $"/api/v1/duty-roster/shifts/{dayId}/handover",
            new { text = "人民路口-01 摄像机离线，已报修。", openItems = "明早 9 点厂家到场更换电源。" }, HttpStatusCode.Created);
        var noteId = note.GetProperty("id").GetInt64();
        var byAuthor = await PostAsync(outgoing, $"/api/v1/duty-roster/handover/{noteId}/acknowledge", null, HttpStatusCode.Forbidden);
        var acknowledged = await PostAsync(incoming, $"/api/v1/duty-roster/handover/{noteId}/acknowledge", null, HttpStatusCode.OK);
        var again = await PostAsync(incoming, $"/api/v1/duty-roster/handover/{noteId}/acknowledge", null, HttpStatusCode.Conflict);
        var night = await GetAsync(harness.Admin, $"/api/v1/duty-roster/shifts/{nightShift.GetProperty("id").GetInt64()}");

        note.GetProperty("incomingShiftId").GetInt64().ShouldBe(nightShift.GetProperty("id").GetInt64());
        note.GetProperty("author").GetProperty("userName").GetString().ShouldBe("zhang");
        byAuthor.GetProperty("code").GetString().ShouldBe("duty.handover.not_incoming_leader");
        acknowledged.GetProperty("acknowledgedBy").GetProperty("id").GetString().ShouldBe(nightLeader);
        again.GetProperty("code").GetString().ShouldBe("duty.handover.already_acknowledged");
        night.GetProperty("handoverNotes")[0].GetProperty("openItems").GetString().ShouldBe("明早 9 点厂家到场更换电源。");
    }

    [Fact]
    public async Task Handover_UserNotOnShift_Returns403()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("白班组", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        await harness.CreateUserAsync("li", BuiltInRoles.Dispatcher, city);
        var shift = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = team, date = "2026-12-01", name = "白班" }, HttpStatusCode.Created);
        using var stranger = await harness.ClientForAsync("li");

        var problem = await PostAsync(stranger, $"/api/v1/duty-roster/shifts/{shift.GetProperty("id").GetInt64()}/handover", new { text = "无异常" },
            HttpStatusCode.Forbidden);

        problem.GetProperty("code").GetString().ShouldBe("duty.handover.not_on_shift");
    }
}
