using System.Text.Json;

namespace Watchkeeper.Server.Notifications.Pages;

/// <summary>The channel dialog's fields for every kind; only the chosen kind's fields become the settings.</summary>
public sealed class ChannelForm
{
    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public NotificationChannelKind Kind { get; set; } = NotificationChannelKind.Email;

    public bool Enabled { get; set; } = true;

    public int RateLimitPerMinute { get; set; } = 60;

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "";

    public string CertificateSha256 { get; set; } = "";

    /// <summary>The robot's webhook URL, the SMS gateway URL or the webhook URL, by kind.</summary>
    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    public RobotMessageFormat Format { get; set; } = RobotMessageFormat.Markdown;

    public string Method { get; set; } = "POST";

    public string ContentType { get; set; } = "application/json";

    public string BodyTemplate { get; set; } = "";

    /// <summary>SMS gateway headers, one "Name: value" a line.</summary>
    public string Headers { get; set; } = "";

    public string SuccessContains { get; set; } = "";

    public ChannelInput ToInput() => new(Name, Kind.ToString(), Settings(), Enabled, RateLimitPerMinute);

    public static ChannelForm From(ChannelView view)
    {
        var form = new ChannelForm { Id = view.Id, Name = view.Name, Kind = view.Kind, Enabled = view.Enabled, RateLimitPerMinute = view.RateLimitPerMinute };
        if (view.Settings is not { } settings)
        {
            return form;
        }

        form.Host = Text(settings, "host");
        form.Port = settings.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number ? port.GetInt32() : form.Port;
        form.Security = Enum.TryParse<EmailSecurity>(Text(settings, "security"), out var security) ? security : form.Security;
        form.UserName = Text(settings, "userName");
        form.Password = Text(settings, "password");
        form.FromAddress = Text(settings, "fromAddress");
        form.FromName = Text(settings, "fromName");
        form.CertificateSha256 = Text(settings, "certificateSha256");
        form.Url = view.Kind switch
        {
            NotificationChannelKind.Sms => Text(settings, "gatewayUrl"),
            NotificationChannelKind.Webhook => Text(settings, "url"),
            _ => Text(settings, "webhookUrl"),
        };
        form.Secret = Text(settings, "secret");
        form.Format = Enum.TryParse<RobotMessageFormat>(Text(settings, "format"), out var format) ? format : form.Format;
        form.Method = Text(settings, "method") is { Length: > 0 } method ? method : form.Method;
        form.ContentType = Text(settings, "contentType") is { Length: > 0 } contentType ? contentType : form.ContentType;
        form.BodyTemplate = Text(settings, "bodyTemplate");
        form.SuccessContains = Text(settings, "successContains");
        if (settings.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            form.Headers = string.Join('\n', headers.EnumerateObject().Select(h => $"{h.Name}: {h.Value.GetString()}"));
        }

        return form;
    }

    private JsonElement Settings()
    {
        object settings = Kind switch
        {
            NotificationChannelKind.Email => new
            {
                host = Host, port = Port, security = Security.ToString(), userName = Blank(UserName), password = Blank(Password),
                fromAddress = FromAddress, fromName = Blank(FromName), certificateSha256 = Blank(CertificateSha256),
            },
            NotificationChannelKind.DingTalk => new { webhookUrl = Url, secret = Blank(Secret), format = Format.ToString() },
            NotificationChannelKind.WeCom => new { webhookUrl = Url, format = Format.ToString() },
            NotificationChannelKind.Feishu => new { webhookUrl = Url, secret = Blank(Secret) },
            NotificationChannelKind.Sms => new
            {
                gatewayUrl = Url, method = Method, contentType = ContentType, bodyTemplate = BodyTemplate, headers = ParseHeaders(Headers),
                successContains = Blank(SuccessContains),
            },
            _ => (object)new { url = Url, secret = Blank(Secret), bodyTemplate = Blank(BodyTemplate) },
        };
        return JsonSerializer.SerializeToElement(settings);
    }

    private static Dictionary<string, string> ParseHeaders(string text) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split(':', 2))
        .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
        .ToDictionary(group => group.Key, group => group.Last() is { Length: > 1 } parts ? parts[1].Trim() : "", StringComparer.OrdinalIgnoreCase);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Text(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
