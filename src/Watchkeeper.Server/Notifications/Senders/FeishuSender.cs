using System.Globalization;
using System.Text.Json.Nodes;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>
/// Posts to a Feishu custom robot: an interactive card with a markdown element, or text, with <c>timestamp</c> and
/// <c>sign</c> in the body when the robot has a secret. Success is code 0 (or the older StatusCode 0) in the response.
/// </summary>
/// <remarks>NOTE: Feishu robots @mention by user id only, so mobiles in the delivery's address are not mentioned.</remarks>
public sealed class FeishuSender(HttpSending http, TimeProvider time) : INotificationSender
{
    public NotificationChannelKind Kind => NotificationChannelKind.Feishu;

    public async Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var robot = (FeishuSettings)settings;
        var body = new JsonObject
        {
            ["msg_type"] = "interactive",
            ["card"] = new JsonObject
            {
                ["header"] = new JsonObject { ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = message.Subject } },
                ["elements"] = new JsonArray(new JsonObject { ["tag"] = "markdown", ["content"] = message.Text }),
            },
        };
        if (!string.IsNullOrEmpty(robot.Secret))
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            body["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            body["sign"] = RobotSigning.Feishu(timestamp, robot.Secret);
        }

        var responseText = await http.PostJsonAsync(robot.WebhookUrl, body, cancellationToken);
        var (code, error) = HttpSending.ReadStatus(responseText, "code", "msg");
        if (code is null)
        {
            (code, error) = HttpSending.ReadStatus(responseText, "StatusCode", "StatusMessage");
        }

        if (code is not 0)
        {
            throw new NotificationSendException($"Feishu responded with code {code?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}: {error}");
        }
    }
}
