using System.Text.Json.Nodes;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>
/// Posts to a DingTalk custom robot: markdown or text, @mentioning the mobiles in the delivery's address, signed with
/// <c>timestamp</c> and <c>sign</c> query parameters when the robot has a secret. Success is errcode 0 in the response.
/// </summary>
public sealed class DingTalkSender(HttpSending http, TimeProvider time) : INotificationSender
{
    public NotificationChannelKind Kind => NotificationChannelKind.DingTalk;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var robot = (DingTalkSettings)settings;
        var mobiles = message.Addresses;
        var mentions = mobiles.Count == 0 ? "" : "\n\n" + string.Join(' ', mobiles.Select(m => "@" + m));
        var at = new JsonObject { ["atMobiles"] = new JsonArray([.. mobiles.Select(m => JsonValue.Create(m))]), ["isAtAll"] = false };
        JsonObject body = robot.Format == RobotMessageFormat.Markdown
            ? new() { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["title"] = message.Subject, ["text"] = message.Text + mentions }, ["at"] = at }
            : new() { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = message.Subject + "\n" + message.Text + mentions }, ["at"] = at };

        var responseText = await http.PostJsonAsync(SignedUrl(robot), body, cancellationToken);
        var (code, error) = HttpSending.ReadStatus(responseText, "errcode", "errmsg");
        if (code is not 0)
        {
            throw new NotificationSendException($"DingTalk responded with errcode {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}: {error}");
        }
    }

    private string SignedUrl(DingTalkSettings robot)
    {
        if (string.IsNullOrEmpty(robot.Secret))
        {
            return robot.WebhookUrl;
        }

        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var sign = Uri.EscapeDataString(RobotSigning.DingTalk(timestamp, robot.Secret));
        var separator = robot.WebhookUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{robot.WebhookUrl}{separator}timestamp={timestamp}&sign={sign}";
    }
}
