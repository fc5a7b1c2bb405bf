using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>The rules, receiver groups, escalation policies and calendars API: round trips and validation.</summary>
public sealed class RoutingApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Rule_CreateReadUpdateDelete_RoundTrips(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();
        var (channelId, userId, organizationId) = await ArrangeAsync(app, client);
        var group = await PostAsync(client, "/api/v1/notifications/groups", new { name = "运维一组", userIds = new[] { userId } }, HttpStatusCode.Created);

        var created = await PostAsync(client, "/api/v1/notifications/rules", new
        {
            name = "重要告警",
            match = new { severities = new[] { "Critical", "major" }, organizationId, deviceKinds = new[] { "Camera" }, alarmTypes = new[] { "Offline" } },
            channelIds = new[] { channelId },
            receivers = new { userIds = new[] { userId }, groupIds = new[] { group.GetProperty("id").GetInt64() }, dutyRoster = true },
            groupWaitSeconds = 60,
            repeatIntervalSeconds = 7200,
            groupBy = new[] { "organization", "alarmType" },
            timeCondition = "BusinessHours",
            quietHours = new { start = "22:00", end = "07:00" },
            @continue = true,
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/rules/{id}", Cancellation);
        read.GetProperty("match").GetProperty("severities").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Critical", "Major"]);
        read.GetProperty("groupBy").EnumerateArray().Select(e => e.GetString()).ShouldBe(["organization", "alarmType"]);
        read.GetProperty("receivers").GetProperty("dutyRoster").GetBoolean().ShouldBeTrue();
        read.GetProperty("quietHours").GetProperty("start").GetString().ShouldBe("22:00");
        read.GetProperty("groupIntervalSeconds").GetInt32().ShouldBe(300);
        read.GetProperty("continue").GetBoolean().ShouldBeTrue();

        var update = await client.PutAsJsonAsync($"/api/v1/notifications/rules/{id}", new { name = "重要告警（改）", channelIds = new[] { channelId },
            receivers = new { userIds = new[] { userId } } }, Cancellation);
        update.StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/rules", Cancellation);
        list.EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("重要告警（改）");

        (await client.DeleteAsync($"/api/v1/notifications/rules/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"/api/v1/notifications/rules/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rule_InvalidValues_NameEachField()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();

        var problem = await PostAsync(client, "/api/v1/notifications/rules", new
        {
            name = "",
            match = new { severities = new[] { "Urgent" }, deviceKinds = new[] { "Toaster" } },
            channelIds = new[] { 999 },
            receivers = new { userIds = new[] { "nobody" } },
            groupWaitSeconds = -1,
            groupBy = new[] { "colour" },
            quietHours = new { start = "25:00", end = "07:00" },
            timeCondition = "Sometimes",
        }, HttpStatusCode.BadRequest);

        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.ShouldBe(["name", "match.severities", "match.deviceKinds", "groupBy", "channelIds", "receivers.userIds", "timeCondition",
            "quietHours.start", "groupWaitSeconds"], ignoreOrder: true);
        problem.GetProperty("detail").GetString()!.ShouldContain(" / ");
        problem.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("field").GetString() == "match.severities")
            .GetProperty("message").GetString()!.ShouldContain("Urgent");
    }

    [Fact]
    public async Task Rule_EmailWithoutReceivers_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();
        var (channelId, _, _) = await ArrangeAsync(app, client);

        var problem = await PostAsync(client, "/api/v1/notifications/rules", new { name = "无人接收", channelIds = new[] { channelId } }, HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("notifications.rule.receivers.missing");
    }

    [Fact]
    public async Task EscalationPolicy_StepsOutOfOrder_Rejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();
        var (_, userId, _) = await ArrangeAsync(app, client);

        var problem = await PostAsync(client, "/api/v1/notifications/escalation-policies", new
        {
            name = "升级",
            steps = new object[] { new { afterMinutes = 60, userIds = new[] { userId } }, new { afterMinutes = 15, userIds = new[] { userId } } },
        }, HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe("steps[1].afterMinutes");

        var created = await PostAsync(client, "/api/v1/notifications/escalation-policies", new
        {
            name = "升级",
            useWorkingTime = true,
            steps = new object[] { new { afterMinutes = 15, userIds = new[] { userId } }, new { afterMinutes = 60, dutyRosterLeader = true } },
        }, HttpStatusCode.Created);
        created.GetProperty("steps").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Calendars_DefaultAndNamed_RoundTrip()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendars", Cancellation);
        var builtIn = list.EnumerateArray().Single();
        builtIn.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        builtIn.GetProperty("workingHours").GetArrayLength().ShouldBe(5);

        var created = await PostAsync(client, "/api/v1/calendars", new
        {
            name = "2026 法定节假日",
            timeZone = "Asia/Shanghai",
            workingHours = new[] { new { day = "Monday", start = "08:30", end = "12:00" }, new { day = "monday", start = "13:30", end = "17:30" } },
            holidays = new[] { "2026-10-01", "2026-10-02" },
            makeUpWorkingDays = new[] { "2026-10-10" },
        }, HttpStatusCode.Created);
        created.GetProperty("workingHours").GetArrayLength().ShouldBe(2);
        created.GetProperty("makeUpWorkingDays")[0].GetString().ShouldBe("2026-10-10");

        var problem = await PostAsync(client, "/api/v1/calendars", new
        {
            name = "错误日历",
            timeZone = "Mars/Olympus",
            workingHours = new[] { new { day = "Funday", start = "18:00", end = "09:00" } },
            holidays = new[] { "2026-13-01" },
        }, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())
            .ShouldBe(["timeZone", "workingHours[0]", "workingHours[0]", "holidays"], ignoreOrder: true);
    }

    [Fact]
    public async Task ReceiverGroup_UsedByRule_CannotBeDeleted()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();
        var (channelId, userId, _) = await ArrangeAsync(app, client);
        var groupId = (await PostAsync(client, "/api/v1/notifications/groups", new { name = "运维一组", userIds = new[] { userId } }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        await PostAsync(client, "/api/v1/notifications/rules", new { name = "组规则", channelIds = new[] { channelId }, receivers = new { groupIds = new[] { groupId } } },
            HttpStatusCode.Created);

        var response = await client.DeleteAsync($"/api/v1/notifications/groups/{groupId}", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("组规则");
    }

    private static async Task<(long ChannelId, string UserId, long OrganizationId)> ArrangeAsync(WatchkeeperApp app, HttpClient client)
    {
        var organizationId = (await PostAsync(client, "/api/v1/organizations", new { name = "测试单位" }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await using var db = app.CreateDbContext();
        var channel = new NotificationChannel { Name = "运维邮件", Kind = NotificationChannelKind.Email, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync(Cancellation);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "zhang", DisplayName = "张工", Email = "zhang@example.com" };
        (await users.CreateAsync(user, "Routing-User-1")).Succeeded.ShouldBeTrue();
        return (channel.Id, user.Id, organizationId);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
