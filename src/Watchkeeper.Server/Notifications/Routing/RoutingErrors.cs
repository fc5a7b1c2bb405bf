using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Routing's expected failures, each naming the value at fault and what to do.</summary>
public static class RoutingErrors
{
    public static Error RuleNotFound(long id) => Error.NotFound("notifications.rule.not_found",
        Bilingual.Join($"通知规则 {id} 不存在。", $"Notification rule {id} does not exist."));

    public static Error GroupNotFound(long id) => Error.NotFound("notifications.group.not_found",
        Bilingual.Join($"通知组 {id} 不存在。", $"Receiver group {id} does not exist."));

    public static Error PolicyNotFound(long id) => Error.NotFound("notifications.escalation.not_found",
        Bilingual.Join($"升级策略 {id} 不存在。", $"Escalation policy {id} does not exist."));

    public static Error NameInvalid(string? value, int maxLength) => Error.Validation("notifications.name.invalid", Bilingual.Join(
        $"名称须为 1–{maxLength} 个字符，收到“{value}”。", $"A name must be 1-{maxLength} characters; got '{value}'."), "name");

    public static Error NameDuplicate(string name) => Error.Conflict("notifications.name.duplicate", Bilingual.Join(
        $"已有名为“{name}”的同类配置，请换一个名称。", $"Another entry of this kind is already named '{name}'; choose another name."), "name");

    public static Error ValueUnknown(string field, string? value, IEnumerable<string> allowed) => Error.Validation($"notifications.{field}.unknown",
        Bilingual.Join($"{field} 的取值“{value}”无效，可选：{string.Join(", ", allowed)}。",
            $"'{value}' is not a valid {field}; use one of: {string.Join(", ", allowed)}."), field);

    public static Error ChannelsMissing() => Error.Validation("notifications.rule.channels.missing", Bilingual.Join(
        "请至少选择一个通知渠道 (channelIds)。", "Choose at least one notification channel (channelIds)."), "channelIds");

    public static Error ChannelsNotFound(string field, IEnumerable<long> ids) => Error.Validation("notifications.channels.not_found", Bilingual.Join(
        $"通知渠道不存在：{string.Join(", ", ids)}。请先在通知渠道页面创建。",
        $"These notification channels do not exist: {string.Join(", ", ids)}. Create them on the channels page first."), field);

    public static Error UsersNotFound(string field, IEnumerable<string> ids) => Error.Validation("notifications.users.not_found", Bilingual.Join(
        $"用户不存在：{string.Join(", ", ids)}。请从用户列表中选择。", $"These users do not exist: {string.Join(", ", ids)}. Choose users from the user list."), field);

    public static Error GroupsNotFound(string field, IEnumerable<long> ids) => Error.Validation("notifications.groups.not_found", Bilingual.Join(
        $"通知组不存在：{string.Join(", ", ids)}。", $"These receiver groups do not exist: {string.Join(", ", ids)}."), field);

    public static Error OrganizationNotFound(long id) => Error.Validation("notifications.organization.not_found", Bilingual.Join(
        $"组织 {id} 不存在或不在您的管辖范围内。", $"Organization {id} does not exist or is outside your organizations."), "match.organizationId");

    public static Error CalendarNotFound(string field, long id) => Error.Validation("notifications.calendar.not_found", Bilingual.Join(
        $"工作日历 {id} 不存在。", $"Business calendar {id} does not exist."), field);

    public static Error PolicyMissing(long id) => Error.Validation("notifications.escalation.not_found", Bilingual.Join(
        $"升级策略 {id} 不存在。", $"Escalation policy {id} does not exist."), "escalationPolicyId");

    public static Error NoReceivers() => Error.Validation("notifications.rule.receivers.missing", Bilingual.Join(
        "个人渠道（邮件、短信）需要接收人：请选择用户、通知组或值班人员。",
        "Personal channels (e-mail, SMS) need receivers: choose users, receiver groups or the duty roster."), "receivers");

    public static Error SecondsOutOfRange(string field, int value, int min, int max) => Error.Validation($"notifications.{field}.out_of_range",
        Bilingual.Join($"{field} 须在 {min}–{max} 秒之间，收到 {value}。", $"{field} must be {min}-{max} seconds; got {value}."), field);

    public static Error TimeInvalid(string field, string? value) => Error.Validation("notifications.time.invalid", Bilingual.Join(
        $"时间“{value}”无效，请按 HH:mm 填写，如 22:00。", $"Time '{value}' is invalid; write it as HH:mm, e.g. 22:00."), field);

    public static Error QuietHoursIncomplete() => Error.Validation("notifications.rule.quiet_hours.invalid", Bilingual.Join(
        "免打扰时段须同时填写开始和结束时间，且两者不能相同。", "Quiet hours need both a start and an end time, and they must differ."), "quietHours");

    public static Error TooMany(string field, int count, int max) => Error.Validation("notifications.list.too_long", Bilingual.Join(
        $"{field} 最多 {max} 项，收到 {count} 项。", $"{field} takes at most {max} entries; got {count}."), field);

    public static Error StepsMissing() => Error.Validation("notifications.escalation.steps.missing", Bilingual.Join(
        "升级策略至少需要一个步骤。", "An escalation policy needs at least one step."), "steps");

    public static Error StepMinutesInvalid(int index, int? value, int previous) => Error.Validation("notifications.escalation.step.minutes", Bilingual.Join(
        $"第 {index} 步的分钟数须为 1–10080 且大于上一步（{previous}），收到 {value}。",
        $"Step {index} needs afterMinutes of 1-10080, more than the step before ({previous}); got {value}."), $"steps[{index - 1}].afterMinutes");

    public static Error StepNoReceivers(int index) => Error.Validation("notifications.escalation.step.receivers", Bilingual.Join(
        $"第 {index} 步没有接收人：请选择用户、通知组或值班负责人。",
        $"Step {index} has no receivers; choose users, receiver groups or the duty roster leader."), $"steps[{index - 1}]");

    public static Error InUse(string what, long id, IEnumerable<string> rules) => Error.Conflict("notifications.in_use", Bilingual.Join(
        $"{what} {id} 仍被通知规则使用：{string.Join("、", rules)}。请先修改这些规则。",
        $"{what} {id} is still used by the rules {string.Join(", ", rules)}; change those rules first."));
}
