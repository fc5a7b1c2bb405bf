using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The expected failures of contracts, SLA policies and fault levels, each naming the value at fault and what to do.</summary>
public static class ServiceContractErrors
{
    public static Error ContractNotFound(long id) => Error.NotFound("contract.not_found",
        Bilingual.Join($"服务合同 {id} 不存在。", $"Service contract {id} does not exist."));

    public static Error PolicyNotFound(long id) => Error.NotFound("sla.policy.not_found",
        Bilingual.Join($"SLA 策略 {id} 不存在。", $"SLA policy {id} does not exist."));

    public static Error ContractPolicyNotFound(long contractId, int level) => Error.NotFound("sla.policy.not_found", Bilingual.Join(
        $"服务合同 {contractId} 没有 {level} 级故障的专属策略，使用的是默认策略。",
        $"Service contract {contractId} has no policy of its own for fault level {level}; it uses the default policy."));

    public static Error FaultLevelInvalid(int level) => Error.Validation("fault_level.invalid", Bilingual.Join(
        $"故障等级须为 1–4，收到 {level}。", $"The fault level must be 1-4; got {level}."), "faultLevel");

    public static Error TextInvalid(string field, string? value, int maxLength, bool required) => Error.Validation("service_contracts.text.invalid", Bilingual.Join(
        required ? $"{field} 须为 1–{maxLength} 个字符，收到“{value}”。" : $"{field} 最多 {maxLength} 个字符，收到 {value?.Length ?? 0} 个。",
        required ? $"{field} must be 1-{maxLength} characters; got '{value}'." : $"{field} takes at most {maxLength} characters; got {value?.Length ?? 0}."),
        field);

    public static Error NumberDuplicate(string number) => Error.Conflict("contract.number.duplicate", Bilingual.Join(
        $"合同编号“{number}”已被另一份合同使用，请换一个编号。", $"Contract number '{number}' is already used by another contract; choose another number."),
        "number");

    public static Error OrganizationNotFound(long? id) => Error.Validation("contract.organization.not_found", id is null
        ? Bilingual.Join("请选择合同的客户组织 (organizationId)。", "Choose the contract's customer organization (organizationId).")
        : Bilingual.Join($"组织 {id} 不存在或不在您的管辖范围内，请从组织列表中选择。",
            $"Organization {id} does not exist or is outside your scope; choose one from the organization list."), "organizationId");

    public static Error DateInvalid(string field, string? value) => Error.Validation("contract.date.invalid", Bilingual.Join(
        $"{field} 的日期“{value}”无效，请按 yyyy-MM-dd 填写，如 2026-01-01。", $"{field} date '{value}' is invalid; write it as yyyy-MM-dd, e.g. 2026-01-01."), field);

    public static Error PeriodInvalid(DateOnly start, DateOnly end) => Error.Validation("contract.period.invalid", Bilingual.Join(
        $"合同期结束日期 {end:yyyy-MM-dd} 早于开始日期 {start:yyyy-MM-dd}，请调整。", $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}; correct the period."),
        "endDate");

    public static Error LevelUnknown(string? value) => Error.Validation("contract.level.invalid", Bilingual.Join(
        $"服务级别“{value}”无效，请填写 Standard (标准) 或 Advanced (高级)。", $"Service level '{value}' is invalid; use Standard or Advanced."), "level");

    public static Error UsersNotFound(string field, IEnumerable<string> ids) => Error.Validation("contract.users.not_found", Bilingual.Join(
        $"{field} 中的用户不存在：{string.Join(", ", ids)}。请从用户列表中选择。", $"{field} names users that do not exist: {string.Join(", ", ids)}. Choose users from the user list."),
        field);

    public static Error TooMany(string field, int count, int max) => Error.Validation("contract.list.too_long", Bilingual.Join(
        $"{field} 最多 {max} 项，收到 {count} 项。", $"{field} takes at most {max} entries; got {count}."), field);

    public static Error EmailInvalid(string field, string value) => Error.Validation("contract.contact.email.invalid", Bilingual.Join(
        $"电子邮件地址“{value}”无效，请填写如 name@example.com 的地址。", $"E-mail address '{value}' is invalid; write an address such as name@example.com."), field);

    public static Error ClockInvalid(string field, string? value, IEnumerable<string> allowed) => Error.Validation("sla.clock.invalid", Bilingual.Join(
        $"{field} 的计时“{value}”无效，可选：{string.Join(", ", allowed)}。", $"{field} clock '{value}' is invalid; use one of {string.Join(", ", allowed)}."), field);

    public static Error ClockDuplicate(string field, string clock) => Error.Validation("sla.target.duplicate", Bilingual.Join(
        $"{clock} 的目标出现了两次，每个计时只能有一个目标。", $"The {clock} target appears twice; give each clock one target."), field);

    public static Error MinutesInvalid(string field, int? value, int max) => Error.Validation("sla.minutes.invalid", Bilingual.Join(
        $"{field} 须为 1–{max} 分钟 (最长 365 天)，收到 {Show(value)}。", $"{field} must be 1-{max} minutes (at most 365 days); got {Show(value)}."), field);

    public static Error AfterMinutesInvalid(string field, int? value, int max) => Error.Validation("sla.after_minutes.invalid", Bilingual.Join(
        $"{field} 须为 0–{max} 分钟，收到 {Show(value)}。", $"{field} must be 0-{max} minutes; got {Show(value)}."), field);

    public static Error PercentInvalid(string field, int? value) => Error.Validation("sla.percent.invalid", Bilingual.Join(
        $"{field} 须为 1–1000 的百分比，收到 {Show(value)}。", $"{field} must be a percentage of 1-1000; got {Show(value)}."), field);

    public static Error PercentDuplicate(string field, int value) => Error.Validation("sla.warning.duplicate", Bilingual.Join(
        $"预警百分比 {value} 出现了两次，请删除重复项。", $"Warning percentage {value} appears twice; remove the duplicate."), field);

    public static Error CalendarNotFound(string field, long id) => Error.Validation("sla.calendar.not_found", Bilingual.Join(
        $"{field} 引用的工作日历 {id} 不存在；请选择已有日历，或留空表示 7×24 小时。",
        $"{field} names business calendar {id}, which does not exist; choose an existing calendar, or leave it empty for 7×24 time."), field);

    public static Error StepWithoutTarget(string field, string clock) => Error.Validation("sla.step.no_target", Bilingual.Join(
        $"{field} 针对 {clock} 计时，但策略没有该计时的目标，升级永远不会触发；请先设置目标。",
        $"{field} runs on the {clock} clock, but the policy sets no {clock} target, so the step could never fire; set the target first."), field);

    public static Error StepDuplicate(string field, string clock, int percent, int afterMinutes) => Error.Validation("sla.step.duplicate", Bilingual.Join(
        $"升级步骤重复：{clock} {percent}% + {afterMinutes} 分钟已存在；请合并接收人或修改时点。",
        $"Duplicate escalation step: {clock} at {percent}% + {afterMinutes} minutes already exists; merge the receivers or change the point."), field);

    public static Error StepIdDuplicate(string field, int id) => Error.Validation("sla.step.id.duplicate", Bilingual.Join(
        $"升级步骤编号 {id} 出现了两次；新步骤请不填编号。", $"Escalation step id {id} appears twice; leave the id out for a new step."), field);

    public static Error ReceiverInvalid(string field, string? value) => Error.Validation("sla.receiver.invalid", Bilingual.Join(
        $"{field} 中的接收人“{value}”无效；可用 user:用户ID、group:接收组ID、duty、assignee、teamLead、projectManager、residentEngineers。",
        $"{field} receiver '{value}' is invalid; use user:USER_ID, group:GROUP_ID, duty, assignee, teamLead, projectManager or residentEngineers."), field);

    public static Error GroupNotFound(string field, long id) => Error.Validation("sla.receiver.group.not_found", Bilingual.Join(
        $"{field} 引用的接收组 {id} 不存在，请从通知接收组中选择。", $"{field} names receiver group {id}, which does not exist; choose a notification receiver group."),
        field);

    public static Error DeviceKindUnknown(string field, string? value) => Error.Validation("fault_level.device_kind.invalid", Bilingual.Join(
        $"设备类型“{value}”无效，可选：{string.Join(", ", Enum.GetNames<Core.Devices.DeviceKind>())}。",
        $"Device kind '{value}' is invalid; use one of {string.Join(", ", Enum.GetNames<Core.Devices.DeviceKind>())}."), field);

    public static Error CameraCountInvalid(int value) => Error.Validation("fault_level.cameras.invalid", Bilingual.Join(
        $"受影响摄像机数须为 1–100000，或留空，收到 {value}。", $"minAffectedCameras must be 1-100000 or empty; got {value}."), "minAffectedCameras");

    private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
