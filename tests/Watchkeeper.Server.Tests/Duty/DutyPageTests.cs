using System.Globalization;
using System.Net;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Duty.RosterHarness;

namespace Watchkeeper.Server.Tests.Duty;

/// <summary>What the /duty page shows, read from the HTML the server prerenders.</summary>
public sealed class DutyPageTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task DutyPage_GeneratedWeek_ShowsShiftsOnDutyCardAndNotes()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var team = await harness.CreateTeamAsync("一班", city, await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, s_china).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await PostAsync(harness.Admin, "/api/v1/duty-roster/generate", new { from = Day(monday), to = Day(monday.AddDays(6)), teamIds = new[] { team } }, HttpStatusCode.OK);
        var shifts = await GetAsync(harness.Admin, $"/api/v1/duty-roster?from={Day(monday)}&to={Day(monday)}");
        await PostAsync(harness.Admin, $"/api/v1/duty-roster/shifts/{shifts[0].GetProperty("id").GetInt64()}/handover", new { text = "三号机房空调告警已处理。" },
            HttpStatusCode.Created);
        using var console = await ConsoleBrowser.SignInAsync(harness.App);

        var html = await ConsoleBrowser.GetPageAsync(console, "/duty");

        html.ShouldContain("data-testid=\"duty-week-table\"");
        html.ShouldContain($"data-date=\"{Day(monday)}\"");
        html.ShouldContain("zhang★");
        html.ShouldContain("data-testid=\"on-duty-shift\"");
        html.ShouldContain("三号机房空调告警已处理。");
        html.ShouldContain("data-testid=\"duty-generate\"");
    }

    [Fact]
    public async Task NavMenu_UserWithoutDutyView_HidesDutyLink()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        await harness.CreateUserAsync("business", BuiltInRoles.BusinessDepartment, city);
        using var admin = await ConsoleBrowser.SignInAsync(harness.App);
        using var business = await ConsoleBrowser.SignInAsync(harness.App, userName: "business", password: UserPassword);

        var adminHtml = await ConsoleBrowser.GetPageAsync(admin, "/");
        var businessHtml = await ConsoleBrowser.GetPageAsync(business, "/");

        adminHtml.ShouldContain("data-testid=\"nav-duty\"");
        businessHtml.ShouldNotContain("data-testid=\"nav-duty\"");
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
