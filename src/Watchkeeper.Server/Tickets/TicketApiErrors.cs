using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.Tickets;

/// <summary>The ticket API's expected failures, beyond the workflow's own (<see cref="TicketErrors"/>).</summary>
public static class TicketApiErrors
{
    public static Error NotFound(long id) => Error.NotFound("ticket.not_found", Bilingual.Join($"工单 {id} 不存在。", $"Ticket {id} does not exist."));

    public static Error TitleInvalid(string? value) => Error.Validation("ticket.title.invalid", Bilingual.Join(
        $"标题须为 1–{Ticket.MaxTitleLength} 个字符，收到“{value}”。", $"A title must be 1-{Ticket.MaxTitleLength} characters; got '{value}'."), "title");

    public static Error DescriptionTooLong(int length) => Error.Validation("ticket.description.too_long", Bilingual.Join(
        $"描述最多 {Ticket.MaxDescriptionLength} 个字符，收到 {length} 个；请把日志作为附件上传。",
        $"A description takes at most {Ticket.MaxDescriptionLength} characters; got {length}. Attach logs as files instead."), "description");

    public static Error EnumInvalid(string field, string? value, IEnumerable<string> allowed) => Error.Validation($"ticket.{field}.invalid", Bilingual.Join(
        $"{field} 的值“{value}”无效，可选：{string.Join(", ", allowed)}。", $"'{value}' is not a valid {field}; use one of {string.Join(", ", allowed)}."), field);

    public static Error TooManyLinks(int devices, int alarms) => Error.Validation("ticket.links.too_many", Bilingual.Join(
        $"一张工单最多关联 {TicketService.MaxDevices} 台设备和 {TicketService.MaxAlarms} 条告警，收到 {devices} 台、{alarms} 条。",
        $"A ticket links at most {TicketService.MaxDevices} devices and {TicketService.MaxAlarms} alarms; got {devices} and {alarms}."), "deviceIds");

    public static Error OrganizationNotFound(long? id) => Error.Validation("ticket.organization.not_found", Bilingual.Join(
        $"组织 {id} 不存在或不在您的权限范围内，请选择受影响的组织。", $"Organization {id} does not exist or is outside your scope; choose the affected organization."),
        "organizationId");

    public static Error DeviceNotFound(long id) => Error.Validation("ticket.device.not_found", Bilingual.Join(
        $"设备 {id} 不存在或不在您的权限范围内。", $"Device {id} does not exist or is outside your scope."), "deviceIds");

    public static Error AlarmNotFound(long id) => Error.Validation("ticket.alarm.not_found", Bilingual.Join(
        $"告警 {id} 不存在或不在您的权限范围内。", $"Alarm {id} does not exist or is outside your scope."), "alarmIds");

    public static Error ContractNotFound(long id) => Error.Validation("ticket.contract.not_found", Bilingual.Join(
        $"维保合同 {id} 不存在。", $"Service contract {id} does not exist."), "contractId");

    public static Error ActionUnknown(string? action) => Error.Validation("ticket.action.unknown", Bilingual.Join(
        $"操作“{action}”无效，可选：{string.Join(", ", Enum.GetNames<TicketActionKind>())}。",
        $"Action '{action}' is unknown; use one of {string.Join(", ", Enum.GetNames<TicketActionKind>())}."), "action");

    public static Error AssigneeNotFound(string? userId) => Error.Validation("ticket.assignee.not_found", Bilingual.Join(
        $"用户“{userId}”不存在或已停用，请选择一名在职工程师。", $"User '{userId}' does not exist or is disabled; choose an active engineer."), "assigneeUserId");

    public static Error Forbidden(string action) => new("ticket.action.forbidden", Bilingual.Join(
        $"您没有执行“{action}”的权限。", $"You are not allowed to '{action}' tickets."), ErrorKind.Forbidden, "action");
}
