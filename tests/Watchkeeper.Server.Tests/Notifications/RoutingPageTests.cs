using System.Net;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Duty.RosterHarness;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>What the rule and calendar pages show, read from the HTML the server prerenders.</summary>
public sealed class RoutingPageTests
{
    [Fact]
    public async Task RulesPage_Administrator_ShowsRulesAndEditButtons()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var userId = await harness.CreateUserAsync("zhang", BuiltInRoles.Dispatcher, city);
        var channel = new Server.Notifications.NotificationChannel { Name = "值班短信", Kind = Server.Notifications.NotificationChannelKind.Sms };
        await using (var db = harness.App.CreateDbContext())
        {
            db.NotificationChannels.Add(channel);
            await db.SaveChangesAsync(Cancellation);
        }

        await PostAsync(harness.Admin, "/api/v1/notifications/rules", new
        {
            name = "夜间紧急告警",
            match = new { severities = new[] { "Critical" }, organizationId = city },
            channelIds = new[] { channel.Id },
            receivers = new { userIds = new[] { userId }, dutyRoster = true },
            quietHours = new { start = "22:00", end = "07:00" },
        }, HttpStatusCode.Created);
        using var console = await ConsoleBrowser.SignInAsync(harness.App);

        var html = await ConsoleBrowser.GetPageAsync(console, "/notifications/rules");

        html.ShouldContain("data-testid=\"rule-table\"");
        html.ShouldContain("夜间紧急告警");
        html.ShouldContain("值班短信");
        html.ShouldContain("某市公安局");
        html.ShouldContain("免打扰 22:00–07:00");
        html.ShouldContain("data-testid=\"rule-new\"");
        html.ShouldContain("data-testid=\"rule-edit\"");
    }

    [Fact]
    public async Task RulesPage_Viewer_HidesEditButtons()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        await harness.CreateUserAsync("viewer", BuiltInRoles.Viewer, city);
        using var console = await ConsoleBrowser.SignInAsync(harness.App, userName: "viewer", password: UserPassword);

        var rules = await ConsoleBrowser.GetPageAsync(console, "/notifications/rules");
        var calendars = await ConsoleBrowser.GetPageAsync(console, "/notifications/calendars");

        rules.ShouldContain("data-testid=\"rule-table\"");
        rules.ShouldNotContain("data-testid=\"rule-new\"");
        calendars.ShouldContain("默认工作日历");
        calendars.ShouldNotContain("data-testid=\"calendar-new\"");
    }
}
