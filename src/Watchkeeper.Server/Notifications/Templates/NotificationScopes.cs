using System.Globalization;
using Microsoft.Extensions.Localization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Duty;

namespace Watchkeeper.Server.Notifications.Templates;

/// <summary>Turns an <see cref="AlarmNotificationModel"/> into the values a template uses, with Chinese labels and English ones ending in "En".</summary>
public sealed class NotificationScopes(IStringLocalizer<SharedResource> localizer, DutyTimeZone timeZone)
{
    /// <summary>A message lists at most this many alarms; <c>{{more}}</c> counts the rest.</summary>
    public const int MaxListedAlarms = 20;

    private static readonly CultureInfo s_chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo s_english = CultureInfo.GetCultureInfo("en");

    /// <summary>Every name a template may use.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "statusEn", "title", "titleEn", "severity", "severityEn", "receiver", "count", "more", "escalationStep",
        "firing", "resolved", "escalation", "repeat", "test", "alarms", "first",
        "alarmId", "device", "deviceCode", "deviceName", "organization", "type", "typeEn", "state", "stateEn", "subject", "detail",
        "firstSeen", "resolvedAt", "affected",
    };

    public TemplateScope Create(AlarmNotificationModel model)
    {
        var items = model.Alarms.Select(Item).ToList();
        var top = model.Alarms.Count == 0 ? (AlarmSeverity?)null : model.Alarms.Min(a => a.Severity);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = Status(model, english: false),
            ["statusEn"] = Status(model, english: true),
            ["title"] = Title(model, english: false),
            ["titleEn"] = Title(model, english: true),
            ["severity"] = top is { } s1 ? Label(s1, s_chinese) : "",
            ["severityEn"] = top is { } s2 ? Label(s2, s_english) : "",
            ["receiver"] = model.ReceiverName,
            ["count"] = model.Alarms.Count,
            ["more"] = Math.Max(0, model.Alarms.Count - MaxListedAlarms),
            ["escalationStep"] = model.EscalationStep,
            ["firing"] = model.Kind == NotificationKind.Firing,
            ["resolved"] = model.Kind == NotificationKind.Resolved,
            ["escalation"] = model.Kind == NotificationKind.Escalation,
            ["repeat"] = model.Kind == NotificationKind.Repeat,
            ["test"] = model.Kind == NotificationKind.Test,
            ["alarms"] = items.Take(MaxListedAlarms).ToList(),
            ["first"] = items.Take(1).ToList(),
        };
        return new TemplateScope(values);
    }

    /// <summary>Formats an instant in the platform time zone (the duty roster's), e.g. 2026-12-05 17:10:00.</summary>
    public string Time(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, timeZone.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private TemplateScope Item(AlarmNotificationItem alarm) => new(new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["alarmId"] = alarm.AlarmId,
        ["device"] = string.IsNullOrEmpty(alarm.DeviceName) ? alarm.DeviceCode : $"{alarm.DeviceName} ({alarm.DeviceCode})",
        ["deviceCode"] = alarm.DeviceCode,
        ["deviceName"] = alarm.DeviceName,
        ["organization"] = alarm.OrganizationName,
        ["type"] = Label(alarm.Type, s_chinese),
        ["typeEn"] = Label(alarm.Type, s_english),
        ["severity"] = Label(alarm.Severity, s_chinese),
        ["severityEn"] = Label(alarm.Severity, s_english),
        ["state"] = Label(alarm.State, s_chinese),
        ["stateEn"] = Label(alarm.State, s_english),
        ["subject"] = alarm.Subject,
        ["detail"] = alarm.Detail,
        ["firstSeen"] = Time(alarm.FirstSeenAt),
        ["resolvedAt"] = alarm.ResolvedAt is { } resolved ? Time(resolved) : "",
        ["affected"] = alarm.AffectedDeviceCount,
    });

    private static string Status(AlarmNotificationModel model, bool english) => model.Kind switch
    {
        NotificationKind.Resolved => english ? "Resolved" : "已恢复",
        NotificationKind.Escalation => english ? $"Escalation step {model.EscalationStep}" : $"第 {model.EscalationStep} 级升级",
        NotificationKind.Repeat => english ? "Still firing" : "持续告警",
        NotificationKind.Test => english ? "Test" : "测试",
        _ => english ? "Alarm" : "告警",
    };

    private string Title(AlarmNotificationModel model, bool english)
    {
        if (model.Kind == NotificationKind.Test && model.Alarms.Count == 0)
        {
            return english ? "Watchkeeper notification channel test" : "Watchkeeper 通知渠道测试";
        }

        if (model.Alarms.Count == 1)
        {
            var alarm = model.Alarms[0];
            var device = string.IsNullOrEmpty(alarm.DeviceName) ? alarm.DeviceCode : alarm.DeviceName;
            return $"{device} {Label(alarm.Type, english ? s_english : s_chinese)}";
        }

        return english ? $"{model.Alarms.Count} alarms" : $"{model.Alarms.Count} 条告警";
    }

    private string Label<TEnum>(TEnum value, CultureInfo culture)
        where TEnum : struct, Enum
    {
        // The localizer reads the current UI culture. This method sets and restores it without awaiting, so no other work runs in between.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var text = localizer[$"Enum.{typeof(TEnum).Name}.{value}"];
            return text.ResourceNotFound ? value.ToString() : text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
