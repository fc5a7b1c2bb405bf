using System.Text.Json.Nodes;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>
/// Posts to a WeCom group robot. WeCom's markdown messages cannot @mention by mobile, so a delivery with mobiles in
/// its address goes as text with <c>mentioned_mobile_list</c>. Success is errcode 0 in the response.
/// </summary>
public sealed class WeComSender(HttpSending http) : INotificationSender
{
    public NotificationChannelKind Kind => NotificationChannelKind.WeCom;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var robot = (WeComSettings)settings;
        var mobiles = message.Addresses;
        JsonObject body = robot.Format == RobotMessageFormat.Markdown && mobiles.Count == 0
            ? new() { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["content"] = message.Text } }
            : new()
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject
                {
                    ["content"] = message.Subject + "\n" + message.Text,
                    ["mentioned_mobile_list"] = new JsonArray([.. mobiles.Select(m => JsonValue.Create(m))]),
                },
            };

        var responseText = await http.PostJsonAsync(robot.WebhookUrl, body, cancellationToken);
        var (code, error) = HttpSending.ReadStatus(responseText, "errcode", "errmsg");
        if (code is not 0)
        {
            throw new NotificationSendException($"WeCom responded with errcode {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}: {error}");
        }
    }
}
