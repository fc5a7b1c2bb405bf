using System.Net;
using System.Net.Http.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Duty.RosterHarness;

namespace Watchkeeper.Server.Tests.Duty;

public sealed class DutyRosterAccessTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Reads_OtherOrganizationsTeam_Return404(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var north = await harness.CreateOrganizationAsync("北区分局");
        var south = await harness.CreateOrganizationAsync("南区分局");
        var northTeam = await harness.CreateTeamAsync("北区一班", north, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, north));
        var southTeam = await harness.CreateTeamAsync("南区一班", south, await harness.CreateUserAsync("li", BuiltInRoles.Dispatcher, south));
        var southShift = await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = southTeam, date = "2026-12-01", name = "白班" }, HttpStatusCode.Created);
        await PostAsync(harness.Admin, "/api/v1/duty-roster/shifts", new { teamId = northTeam, date = "2026-12-01", name = "白班" }, HttpStatusCode.Created);
        var southShiftId = southShift.GetProperty("id").GetInt64();
        using var northUser = await harness.ClientForAsync("zhang");

        var teams = await GetAsync(northUser, "/api/v1/duty-roster/teams");
        var roster = await GetAsync(northUser, "/api/v1/duty-roster?from=2026-12-01&to=2026-12-01");
        await GetAsync(northUser, $"/api/v1/duty-roster/teams/{southTeam}", HttpStatusCode.NotFound);
        await GetAsync(northUser, $"/api/v1/duty-roster/shifts/{southShiftId}", HttpStatusCode.NotFound);
        await GetAsync(northUser, $"/api/v1/duty-roster/on-duty?organizationId={south}", HttpStatusCode.NotFound);
        await PostAsync(northUser, $"/api/v1/duty-roster/shifts/{southShiftId}/handover", new { text = "无异常" }, HttpStatusCode.NotFound);
        var edit = await northUser.PutAsJsonAsync($"/api/v1/duty-roster/shifts/{southShiftId}", new { date = "2026-12-02", name = "白班" }, Cancellation);

        teams.GetArrayLength().ShouldBe(1);
        teams[0].GetProperty("id").GetInt64().ShouldBe(northTeam);
        roster.GetArrayLength().ShouldBe(1);
        roster[0].GetProperty("teamId").GetInt64().ShouldBe(northTeam);
        edit.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Generate_DispatcherWithoutAdminister_Returns403()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        using var dispatcher = await harness.ClientForAsync("zhang");

        var generate = await dispatcher.PostAsJsonAsync("/api/v1/duty-roster/generate", new { from = "2026-12-01", to = "2026-12-02", teamIds = new[] { team } }, Cancellation);
        var createShift = await dispatcher.PostAsJsonAsync("/api/v1/duty-roster/shifts", new { teamId = team, date = "2026-12-01", name = "白班" }, Cancellation);

        generate.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        createShift.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CreateShift_Viewer_Returns403()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        await harness.CreateUserAsync("viewer", BuiltInRoles.Viewer, city);
        using var viewer = await harness.ClientForAsync("viewer");

        var create = await viewer.PostAsJsonAsync("/api/v1/duty-roster/shifts", new { teamId = team, date = "2026-12-01", name = "白班" }, Cancellation);
        var read = await viewer.GetAsync("/api/v1/duty-roster/teams", Cancellation);

        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
