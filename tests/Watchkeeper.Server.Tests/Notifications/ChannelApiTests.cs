using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Templates;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Notifications.NotificationHarness;

namespace Watchkeeper.Server.Tests.Notifications;

// The validation cases share one server, because starting one costs seconds and a rejected request writes nothing.
public sealed class ChannelApiTests(SharedNotificationHarness shared) : IClassFixture<SharedNotificationHarness>
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Secrets_MaskedOnRead_KeptWhenMaskSentBack(DatabaseProvider provider)
    {
        const string secret = "SECkeep-this-secret";
        await using var robot = await LoopbackReceiver.StartAsync(request =>
            request.Query("sign") == Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Query("timestamp") + "\n" + secret)))
                ? (200, """{"errcode":0}""")
                : (200, """{"errcode":310000,"errmsg":"sign not match"}"""));
        await using var harness = await StartAsync(provider);
        var id = await harness.CreateChannelAsync("钉钉值班群", "DingTalk", new { webhookUrl = robot.BaseUrl + "/robot/send?access_token=token-secret-1", secret });

        var read = await harness.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/channels/{id}", Cancellation);
        var settings = read.GetProperty("settings");
        var update = await harness.Admin.PutAsJsonAsync($"/api/v1/notifications/channels/{id}",
            new { name = "钉钉值班群（改名）", kind = "DingTalk", settings, enabled = true, rateLimitPerMinute = 20 }, Cancellation);
        var test = await harness.Admin.PostAsync($"/api/v1/notifications/channels/{id}/test", null, Cancellation);

        settings.GetProperty("secret").GetString().ShouldBe("******");
        settings.GetProperty("webhookUrl").GetString().ShouldBe(robot.BaseUrl + "/robot/send?access_token=******");
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync(Cancellation));
        var list = await harness.Admin.GetStringAsync("/api/v1/notifications/channels", Cancellation);
        list.ShouldNotContain("token-secret-1");
        list.ShouldNotContain(secret);
        var delivery = (await test.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("delivery");
        delivery.GetProperty("status").GetString().ShouldBe("Sent", delivery.GetProperty("lastError").ToString());
        robot.Requests.Single().Query("access_token").ShouldBe("token-secret-1");
        await using var db = harness.App.CreateDbContext();
        var stored = await db.NotificationChannels.SingleAsync(c => c.Id == id, Cancellation);
        stored.ProtectedSettings.ShouldNotContain(secret);
        stored.ProtectedSettings.ShouldNotContain("token-secret-1");
        stored.RateLimitPerMinute.ShouldBe(20);
    }

    [Theory]
    [InlineData("Webhook", """{"url": "ftp://hooks.example.com/a"}""", "settings.url", "ftp://hooks.example.com/a")]
    [InlineData("DingTalk", """{"webhookUrl": "oapi.dingtalk.com/robot/send"}""", "settings.webhookUrl", "oapi.dingtalk.com/robot/send")]
    [InlineData("Email", """{"host": "", "port": 587, "fromAddress": "alarms@example.com"}""", "settings.host", "设置 host")]
    [InlineData("Email", """{"host": "smtp.example.com", "port": 70000, "fromAddress": "alarms@example.com"}""", "settings.port", "70000")]
    [InlineData("Email", """{"host": "smtp.example.com", "fromAddress": "not an address"}""", "settings.fromAddress", "not an address")]
    [InlineData("Sms", """{"gatewayUrl": "https://sms.example.com/send", "method": "POST", "bodyTemplate": "to={mobile}"}""", "settings.bodyTemplate", "{text}")]
    [InlineData("Sms", """{"gatewayUrl": "https://sms.example.com/send?to={mobile}&t={text}", "method": "PUT"}""", "settings.method", "PUT")]
    [InlineData("Webhook", """{"url": "https://hooks.example.com/a", "bodyTemplate": "{{#alarms}}x"}""", "settings.bodyTemplate", "{{/alarms}}")]
    [InlineData("Webhook", """{"url": "https://hooks.example.com/a", "unknownField": 1}""", "settings.unknownField", "unknownField")]
    [InlineData("Pager", """{"url": "https://hooks.example.com/a"}""", "kind", "Pager")]
    public async Task Create_InvalidSettings_Returns400NamingValue(string kind, string settings, string field, string mentioned)
    {
        var harness = await shared.GetAsync();

        var response = await harness.Admin.PostAsJsonAsync("/api/v1/notifications/channels",
            new { name = "渠道", kind, settings = JsonDocument.Parse(settings).RootElement }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(mentioned);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(" / ");
    }

    [Fact]
    public async Task Create_DuplicateNameOrBadRateLimit_Rejected()
    {
        await using var harness = await StartAsync();
        await harness.CreateChannelAsync("运维平台", "Webhook", new { url = "https://hooks.example.com/a" });

        var duplicate = await harness.Admin.PostAsJsonAsync("/api/v1/notifications/channels",
            new { name = "运维平台", kind = "Webhook", settings = new { url = "https://hooks.example.com/b" } }, Cancellation);
        var rate = await harness.Admin.PostAsJsonAsync("/api/v1/notifications/channels",
            new { name = "另一个", kind = "Webhook", settings = new { url = "https://hooks.example.com/b" }, rateLimitPerMinute = 0 }, Cancellation);

        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        rate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await rate.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("field").GetString().ShouldBe("rateLimitPerMinute");
    }

    [Fact]
    public async Task Channels_Viewer_ReadsButCannotWriteOrTest()
    {
        await using var harness = await StartAsync();
        var id = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = "https://hooks.example.com/a", secret = "s1" });
        await harness.App.AddUserAsync("viewer", [BuiltInRoles.Viewer]);
        using var viewer = await harness.App.CreateClientAsAsync("viewer");

        var list = await viewer.GetAsync("/api/v1/notifications/channels", Cancellation);
        var create = await viewer.PostAsJsonAsync("/api/v1/notifications/channels", new { name = "x", kind = "Webhook", settings = new { url = "https://a.example.com" } }, Cancellation);
        var test = await viewer.PostAsync($"/api/v1/notifications/channels/{id}/test", null, Cancellation);
        var delete = await viewer.DeleteAsync($"/api/v1/notifications/channels/{id}", Cancellation);
        var template = await viewer.PutAsJsonAsync("/api/v1/notifications/templates/Firing/Email", new { subject = "x", body = "y" }, Cancellation);

        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync(Cancellation)).ShouldNotContain("\"s1\"");
        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        test.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        template.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SendTest_Webhook_ReturnsSentDelivery()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        await using var harness = await StartAsync();
        var id = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" }, enabled: false);

        var response = await harness.Admin.PostAsJsonAsync($"/api/v1/notifications/channels/{id}/test", new { address = "" }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var delivery = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("delivery");
        delivery.GetProperty("status").GetString().ShouldBe("Sent");
        delivery.GetProperty("kind").GetString().ShouldBe("Test");
        var body = JsonDocument.Parse(receiver.Requests.Single().Body).RootElement;
        body.GetProperty("kind").GetString().ShouldBe("Test");
        body.GetProperty("subject").GetString().ShouldBe("[测试] Watchkeeper 通知渠道测试 / [Test] Watchkeeper notification channel test");
    }

    [Fact]
    public async Task SendTest_UnreachableReceiver_FailsOnce()
    {
        await using var harness = await StartAsync();
        var id = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = "http://127.0.0.1:9/hook" });

        var response = await harness.Admin.PostAsync($"/api/v1/notifications/channels/{id}/test", null, Cancellation);
        var email = await harness.CreateChannelAsync("邮件", "Email", new { host = "127.0.0.1", port = 9, security = "None", fromAddress = "a@example.com" });
        var noAddress = await harness.Admin.PostAsync($"/api/v1/notifications/channels/{email}/test", null, Cancellation);

        var delivery = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("delivery");
        delivery.GetProperty("status").GetString().ShouldBe("Failed");
        delivery.GetProperty("attempts").GetInt32().ShouldBe(1);
        delivery.GetProperty("lastError").GetString().ShouldNotBeNull().ShouldContain("HttpRequestException");
        noAddress.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noAddress.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("field").GetString().ShouldBe("address");
    }

    [Fact]
    public async Task Templates_BrokenRejected_SavedUsedAndReset()
    {
        await using var harness = await StartAsync();
        const string url = "/api/v1/notifications/templates/Firing/Sms";

        var broken = await harness.Admin.PutAsJsonAsync(url, new { subject = "s", body = "{{#alarms}}{{device}}" }, Cancellation);
        var unknown = await harness.Admin.PutAsJsonAsync(url, new { subject = "s", body = "{{nosuch}}" }, Cancellation);
        var saved = await harness.Admin.PutAsJsonAsync(url, new { subject = "{{title}}", body = "告警 {{count}} 条：{{#alarms}}{{deviceCode}} {{type}};{{/alarms}}" }, Cancellation);
        var preview = await harness.Admin.PostAsync(url + "/preview", null, Cancellation);
        var alarm = await harness.AddAlarmAsync();
        var channel = await harness.CreateChannelAsync("短信", "Sms", new { gatewayUrl = "https://sms.example.com/?to={mobile}&t={text}", method = "GET" });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Sms, "13800000001", alarm);
        var reset = await harness.Admin.DeleteAsync(url, Cancellation);
        var list = await harness.Admin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/templates", Cancellation);

        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await broken.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("{{/alarms}}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("nosuch");
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("text").GetString()
            .ShouldBe("告警 2 条：34020000001320000001 设备离线;34020000001110000001 磁盘满;");
        (await harness.DeliveryAsync(delivery)).Text.ShouldBe("告警 1 条：34020000001320000001 设备离线;");
        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var sms = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "Firing" && t.GetProperty("channelKind").GetString() == "Sms");
        sms.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        list.GetProperty("items").GetArrayLength().ShouldBe(30);
    }

    [Fact]
    public async Task Templates_Defaults_RenderEveryKind()
    {
        await using var harness = await StartAsync();

        foreach (var kind in NotificationTemplates.Kinds)
        {
            foreach (var channel in Enum.GetNames<NotificationChannelKind>())
            {
                var response = await harness.Admin.PostAsync($"/api/v1/notifications/templates/{kind}/{channel}/preview", null, Cancellation);
                var message = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{kind}/{channel}");
                message.GetProperty("subject").GetString().ShouldNotBeNullOrWhiteSpace();
                message.GetProperty("text").GetString().ShouldNotBeNull().ShouldNotContain("{{");
            }
        }

        var resolved = await (await harness.Admin.PostAsync("/api/v1/notifications/templates/Resolved/Email/preview", null, Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var escalation = await (await harness.Admin.PostAsync("/api/v1/notifications/templates/Escalation/DingTalk/preview", null, Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        resolved.GetProperty("subject").GetString().ShouldStartWith("[已恢复][紧急] 2 条告警");
        resolved.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("恢复：");
        resolved.GetProperty("html").GetString().ShouldNotBeNull().ShouldContain("恢复 / Resolved");
        escalation.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("已升级到第 1 级");
        escalation.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("影响 16 台设备");
    }

    [Fact]
    public async Task Deliveries_FiltersAndScope()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(request => request.Text.Contains("SCOPE-CAM-B", StringComparison.Ordinal) ? (500, "x") : (200, "{}"));
        await using var harness = await StartAsync();
        var fleet = await Access.ScopedFleet.CreateAsync(harness.App);
        long alarmA;
        await using (var db = harness.App.CreateDbContext())
        {
            alarmA = await db.Alarms.Where(a => a.DeviceId == fleet.DeviceA).Select(a => a.Id).SingleAsync(Cancellation);
        }

        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" });
        var onlyA = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", alarmA);
        var onlyB = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", fleet.AlarmB);
        var both = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", alarmA, fleet.AlarmB);
        await harness.Admin.PostAsync($"/api/v1/notifications/channels/{channel}/test", null, Cancellation);
        await harness.Processor.RunDueAsync(Cancellation);
        using var engineerA = await fleet.ClientForAsync("engineer-a");

        var all = await harness.Admin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries", Cancellation);
        var failed = await harness.Admin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries?status=Failed", Cancellation);
        var pending = await harness.Admin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries?status=pending", Cancellation);
        var byAlarm = await harness.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/deliveries?alarmId={alarmA}&channelId={channel}", Cancellation);
        var scoped = await engineerA.GetFromJsonAsync<JsonElement>("/api/v1/notifications/deliveries", Cancellation);
        var hidden = await engineerA.GetAsync($"/api/v1/notifications/deliveries/{both}", Cancellation);
        var visible = await engineerA.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/deliveries/{onlyA}", Cancellation);
        var badStatus = await harness.Admin.GetAsync("/api/v1/notifications/deliveries?status=Lost", Cancellation);
        var badTime = await harness.Admin.GetAsync("/api/v1/notifications/deliveries?from=yesterday", Cancellation);

        all.GetProperty("total").GetInt32().ShouldBe(4);
        failed.GetProperty("total").GetInt32().ShouldBe(0);
        Ids(pending).Order().ShouldBe([onlyB, both]);
        Ids(byAlarm).Order().ShouldBe([onlyA, both]);
        Ids(scoped).ShouldBe([onlyA], "a restricted user sees neither another organization's alarms nor tests without alarms");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        visible.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("SCOPE-CAM-A");
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badTime.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badTime.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("field").GetString().ShouldBe("from");
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64())];
}
