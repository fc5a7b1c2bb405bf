using System.Net.Security;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>Sends e-mail over SMTP with MailKit: multipart/alternative with a text and an HTML part, UTF-8 headers and bodies.</summary>
public sealed class EmailSender(IOptions<NotificationOptions> options) : INotificationSender
{
    public NotificationChannelKind Kind => NotificationChannelKind.Email;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var email = (EmailSettings)settings;
        if (message.Addresses.Count == 0)
        {
            throw new NotificationSendException("The delivery has no e-mail address; give the receiver an e-mail address.");
        }

        var mime = Build(email, message);
        using var client = new SmtpClient { Timeout = (int)options.Value.Delivery.Timeout.TotalMilliseconds };
        if (!string.IsNullOrWhiteSpace(email.CertificateSha256))
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), email.CertificateSha256.Replace(":", "", StringComparison.Ordinal),
                    StringComparison.OrdinalIgnoreCase));
        }

        var security = email.Security switch
        {
            EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
            EmailSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(email.Host.Trim(), email.Port, security, cancellationToken);
        if (!string.IsNullOrWhiteSpace(email.UserName))
        {
            await client.AuthenticateAsync(email.UserName, email.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    internal static MimeMessage Build(EmailSettings email, OutgoingMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(email.FromName ?? "", MailboxAddress.Parse(email.FromAddress).Address));
        foreach (var address in message.Addresses)
        {
            mime.To.Add(MailboxAddress.Parse(address));
        }

        mime.Subject = message.Subject;
        mime.Headers.Add("X-Watchkeeper-Delivery", message.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
