using System.Text.Json;
using System.Text.Json.Serialization;
using MimeKit;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Notifications;

public enum EmailSecurity
{
    /// <summary>Plain SMTP; only for a relay on a trusted network.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS (usually port 587 or 25); the server must offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}

public enum RobotMessageFormat
{
    Markdown,
    Text,
}

/// <summary>
/// A channel's settings, one record type per <see cref="NotificationChannelKind"/>. Secrets leave the server only as
/// <see cref="Mask"/>, and an update that sends the mask back keeps the stored secret.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(EmailSettings), "Email")]
[JsonDerivedType(typeof(DingTalkSettings), "DingTalk")]
[JsonDerivedType(typeof(WeComSettings), "WeCom")]
[JsonDerivedType(typeof(FeishuSettings), "Feishu")]
[JsonDerivedType(typeof(SmsSettings), "Sms")]
[JsonDerivedType(typeof(WebhookSettings), "Webhook")]
public abstract record ChannelSettings
{
    public const string Mask = "******";

    [JsonIgnore]
    public abstract NotificationChannelKind Kind { get; }

    /// <summary>Returns every rule the settings break, each naming its field as <c>settings.name</c>.</summary>
    public abstract IReadOnlyList<Error> Validate();

    /// <summary>Returns a copy to show to users: passwords, secrets and tokens in URLs replaced by <see cref="Mask"/>.</summary>
    public abstract ChannelSettings Masked();

    /// <summary>Returns a copy in which every value that is still the mask of a stored secret takes the stored secret.</summary>
    public abstract ChannelSettings WithSecretsFrom(ChannelSettings stored);

    internal static string? KeepSecret(string? input, string? stored) => input == Mask ? stored : input;

    internal static string KeepUrl(string input, string stored, Func<string, string> mask) => input == mask(stored) ? stored : input;
}

public sealed record EmailSettings : ChannelSettings
{
    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.Email;

    public string Host { get; init; } = "";

    public int Port { get; init; } = 587;

    public EmailSecurity Security { get; init; } = EmailSecurity.StartTls;

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string FromAddress { get; init; } = "";

    public string? FromName { get; init; }

    /// <summary>The SHA-256 fingerprint (hex) of a self-signed server certificate to accept; empty to accept only certificates the system trusts.</summary>
    public string? CertificateSha256 { get; init; }

    public override IReadOnlyList<Error> Validate()
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(Host) || Host.Contains("://", StringComparison.Ordinal) || Uri.CheckHostName(Host.Trim()) == UriHostNameType.Unknown)
        {
            errors.Add(NotificationErrors.SettingInvalid("host", Host, "填写 SMTP 服务器的主机名或 IP 地址，如 smtp.example.com。", "give the SMTP server's host name or IP address, e.g. smtp.example.com."));
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add(NotificationErrors.SettingInvalid("port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "端口须在 1–65535 之间，STARTTLS 通常为 587，TLS 通常为 465。", "the port must be 1-65535; STARTTLS usually uses 587 and TLS 465."));
        }

        if (!MailboxAddress.TryParse(FromAddress, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            errors.Add(NotificationErrors.SettingInvalid("fromAddress", FromAddress, "填写发件人邮箱地址，如 alarms@example.com。", "give the sender's e-mail address, e.g. alarms@example.com."));
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(UserName))
        {
            errors.Add(NotificationErrors.SettingInvalid("userName", "", "设置了密码时须填写用户名。", "a user name is required when a password is set."));
        }

        return errors;
    }

    public override ChannelSettings Masked() => this with { Password = string.IsNullOrEmpty(Password) ? Password : Mask };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) =>
        stored is EmailSettings old ? this with { Password = KeepSecret(Password, old.Password) } : this;
}

public sealed record DingTalkSettings : ChannelSettings
{
    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.DingTalk;

    /// <summary>The robot's webhook URL with its access_token, e.g. https://oapi.dingtalk.com/robot/send?access_token=….</summary>
    public string WebhookUrl { get; init; } = "";

    /// <summary>The signing secret (加签, starts with SEC); empty when the robot checks keywords or addresses instead.</summary>
    public string? Secret { get; init; }

    public RobotMessageFormat Format { get; init; } = RobotMessageFormat.Markdown;

    public override IReadOnlyList<Error> Validate() => ChannelUrls.Validate(WebhookUrl, "webhookUrl");

    public override ChannelSettings Masked() => this with { WebhookUrl = ChannelUrls.Mask(WebhookUrl), Secret = string.IsNullOrEmpty(Secret) ? Secret : Mask };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) => stored is DingTalkSettings old
        ? this with { WebhookUrl = KeepUrl(WebhookUrl, old.WebhookUrl, ChannelUrls.Mask), Secret = KeepSecret(Secret, old.Secret) }
        : this;
}

public sealed record WeComSettings : ChannelSettings
{
    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.WeCom;

    /// <summary>The group robot's webhook URL with its key, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=….</summary>
    public string WebhookUrl { get; init; } = "";

    public RobotMessageFormat Format { get; init; } = RobotMessageFormat.Markdown;

    public override IReadOnlyList<Error> Validate() => ChannelUrls.Validate(WebhookUrl, "webhookUrl");

    public override ChannelSettings Masked() => this with { WebhookUrl = ChannelUrls.Mask(WebhookUrl) };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) => stored is WeComSettings old
        ? this with { WebhookUrl = KeepUrl(WebhookUrl, old.WebhookUrl, ChannelUrls.Mask) }
        : this;
}

public sealed record FeishuSettings : ChannelSettings
{
    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.Feishu;

    /// <summary>The robot's webhook URL, whose last path segment is its token: https://open.feishu.cn/open-apis/bot/v2/hook/….</summary>
    public string WebhookUrl { get; init; } = "";

    /// <summary>The signing secret (签名校验); empty when the robot does not check signatures.</summary>
    public string? Secret { get; init; }

    public override IReadOnlyList<Error> Validate() => ChannelUrls.Validate(WebhookUrl, "webhookUrl");

    public override ChannelSettings Masked() => this with { WebhookUrl = ChannelUrls.MaskWithPathToken(WebhookUrl), Secret = string.IsNullOrEmpty(Secret) ? Secret : Mask };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) => stored is FeishuSettings old
        ? this with { WebhookUrl = KeepUrl(WebhookUrl, old.WebhookUrl, ChannelUrls.MaskWithPathToken), Secret = KeepSecret(Secret, old.Secret) }
        : this;
}

public sealed record SmsSettings : ChannelSettings
{
    public const string MobilePlaceholder = "{mobile}";
    public const string TextPlaceholder = "{text}";

    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.Sms;

    /// <summary>The gateway's URL; it may hold {mobile} and {text}, which are URL-encoded there.</summary>
    public string GatewayUrl { get; init; } = "";

    /// <summary>GET or POST.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Extra request headers, such as an API key. Values of headers whose names suggest a secret are masked.</summary>
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>The body's media type: application/json (placeholders JSON-escaped) or application/x-www-form-urlencoded (URL-encoded).</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>The POST body with {mobile} and {text}; ignored for GET.</summary>
    public string BodyTemplate { get; init; } = "";

    /// <summary>Text the gateway's response must contain to count as sent, besides a 2xx status; empty to check the status only.</summary>
    public string? SuccessContains { get; init; }

    [JsonIgnore]
    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);

    public override IReadOnlyList<Error> Validate()
    {
        var errors = new List<Error>(ChannelUrls.Validate(GatewayUrl.Replace(MobilePlaceholder, "0", StringComparison.Ordinal)
            .Replace(TextPlaceholder, "0", StringComparison.Ordinal), "gatewayUrl", GatewayUrl));
        if (!string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase) && !IsPost)
        {
            errors.Add(NotificationErrors.SettingInvalid("method", Method, "请求方法须为 GET 或 POST。", "the method must be GET or POST."));
        }

        if (IsPost && ContentType is not ("application/json" or "application/x-www-form-urlencoded"))
        {
            errors.Add(NotificationErrors.SettingInvalid("contentType", ContentType, "内容类型须为 application/json 或 application/x-www-form-urlencoded。",
                "the content type must be application/json or application/x-www-form-urlencoded."));
        }

        var carrier = IsPost ? GatewayUrl + BodyTemplate : GatewayUrl;
        if (!carrier.Contains(MobilePlaceholder, StringComparison.Ordinal) || !carrier.Contains(TextPlaceholder, StringComparison.Ordinal))
        {
            errors.Add(NotificationErrors.SettingInvalid(IsPost ? "bodyTemplate" : "gatewayUrl", IsPost ? BodyTemplate : GatewayUrl,
                "网关地址或请求体模板须包含 {mobile} 和 {text} 两个占位符。", "the gateway URL or body template must contain both {mobile} and {text}."));
        }

        foreach (var (name, value) in Headers)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c == ':' || c > '~') || value.Any(c => c is '\r' or '\n'))
            {
                errors.Add(NotificationErrors.SettingInvalid("headers", name, "请求头名称须为 ASCII 可见字符且不含冒号，值不能换行。",
                    "a header name must be visible ASCII without a colon, and a value must not contain a line break."));
            }
        }

        return errors;
    }

    public override ChannelSettings Masked() => this with
    {
        GatewayUrl = ChannelUrls.Mask(GatewayUrl),
        Headers = Headers.ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? Mask : h.Value, StringComparer.OrdinalIgnoreCase),
    };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) => stored is SmsSettings old
        ? this with
        {
            GatewayUrl = KeepUrl(GatewayUrl, old.GatewayUrl, ChannelUrls.Mask),
            Headers = Headers.ToDictionary(h => h.Key,
                h => h.Value == Mask && old.Headers.FirstOrDefault(o => string.Equals(o.Key, h.Key, StringComparison.OrdinalIgnoreCase)).Value is { } kept ? kept : h.Value,
                StringComparer.OrdinalIgnoreCase),
        }
        : this;

    private static bool IsSecretHeader(string name) =>
        new[] { "auth", "key", "token", "secret", "sign", "password", "cookie" }.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}

public sealed record WebhookSettings : ChannelSettings
{
    [JsonIgnore]
    public override NotificationChannelKind Kind => NotificationChannelKind.Webhook;

    public string Url { get; init; } = "";

    /// <summary>The HMAC-SHA256 key of the X-Watchkeeper-Signature header; empty to send unsigned.</summary>
    public string? Secret { get; init; }

    /// <summary>The JSON body as a template; empty for the default document with the message and its alarms.</summary>
    public string? BodyTemplate { get; init; }

    public override IReadOnlyList<Error> Validate()
    {
        var errors = new List<Error>(ChannelUrls.Validate(Url, "url"));
        if (!string.IsNullOrWhiteSpace(BodyTemplate)
            && Templates.TemplateText.Parse(BodyTemplate, Templates.NotificationScopes.Names, "settings.bodyTemplate") is { IsSuccess: false } parsed)
        {
            errors.Add(parsed.FirstError);
        }

        return errors;
    }

    public override ChannelSettings Masked() => this with { Url = ChannelUrls.Mask(Url), Secret = string.IsNullOrEmpty(Secret) ? Secret : Mask };

    public override ChannelSettings WithSecretsFrom(ChannelSettings stored) => stored is WebhookSettings old
        ? this with { Url = KeepUrl(Url, old.Url, ChannelUrls.Mask), Secret = KeepSecret(Secret, old.Secret) }
        : this;
}

/// <summary>Reads and writes channel settings as JSON.</summary>
public static class ChannelSettingsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads the settings of a kind from the request body's <c>settings</c> object.</summary>
    public static Result<ChannelSettings> Read(NotificationChannelKind kind, JsonElement? settings)
    {
        if (settings is not { ValueKind: JsonValueKind.Object } element)
        {
            return NotificationErrors.SettingsMissing(kind);
        }

        try
        {
            ChannelSettings? value = kind switch
            {
                NotificationChannelKind.Email => element.Deserialize<EmailSettings>(Options),
                NotificationChannelKind.DingTalk => element.Deserialize<DingTalkSettings>(Options),
                NotificationChannelKind.WeCom => element.Deserialize<WeComSettings>(Options),
                NotificationChannelKind.Feishu => element.Deserialize<FeishuSettings>(Options),
                NotificationChannelKind.Sms => element.Deserialize<SmsSettings>(Options),
                NotificationChannelKind.Webhook => element.Deserialize<WebhookSettings>(Options),
                _ => null,
            };
            return value is null ? NotificationErrors.SettingsMissing(kind) : value;
        }
        catch (JsonException exception)
        {
            return NotificationErrors.SettingsUnreadable(kind, exception.Path, exception.Message);
        }
    }

    /// <summary>Serializes settings for storage, with their kind, before they are protected.</summary>
    public static string Write(ChannelSettings settings) => JsonSerializer.Serialize(settings, Options);

    public static ChannelSettings ReadStored(string json) =>
        JsonSerializer.Deserialize<ChannelSettings>(json, Options) ?? throw new JsonException("Stored channel settings are empty.");

    /// <summary>Returns the settings as a JSON object for the API, without the stored type discriminator.</summary>
    public static JsonElement ToApi(ChannelSettings settings) => JsonSerializer.SerializeToElement(settings, settings.GetType(), Options);
}
