using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>The expected failures of the maintenance window and silence API, in Chinese and English.</summary>
public static class SuppressionErrors
{
    public static Error WindowNotFound(long id) => Error.NotFound("maintenance_window.not_found", Bilingual.Join(
        $"维护窗口 {id} 不存在。", $"Maintenance window {id} does not exist."));

    public static Error SilenceNotFound(long id) => Error.NotFound("silence.not_found", Bilingual.Join(
        $"静默 {id} 不存在。", $"Silence {id} does not exist."));

    public static Error OrganizationNotFound(long id) => Error.NotFound("organization.not_found", Bilingual.Join(
        $"组织 {id} 不存在。", $"Organization {id} does not exist."));

    public static Error DevicesNotFound(IEnumerable<long> ids) => Error.Validation("suppression.devices", Bilingual.Join(
        $"设备 {string.Join("、", ids)} 不存在，请检查 deviceIds。", $"Devices {string.Join(", ", ids)} do not exist; check deviceIds."), "deviceIds");

    /// <summary>A user limited to some organizations tried to cover every organization.</summary>
    public static Error GlobalNotAllowed() => new("suppression.global_forbidden", Bilingual.Join(
        "您只能覆盖本组织范围内的设备，请填写 organizationIds 或 deviceIds。",
        "You may only cover devices of your organizations; give organizationIds or deviceIds."), ErrorKind.Forbidden, "organizationIds");

    public static Error WindowBeyondScope(long id) => new("maintenance_window.beyond_scope", Bilingual.Join(
        $"维护窗口 {id} 覆盖了您的组织范围以外的设备，您不能修改它。",
        $"Maintenance window {id} covers devices outside your organizations, so you cannot change it."), ErrorKind.Forbidden);

    public static Error SilenceBeyondScope(long id) => new("silence.beyond_scope", Bilingual.Join(
        $"静默 {id} 覆盖了您的组织范围以外的设备，您不能让它失效。",
        $"Silence {id} covers devices outside your organizations, so you cannot expire it."), ErrorKind.Forbidden);

    public static Error TooManyEntries(string field) => Error.Validation("suppression.list_too_long", Bilingual.Join(
        $"{field} 最多 {SuppressionLists.MaxEntries} 项。", $"{field} takes at most {SuppressionLists.MaxEntries} entries."), field);

    public static Error WindowName() => Error.Validation("maintenance_window.name", Bilingual.Join(
        $"名称必填，且不超过 {MaintenanceWindow.MaxNameLength} 个字符。", $"The name is required and at most {MaintenanceWindow.MaxNameLength} characters."), "name");

    public static Error WindowReason() => Error.Validation("maintenance_window.reason", Bilingual.Join(
        $"原因不超过 {MaintenanceWindow.MaxReasonLength} 个字符。", $"The reason is at most {MaintenanceWindow.MaxReasonLength} characters."), "reason");

    public static Error WindowEndBeforeStart(DateTimeOffset start, DateTimeOffset end) => Error.Validation("maintenance_window.end_before_start", Bilingual.Join(
        $"结束时间 {end:O} 须晚于开始时间 {start:O}。", $"The end {end:O} must be after the start {start:O}."), "end");

    public static Error InvalidTimeZone(string? zone) => Error.Validation("maintenance_window.time_zone", Bilingual.Join(
        $"时区“{zone}”无效，请用 IANA 名称，如 Asia/Shanghai。", $"Time zone '{zone}' is invalid; use an IANA name such as Asia/Shanghai."), "timeZone");
}
