using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>
/// Sends SMS through an HTTP gateway described by the channel's settings. {mobile} (the delivery's mobiles, joined
/// with commas) and {text} are URL-encoded in the URL and in a form body, and JSON-escaped in a JSON body.
/// </summary>
public sealed class SmsSender(HttpSending http) : INotificationSender
{
    public NotificationChannelKind Kind => NotificationChannelKind.Sms;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var gateway = (SmsSettings)settings;
        if (message.Addresses.Count == 0)
        {
            throw new NotificationSendException("The delivery has no mobile number; give the receiver a mobile number.");
        }

        var mobile = string.Join(',', message.Addresses);
        var url = Fill(gateway.GatewayUrl, mobile, message.Text, Uri.EscapeDataString);
        using var request = new HttpRequestMessage(gateway.IsPost ? HttpMethod.Post : HttpMethod.Get, url);
        if (gateway.IsPost)
        {
            var json = gateway.ContentType == "application/json";
            var body = Fill(gateway.BodyTemplate, mobile, message.Text, json ? JsonEscape : Uri.EscapeDataString);
            request.Content = new StringContent(body, Encoding.UTF8, gateway.ContentType);
        }

        foreach (var (name, value) in gateway.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.Client.SendAsync(request, cancellationToken);
        var responseText = await HttpSending.ReadAsync(response, cancellationToken);
        if (!string.IsNullOrEmpty(gateway.SuccessContains) && !responseText.Contains(gateway.SuccessContains, StringComparison.Ordinal))
        {
            throw new NotificationSendException($"The SMS gateway's response lacks '{gateway.SuccessContains}': {HttpSending.Shorten(responseText)}");
        }
    }

    internal static string Fill(string template, string mobile, string text, Func<string, string> encode) => template
        .Replace(SmsSettings.MobilePlaceholder, encode(mobile), StringComparison.Ordinal)
        .Replace(SmsSettings.TextPlaceholder, encode(text), StringComparison.Ordinal);

    private static string JsonEscape(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
