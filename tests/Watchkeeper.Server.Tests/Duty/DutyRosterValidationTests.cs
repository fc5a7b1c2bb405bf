using System.Net;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using static Watchkeeper.Server.Tests.Duty.RosterHarness;

namespace Watchkeeper.Server.Tests.Duty;

public sealed class DutyRosterValidationTests
{
    [Fact]
    public async Task CreateTeam_InvalidTime_NamesValueAndFormat()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/teams",
            new { name = "一班", organizationId = city, templates = new[] { new { name = "白班", start = "8点", end = "20:00" } } }, HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("duty.time.invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain("“8点”");
        problem.GetProperty("detail").GetString()!.ShouldContain("HH:mm");
    }

    [Fact]
    public async Task CreateTeam_OverlappingTemplates_Returns400()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/teams", new
        {
            name = "一班",
            organizationId = city,
            templates = new[] { new { name = "白班", start = "08:00", end = "20:00" }, new { name = "夜班", start = "19:00", end = "08:00" } },
        }, HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("duty.template.overlap");
    }

    [Fact]
    public async Task CreateTeam_DuplicateName_Returns409()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/teams", new { name = "一班", organizationId = city }, HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("duty.team.name.duplicate");
    }

    [Fact]
    public async Task CreateTeam_UnknownMember_NamesTheId()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/teams",
            new { name = "一班", organizationId = city, memberUserIds = new[] { "no-such-user" } }, HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("no-such-user");
    }

    [Fact]
    public async Task Generate_RangeOverQuarter_Returns400()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = "2026-01-01", to = "2026-12-31", teamIds = new[] { team } },
            HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("duty.range.invalid");
    }

    [Fact]
    public async Task Generate_TeamWithoutNamedTemplate_NamesTeam()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));

        var problem = await PostAsync(harness.Admin, "/api/v1/duty-roster/generate",
            new { from = "2026-12-01", to = "2026-12-02", teamIds = new[] { team }, templateName = "中班" }, HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("“一班”没有名为“中班”");
    }

    [Fact]
    public async Task ListShifts_ToBeforeFrom_Returns400()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);

        var problem = await GetAsync(harness.Admin, "/api/v1/duty-roster?from=2026-12-10&to=2026-12-01", HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("duty.range.invalid");
    }

    [Fact]
    public async Task OnDuty_MalformedInstant_Returns400()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var problem = await GetAsync(harness.Admin, $"/api/v1/duty-roster/on-duty?organizationId={city}&at=yesterday", HttpStatusCode.BadRequest);

        problem.GetProperty("field").GetString().ShouldBe("at");
    }
}
