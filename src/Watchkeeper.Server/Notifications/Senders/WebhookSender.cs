using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchkeeper.Server.Notifications.Templates;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>
/// Posts a JSON document to a webhook: the channel's body template, or by default the message with its alarms. The
/// body is signed in <c>X-Watchkeeper-Signature: sha256=&lt;hex&gt;</c> when the channel has a secret; 2xx is success.
/// </summary>
public sealed class WebhookSender(HttpSending http, AlarmNotificationItems items, NotificationScopes scopes, TimeProvider time) : INotificationSender
{
    public const string SignatureHeader = "X-Watchkeeper-Signature";
    public const string DeliveryHeader = "X-Watchkeeper-Delivery";

    public NotificationChannelKind Kind => NotificationChannelKind.Webhook;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var webhook = (WebhookSettings)settings;
        var alarms = await items.LoadAsync(message.AlarmIds, cancellationToken);
        var body = Encoding.UTF8.GetBytes(Body(webhook, message, alarms));

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = HttpSending.JsonMediaType;
        request.Headers.Add(DeliveryHeader, message.DeliveryId.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(webhook.Secret))
        {
            request.Headers.Add(SignatureHeader, RobotSigning.Webhook(webhook.Secret, body));
        }

        using var response = await http.Client.SendAsync(request, cancellationToken);
        await HttpSending.ReadAsync(response, cancellationToken);
    }

    private string Body(WebhookSettings webhook, OutgoingMessage message, IReadOnlyList<AlarmNotificationItem> alarms)
    {
        if (!string.IsNullOrWhiteSpace(webhook.BodyTemplate))
        {
            // Validated when the channel was saved.
            var scope = scopes.Create(new AlarmNotificationModel(message.Kind, alarms, message.Recipient));
            return TemplateText.Parse(webhook.BodyTemplate).Value.Render(scope, JsonEscape);
        }

        var document = new JsonObject
        {
            ["deliveryId"] = message.DeliveryId,
            ["kind"] = message.Kind.ToString(),
            ["recipient"] = message.Recipient,
            ["subject"] = message.Subject,
            ["text"] = message.Text,
            ["sentAt"] = time.GetUtcNow(),
            ["alarms"] = new JsonArray([.. alarms.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.AlarmId,
                ["deviceCode"] = a.DeviceCode,
                ["deviceName"] = a.DeviceName,
                ["organization"] = a.OrganizationName,
                ["type"] = a.Type.ToString(),
                ["severity"] = a.Severity.ToString(),
                ["state"] = a.State.ToString(),
                ["subject"] = a.Subject,
                ["detail"] = a.Detail,
                ["firstSeenAt"] = a.FirstSeenAt,
                ["resolvedAt"] = a.ResolvedAt,
                ["affectedDeviceCount"] = a.AffectedDeviceCount,
            })]),
        };
        return document.ToJsonString(HttpSending.Json);
    }

    private static string JsonEscape(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
