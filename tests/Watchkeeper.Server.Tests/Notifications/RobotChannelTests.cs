using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Watchkeeper.Server.Notifications;
using static Watchkeeper.Server.Tests.Notifications.NotificationHarness;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>
/// The chat robots, SMS gateway and webhook against HTTP receivers on 127.0.0.1. Each receiver checks the signature
/// the way the vendor documents it, written here independently of the sender's code.
/// </summary>
public sealed class RobotChannelTests
{
    private const string Secret = "SEC0123456789abcdef-测试";

    [Theory]
    [InlineData(Secret, DeliveryStatus.Sent)]
    [InlineData("SECwrong", DeliveryStatus.Pending)]
    public async Task DingTalk_SignedRequest_CheckedLikeDingTalk(string channelSecret, DeliveryStatus expected)
    {
        await using var robot = await LoopbackReceiver.StartAsync(DingTalkRobot);
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("钉钉值班群", "DingTalk",
            new { webhookUrl = robot.BaseUrl + "/robot/send?access_token=token-1", secret = channelSecret });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.DingTalk, "13800000001", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(expected, stored.LastError);
        var request = robot.Requests.Single();
        request.Query("access_token").ShouldBe("token-1");
        request.Query("timestamp").ShouldBe(harness.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("msgtype").GetString().ShouldBe("markdown");
        body.GetProperty("markdown").GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("设备离线");
        body.GetProperty("markdown").GetProperty("text").GetString().ShouldEndWith("@13800000001");
        body.GetProperty("at").GetProperty("atMobiles")[0].GetString().ShouldBe("13800000001");
        if (expected == DeliveryStatus.Pending)
        {
            stored.LastError.ShouldNotBeNull().ShouldContain("errcode 310000");
        }
    }

    [Theory]
    [InlineData(Secret, DeliveryStatus.Sent)]
    [InlineData("wrong-secret", DeliveryStatus.Pending)]
    public async Task Feishu_SignedBody_CheckedLikeFeishu(string channelSecret, DeliveryStatus expected)
    {
        await using var robot = await LoopbackReceiver.StartAsync(FeishuRobot);
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("飞书值班群", "Feishu", new { webhookUrl = robot.BaseUrl + "/open-apis/bot/v2/hook/hook-1", secret = channelSecret });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Feishu, "", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(expected, stored.LastError);
        var body = JsonDocument.Parse(robot.Requests.Single().Body).RootElement;
        body.GetProperty("timestamp").GetString().ShouldBe(harness.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        body.GetProperty("card").GetProperty("elements")[0].GetProperty("content").GetString().ShouldNotBeNull().ShouldContain("设备离线");
        if (expected == DeliveryStatus.Pending)
        {
            stored.LastError.ShouldNotBeNull().ShouldContain("code 19021");
        }
    }

    [Fact]
    public async Task WeCom_MobilesGiven_SendsTextWithMentions()
    {
        await using var robot = await LoopbackReceiver.StartAsync(_ => (200, """{"errcode":0,"errmsg":"ok"}"""));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("企业微信值班群", "WeCom", new { webhookUrl = robot.BaseUrl + "/cgi-bin/webhook/send?key=key-1" });
        var alarm = await harness.AddAlarmAsync();
        var withMobiles = await harness.EnqueueAsync(channel, NotificationChannelKind.WeCom, "13800000001,13800000002", alarm);
        var withoutMobiles = await harness.EnqueueAsync(channel, NotificationChannelKind.WeCom, "", alarm);

        await harness.Processor.RunDueAsync(Cancellation);

        (await harness.DeliveryAsync(withMobiles)).Status.ShouldBe(DeliveryStatus.Sent);
        (await harness.DeliveryAsync(withoutMobiles)).Status.ShouldBe(DeliveryStatus.Sent);
        // The worker sends due deliveries concurrently, so the robot may receive them in either order.
        var bodies = robot.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        bodies.Select(b => b.GetProperty("msgtype").GetString()).Order().ShouldBe(["markdown", "text"]);
        var text = bodies.Single(b => b.GetProperty("msgtype").GetString() == "text");
        text.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(m => m.GetString()).ShouldBe(["13800000001", "13800000002"]);
        var markdown = bodies.Single(b => b.GetProperty("msgtype").GetString() == "markdown");
        markdown.GetProperty("markdown").GetProperty("content").GetString().ShouldNotBeNull().ShouldContain("### 告警：");
    }

    [Fact]
    public async Task WeCom_ErrorCode_RecordsError()
    {
        await using var robot = await LoopbackReceiver.StartAsync(_ => (200, """{"errcode":93000,"errmsg":"invalid webhook url"}"""));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("企业微信值班群", "WeCom", new { webhookUrl = robot.BaseUrl + "/cgi-bin/webhook/send?key=bad" });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.WeCom, "", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Pending);
        stored.LastError.ShouldNotBeNull().ShouldContain("errcode 93000: invalid webhook url");
    }

    [Fact]
    public async Task Webhook_Secret_SignsBodyBytes()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(request =>
            request.Headers.GetValueOrDefault("X-Watchkeeper-Signature") == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body))
                ? (204, "")
                : (401, "bad signature"));
        await using var harness = await StartAsync();
        var good = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hooks/alarms", secret = Secret });
        var bad = await harness.CreateChannelAsync("运维平台 2", "Webhook", new { url = receiver.BaseUrl + "/hooks/alarms", secret = "other" });
        var alarm = await harness.AddAlarmAsync();
        var signed = await harness.EnqueueAsync(good, NotificationChannelKind.Webhook, "", alarm);
        await harness.Processor.RunDueAsync(Cancellation);
        var wrong = await harness.EnqueueAsync(bad, NotificationChannelKind.Webhook, "", alarm);
        await harness.Processor.RunDueAsync(Cancellation);

        (await harness.DeliveryAsync(signed)).Status.ShouldBe(DeliveryStatus.Sent);
        (await harness.DeliveryAsync(wrong)).LastError.ShouldNotBeNull().ShouldContain("HTTP 401");
        var request = receiver.Requests.First(r => r.Headers["X-Watchkeeper-Delivery"] == signed.ToString(CultureInfo.InvariantCulture));
        request.Headers["Content-Type"].ShouldBe("application/json; charset=utf-8");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("deliveryId").GetInt64().ShouldBe(signed);
        body.GetProperty("kind").GetString().ShouldBe("Firing");
        var sent = body.GetProperty("alarms")[0];
        sent.GetProperty("id").GetInt64().ShouldBe(alarm);
        sent.GetProperty("organization").GetString().ShouldBe("示范园区");
        sent.GetProperty("type").GetString().ShouldBe("Offline");
    }

    [Fact]
    public async Task Webhook_BodyTemplate_EscapesValuesAsJson()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        await using var harness = await StartAsync();
        var template = """{"text": "{{status}} {{title}}", "devices": [{{#alarms}}"{{device}}"{{/alarms}}], "detail": "{{#first}}{{detail}}{{/first}}"}""";
        var channel = await harness.CreateChannelAsync("模板 webhook", "Webhook", new { url = receiver.BaseUrl + "/hook", bodyTemplate = template });
        var alarm = await harness.AddAlarmAsync(deviceCode: "CAM\"1\\");

        await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", alarm);
        await harness.Processor.RunDueAsync(Cancellation);

        var body = JsonDocument.Parse(receiver.Requests.Single().Body).RootElement;
        body.GetProperty("text").GetString().ShouldStartWith("告警 CAM\"1\\ 名称 设备离线");
        body.GetProperty("devices")[0].GetString().ShouldBe("CAM\"1\\ 名称 (CAM\"1\\)");
        body.GetProperty("detail").GetString().ShouldBe("test detail");
    }

    [Theory]
    [InlineData("application/json", """{"to": "{mobile}", "content": "{text}"}""")]
    [InlineData("application/x-www-form-urlencoded", "to={mobile}&content={text}")]
    public async Task Sms_GatewayTemplate_EncodesPlaceholders(string contentType, string bodyTemplate)
    {
        await using var gateway = await LoopbackReceiver.StartAsync(_ => (200, """{"result":"OK"}"""));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("短信网关", "Sms", new
        {
            gatewayUrl = gateway.BaseUrl + "/sms/send?sign={text}",
            method = "POST",
            contentType,
            bodyTemplate,
            headers = new Dictionary<string, string> { ["X-Api-Key"] = "api-key-1" },
            successContains = "\"OK\"",
        });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Sms, "13800000001", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Sent, stored.LastError);
        var request = gateway.Requests.Single();
        request.Headers["X-Api-Key"].ShouldBe("api-key-1");
        request.Query("sign").ShouldBe(stored.Text);
        stored.Text.ShouldStartWith("【Watchkeeper】告警 重要");
        if (contentType == "application/json")
        {
            var body = JsonDocument.Parse(request.Body).RootElement;
            body.GetProperty("to").GetString().ShouldBe("13800000001");
            body.GetProperty("content").GetString().ShouldBe(stored.Text);
        }
        else
        {
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Text);
            form["to"].ToString().ShouldBe("13800000001");
            form["content"].ToString().ShouldBe(stored.Text);
        }
    }

    [Fact]
    public async Task Sms_ResponseWithoutSuccessText_Fails()
    {
        await using var gateway = await LoopbackReceiver.StartAsync(_ => (200, """{"result":"NO_BALANCE"}"""));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("短信网关", "Sms", new
        {
            gatewayUrl = gateway.BaseUrl + "/sms?to={mobile}&text={text}",
            method = "GET",
            successContains = "\"OK\"",
        });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Sms, "13800000001", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Pending);
        stored.LastError.ShouldNotBeNull().ShouldContain("NO_BALANCE");
        gateway.Requests.Single().Query("to").ShouldBe("13800000001");
    }

    /// <summary>DingTalk's documented check: sign = URL-encode(Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret))).</summary>
    private static (int, string) DingTalkRobot(ReceivedRequest request)
    {
        var timestamp = request.Query("timestamp");
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + Secret)));

        // The query parser has already URL-decoded the sign parameter once.
        return request.Query("sign") == expected
            ? (200, """{"errcode":0,"errmsg":"ok"}""")
            : (200, """{"errcode":310000,"errmsg":"sign not match"}""");
    }

    /// <summary>Feishu's documented check: sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)).</summary>
    private static (int, string) FeishuRobot(ReceivedRequest request)
    {
        var body = JsonDocument.Parse(request.Body).RootElement;
        var timestamp = body.GetProperty("timestamp").GetString();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(timestamp + "\n" + Secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash([]));
        return body.GetProperty("sign").GetString() == expected
            ? (200, """{"code":0,"msg":"success","data":{}}""")
            : (200, """{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}""");
    }
}
