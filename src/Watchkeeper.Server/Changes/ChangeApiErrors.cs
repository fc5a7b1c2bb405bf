using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Changes;

/// <summary>Input errors of the change API, each naming the value and what to do.</summary>
internal static class ChangeApiErrors
{
    public static Error NotFound(long id) => Error.NotFound("change.not_found", Bilingual.Join(
        $"变更 {id} 不存在，或不在您管辖的组织范围内。", $"Change {id} does not exist or is outside your organizations."));

    public static Error Required(string field) => Error.Validation("change.field.required", Bilingual.Join(
        $"请填写“{field}”。", $"'{field}' is required."), field);

    public static Error TooLong(string field, int length, int max) => Error.Validation("change.field.too_long", Bilingual.Join(
        $"“{field}”长 {length} 字，超过上限 {max} 字。", $"'{field}' is {length} characters long; the limit is {max}."), field);

    public static Error ValueUnknown(string field, string? value, IEnumerable<string> allowed) => Error.Validation("change.value.unknown", Bilingual.Join(
        $"“{field}”的值“{value}”无效，可选：{string.Join("、", allowed)}。", $"'{value}' is not a valid {field}; use one of {string.Join(", ", allowed)}."), field);

    public static Error WindowRequired() => Error.Validation("change.window.required", Bilingual.Join(
        "请填写计划开始和结束时间，结束须晚于开始。", "Give the planned start and end; the end must be after the start."), "plannedEnd");

    public static Error ScopeEmpty() => Error.Validation("change.scope.empty", Bilingual.Join(
        "请至少选择一台受影响的设备或一个受影响的组织。", "Choose at least one affected device or organization."), "deviceIds");

    public static Error ScopeTooLarge(int devices, int organizations) => Error.TooLarge("change.scope.too_large", Bilingual.Join(
        $"影响范围过大（{devices} 台设备、{organizations} 个组织）：上限为 {ChangeLimits.MaxDevices} 台设备、{ChangeLimits.MaxOrganizations} 个组织，请按组织选择。",
        $"The impact scope is too large ({devices} devices, {organizations} organizations): the limits are {ChangeLimits.MaxDevices} and {ChangeLimits.MaxOrganizations}; choose organizations instead."),
        "deviceIds");

    public static Error DeviceNotFound(long id) => Error.Validation("change.device.not_found", Bilingual.Join(
        $"设备 {id} 不存在，或不在您管辖的组织范围内。", $"Device {id} does not exist or is outside your organizations."), "deviceIds");

    public static Error OrganizationNotFound(long id) => Error.Validation("change.organization.not_found", Bilingual.Join(
        $"组织 {id} 不存在，或不在您管辖的范围内。", $"Organization {id} does not exist or is outside your organizations."), "organizationIds");

    public static Error UserNotFound(string field, string? id) => Error.Validation("change.user.not_found", Bilingual.Join(
        $"用户“{id}”不存在或已停用。", $"User '{id}' does not exist or is disabled."), field);

    public static Error SizeInvalid(long? size) => Error.Validation("change.backup.size_invalid", Bilingual.Join(
        $"备份大小 {size} 无效：须为大于 0 的字节数。", $"Backup size {size} is invalid: give a number of bytes greater than 0."), "sizeBytes");

    public static Error Forbidden(string action, string permission) => new("change.forbidden", Bilingual.Join(
        $"您没有执行“{action}”所需的“{permission}”权限。", $"You need the {permission} permission to '{action}'."), ErrorKind.Forbidden);

    public static Error ConcurrentChange(long id) => Error.Conflict("change.concurrent", Bilingual.Join(
        $"变更 {id} 刚被他人修改，请刷新后重试。", $"Change {id} was just changed by someone else; refresh and try again."));

    public static Error ChainInvalid(string detailZh, string detailEn) => Error.Validation("change.chain.invalid", Bilingual.Join(
        $"审批链无效：{detailZh}", $"The approval chain is invalid: {detailEn}"), "steps");
}
