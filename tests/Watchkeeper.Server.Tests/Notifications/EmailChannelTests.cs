using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using static Watchkeeper.Server.Tests.Notifications.NotificationHarness;

namespace Watchkeeper.Server.Tests.Notifications;

public sealed class EmailChannelTests
{
    [Fact]
    public async Task Email_StartTlsWithAuth_DeliversChineseMultipart()
    {
        using var smtp = EximSmtpServer.Start();
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("值班邮件", "Email", Settings(smtp, EximSmtpServer.Password));
        var alarm = await harness.AddAlarmAsync();
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Email, "张工 <zhang@example.com>", alarm);

        await harness.Processor.RunDueAsync(Cancellation);
        var messages = await smtp.WaitForMessagesAsync(1);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Sent, stored.LastError);
        messages.Count.ShouldBe(1);
        var message = messages[0];
        message.Subject.ShouldNotBeNull().ShouldContain("[告警][重要]");
        message.Subject.ShouldNotBeNull().ShouldContain("设备离线");
        var rawSubject = System.Text.Encoding.ASCII.GetString(message.Headers.First(h => h.Id == MimeKit.HeaderId.Subject).RawValue);
        rawSubject.ShouldContain("=?utf-8?", Case.Insensitive, "the Chinese subject is sent as RFC 2047 encoded words");
        message.From.Mailboxes.Single().Name.ShouldBe("视频监控告警");
        message.To.Mailboxes.Single().Address.ShouldBe("zhang@example.com");
        message.Body.ShouldNotBeNull().ContentType.MimeType.ShouldBe("multipart/alternative");
        message.TextBody.ShouldNotBeNull().ShouldContain("类型：设备离线");
        message.TextBody.ShouldNotBeNull().ShouldContain("示范园区");
        message.TextBody.ShouldNotBeNull().ShouldContain("Type: Offline");
        message.HtmlBody.ShouldNotBeNull().ShouldContain("<table");
        message.HtmlBody.ShouldNotBeNull().ShouldContain("设备离线 / Offline");
        message.Headers["X-Watchkeeper-Delivery"].ShouldBe(delivery.ToString(System.Globalization.CultureInfo.InvariantCulture));
        smtp.MainLog.ShouldContain("P=esmtpsa", Case.Sensitive, "esmtpsa: ESMTP over TLS with authentication");
        smtp.MainLog.ShouldContain($"A=plain:{EximSmtpServer.UserName}");
    }

    [Fact]
    public async Task Email_WrongPassword_KeepsDeliveryForRetry()
    {
        using var smtp = EximSmtpServer.Start();
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("值班邮件", "Email", Settings(smtp, "wrong-password"));
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Email, "zhang@example.com", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Pending);
        stored.Attempts.ShouldBe(1);
        stored.LastError.ShouldNotBeNull().ShouldContain("535");
        stored.NextAttemptAt.ShouldBe(harness.Now.AddSeconds(30));
    }

    [Fact]
    public async Task Email_UnpinnedSelfSignedCertificate_FailsTls()
    {
        using var smtp = EximSmtpServer.Start();
        await using var harness = await StartAsync();
        var settings = new
        {
            host = "127.0.0.1", port = smtp.Port, security = "StartTls", userName = EximSmtpServer.UserName, password = EximSmtpServer.Password,
            fromAddress = "alarms@watchkeeper.test",
        };
        var channel = await harness.CreateChannelAsync("值班邮件", "Email", settings);
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Email, "zhang@example.com", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Pending);
        stored.LastError.ShouldNotBeNull().ShouldContain("SslHandshakeException");
    }

    private static object Settings(EximSmtpServer smtp, string password) => new
    {
        host = "127.0.0.1",
        port = smtp.Port,
        security = "StartTls",
        userName = EximSmtpServer.UserName,
        password,
        fromAddress = "alarms@watchkeeper.test",
        fromName = "视频监控告警",
        certificateSha256 = smtp.CertificateSha256,
    };
}
