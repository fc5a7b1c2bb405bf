using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Notifications;

/// <summary>The notification capability's expected failures, each naming the value at fault and what to do.</summary>
public static class NotificationErrors
{
    public static Error ChannelNotFound(long id) => Error.NotFound("notifications.channel.not_found",
        Bilingual.Join($"通知渠道 {id} 不存在。", $"Notification channel {id} does not exist."));

    public static Error DeliveryNotFound(long id) => Error.NotFound("notifications.delivery.not_found",
        Bilingual.Join($"发送记录 {id} 不存在。", $"Delivery {id} does not exist."));

    public static Error NameInvalid(string? value, int maxLength) => Error.Validation("notifications.channel.name.invalid", Bilingual.Join(
        $"渠道名称须为 1–{maxLength} 个字符，收到“{value}”。", $"A channel name must be 1-{maxLength} characters; got '{value}'."), "name");

    public static Error NameDuplicate(string name) => Error.Conflict("notifications.channel.name.duplicate", Bilingual.Join(
        $"已有名为“{name}”的通知渠道，请换一个名称。", $"A notification channel named '{name}' already exists; choose another name."), "name");

    public static Error KindInvalid(string? value) => Error.Validation("notifications.channel.kind.invalid", Bilingual.Join(
        $"渠道类型“{value}”无效，请选择 Email、DingTalk、WeCom、Feishu、Sms 或 Webhook。",
        $"Channel kind '{value}' is invalid; choose Email, DingTalk, WeCom, Feishu, Sms or Webhook."), "kind");

    public static Error KindChanged(NotificationChannelKind stored, NotificationChannelKind requested) => Error.Validation("notifications.channel.kind.changed", Bilingual.Join(
        $"不能把 {stored} 渠道改为 {requested}，请新建一个渠道。", $"A {stored} channel cannot become {requested}; create a new channel instead."), "kind");

    public static Error RateLimitInvalid(int value, int max) => Error.Validation("notifications.channel.rate_limit.invalid", Bilingual.Join(
        $"每分钟发送上限须在 1–{max} 之间，收到 {value}。", $"rateLimitPerMinute must be 1-{max}; got {value}."), "rateLimitPerMinute");

    public static Error SettingsMissing(NotificationChannelKind kind) => Error.Validation("notifications.channel.settings.missing", Bilingual.Join(
        $"请填写 {kind} 渠道的设置 (settings 对象)。", $"Give the settings of the {kind} channel as an object (settings)."), "settings");

    public static Error SettingsUnreadable(NotificationChannelKind kind, string? path, string detail) => Error.Validation("notifications.channel.settings.unreadable", Bilingual.Join(
        $"{kind} 渠道的设置无法读取 ({path})：{detail} 请检查字段名和值的类型。",
        $"The settings of the {kind} channel cannot be read at {path}: {detail} Check the field names and value types."), "settings" + path?.TrimStart('$'));

    public static Error SettingInvalid(string field, string value, string chineseFix, string englishFix) => Error.Validation($"notifications.channel.settings.{field}.invalid",
        Bilingual.Join($"设置 {field} 的值“{value}”无效：{chineseFix}", $"Setting {field} value '{value}' is invalid: {englishFix}"), "settings." + field);

    public static Error SettingsUnavailable(long channelId) => Error.Conflict("notifications.channel.settings.unavailable", Bilingual.Join(
        $"渠道 {channelId} 保存的设置无法解密 (数据保护密钥已更换)，请重新填写并保存其密码和密钥。",
        $"The stored settings of channel {channelId} cannot be decrypted (the Data Protection keys changed); enter and save its passwords and secrets again."));

    public static Error TestAddressInvalid(string? value) => Error.Validation("notifications.test.address.invalid", Bilingual.Join(
        $"测试地址“{value}”过长或包含换行，请填写一个邮箱或手机号。", $"Test address '{value}' is too long or contains a line break; give one e-mail address or mobile number."), "address");

    public static Error TestAddressMissing(NotificationChannelKind kind) => Error.Validation("notifications.test.address.missing", Bilingual.Join(
        kind == NotificationChannelKind.Email ? "测试邮件渠道须填写收件地址 (address)。" : "测试短信渠道须填写手机号 (address)。",
        kind == NotificationChannelKind.Email ? "Testing an e-mail channel needs a recipient address (address)." : "Testing an SMS channel needs a mobile number (address)."), "address");

    public static Error StatusInvalid(string? value) => Error.Validation("notifications.delivery.status.invalid", Bilingual.Join(
        $"状态“{value}”无效，请选择 Pending、Sent 或 Failed。", $"Status '{value}' is invalid; choose Pending, Sent or Failed."), "status");

    public static Error PagingInvalid(string field, int value, int max) => Error.Validation("notifications.paging.invalid", Bilingual.Join(
        $"{field} 须在 1–{max} 之间，收到 {value}。", $"{field} must be 1-{max}; got {value}."), field);

    public static Error RangeInvalid() => Error.Validation("notifications.range.invalid", Bilingual.Join(
        "时间范围无效：to 须晚于 from。", "The time range is invalid: 'to' must be after 'from'."), "to");

    public static Error TemplateKindInvalid(string field, string? value) => Error.Validation("notifications.template.kind.invalid", Bilingual.Join(
        $"“{value}”不是有效的 {field}；消息类型为 Firing、Resolved、Escalation、Repeat、Test，渠道类型为 Email、DingTalk、WeCom、Feishu、Sms、Webhook。",
        $"'{value}' is not a valid {field}; message kinds are Firing, Resolved, Escalation, Repeat, Test and channel kinds Email, DingTalk, WeCom, Feishu, Sms, Webhook."), field);

    public static Error TemplateTooLong(string field, int length, int max) => Error.TooLarge("notifications.template.too_long", Bilingual.Join(
        $"模板 {field} 最多 {max} 个字符，收到 {length} 个。", $"Template {field} takes at most {max} characters; got {length}."), field);

    public static Error TemplateEmpty(string field) => Error.Validation("notifications.template.empty", Bilingual.Join(
        $"模板 {field} 不能为空。", $"Template {field} must not be empty."), field);
}
