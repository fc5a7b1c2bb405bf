using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Changes;

/// <summary>Errors of standard-change templates, freeze periods, the change calendar and change attachments.</summary>
internal static class ChangeCatalogErrors
{
    public static AttachmentErrors Upload { get; } = new("change.attachment", AttachmentTypes.Changes);

    public static Error TemplateRequired() => Error.Validation("change.template.required", Bilingual.Join(
        "标准变更须选择一个已启用的标准变更模板（templateId）。", "A Standard change needs an active standard-change template: give its templateId."),
        "templateId");

    public static Error TemplateNotFound(long id) => Error.Validation("change.template.not_found", Bilingual.Join(
        $"标准变更模板 {id} 不存在，请从模板目录中选择。", $"Standard-change template {id} does not exist; choose one from the template catalog."),
        "templateId");

    public static Error TemplateMissing(long id) => Error.NotFound("change.template.not_found", Bilingual.Join(
        $"标准变更模板 {id} 不存在。", $"Standard-change template {id} does not exist."));

    public static Error TemplateInactive(long id, string name) => Error.Validation("change.template.inactive", Bilingual.Join(
        $"标准变更模板“{name}”（{id}）已停用，请选择已启用的模板，或按一般变更提交。",
        $"Standard-change template '{name}' ({id}) is inactive; choose an active template, or raise a Minor change instead."), "templateId");

    public static Error TemplateNotForType(ChangeType type) => Error.Validation("change.template.type", Bilingual.Join(
        $"只有标准变更使用模板，“{type}”类变更请不要填写 templateId。", $"Only Standard changes use a template; leave templateId empty for a {type} change."),
        "templateId");

    public static Error DeviceKindNotAllowed(string templateName, string deviceName, DeviceKind kind, IReadOnlyList<DeviceKind> allowed) =>
        Error.Validation("change.template.device_kind", Bilingual.Join(
            $"设备“{deviceName}”的类型 {kind} 不在模板“{templateName}”允许的设备类型（{string.Join("、", allowed)}）之内，请移除该设备或改按一般变更提交。",
            $"Device '{deviceName}' is a {kind}, which template '{templateName}' does not allow (allowed: {string.Join(", ", allowed)}); remove it or raise a Minor change."),
            "deviceIds");

    public static Error TemplateNameTaken(string name) => Error.Conflict("change.template.name_taken", Bilingual.Join(
        $"已有名为“{name}”的标准变更模板，请换一个名称。", $"A standard-change template named '{name}' already exists; choose another name."), "name");

    public static Error DeviceKindUnknown(string? value) => Error.Validation("change.template.device_kind_unknown", Bilingual.Join(
        $"设备类型“{value}”无效，可选：{string.Join("、", Enum.GetNames<DeviceKind>())}。",
        $"'{value}' is not a device kind; use one of {string.Join(", ", Enum.GetNames<DeviceKind>())}."), "allowedDeviceKinds");

    public static Error Frozen(ChangeFreezePeriod period, string action) => Error.Conflict("change.freeze.overlap", Bilingual.Join(
        $"变更窗口与封网期“{period.Name}”（{period.StartAt:yyyy-MM-dd HH:mm}Z – {period.EndAt:yyyy-MM-dd HH:mm}Z）重叠，不能“{action}”：请把窗口移出封网期；确需在封网期内实施的，请按紧急变更办理。",
        $"The change's window overlaps freeze period '{period.Name}' ({period.StartAt:yyyy-MM-dd HH:mm}Z to {period.EndAt:yyyy-MM-dd HH:mm}Z), so it cannot '{action}': move the window out of the freeze, or raise an Emergency change if the work cannot wait."),
        "plannedStart");

    public static Error FreezeNotFound(long id) => Error.NotFound("change.freeze.not_found", Bilingual.Join(
        $"封网期 {id} 不存在，或不在您管辖的组织范围内。", $"Freeze period {id} does not exist or is outside your organizations."));

    public static Error FreezeWindowInvalid() => Error.Validation("change.freeze.window_invalid", Bilingual.Join(
        "请填写封网期的开始和结束时间，结束须晚于开始。", "Give the freeze period's start and end; the end must be after the start."), "endAt");

    public static Error CalendarRangeInvalid(int maxDays) => Error.Validation("change.calendar.range_invalid", Bilingual.Join(
        $"请用 from 和 to（ISO 8601）给出日历范围，to 须晚于 from，且跨度不超过 {maxDays} 天。",
        $"Give the calendar range as from and to (ISO 8601), with to after from and at most {maxDays} days apart."), "to");

    public static Error AttachmentNotFound(long changeId, long attachmentId) => Error.NotFound("change.attachment.not_found", Bilingual.Join(
        $"变更 {changeId} 没有附件 {attachmentId}。", $"Change {changeId} has no attachment {attachmentId}."));

    public static Error ChangeTooLarge(string fileName, long usedBytes, long maxBytes) => new("change.attachment.change_too_large", Bilingual.Join(
        $"上传“{fileName}”后，本变更附件总量将超过上限 {AttachmentErrors.Size(maxBytes)}（已用 {AttachmentErrors.Size(usedBytes)}），请删减后再上传。",
        $"With '{fileName}' the change's attachments would exceed the limit of {AttachmentErrors.Size(maxBytes)} per change ({AttachmentErrors.Size(usedBytes)} used); upload less."),
        ErrorKind.TooLarge, "files");
}
