using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Tickets;

/// <summary>The body of a ticketing rule; enum values are names (for example <c>"Camera"</c>, <c>"Offline"</c>, <c>"Major"</c>).</summary>
public sealed record TicketRuleInput(
    string? Name,
    bool? Enabled,
    long? OrganizationId,
    IReadOnlyList<string>? DeviceKinds,
    IReadOnlyList<string>? AlarmTypes,
    string? MinSeverity,
    int? DelayMinutes,
    string? Category,
    int? FaultLevel,
    bool? AutoAssign);

public sealed record TicketRuleView(
    long Id,
    string Name,
    bool Enabled,
    long? OrganizationId,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes,
    AlarmSeverity MinSeverity,
    int DelayMinutes,
    FaultCategory Category,
    int? FaultLevel,
    bool AutoAssign,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TicketRuleView From(TicketRule rule) => new(rule.Id, rule.Name, rule.Enabled, rule.OrganizationId, rule.DeviceKinds, rule.AlarmTypes,
        rule.MinSeverity, rule.DelayMinutes, rule.Category, rule.FaultLevel, rule.AutoAssign, rule.CreatedAt, rule.UpdatedAt);
}

/// <summary>Reads and edits ticketing rules in the caller's organization scope, through the audited save.</summary>
public sealed class TicketRuleService(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    public async Task<IReadOnlyList<TicketRuleView>> ListAsync(CancellationToken cancellationToken)
    {
        var rules = await db.TicketRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rules.Select(TicketRuleView.From)];
    }

    public async Task<TicketRuleView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.TicketRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } rule ? TicketRuleView.From(rule) : null;

    public async Task<Result<TicketRuleView>> CreateAsync(TicketRuleInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rule = new TicketRule { CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(rule, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<TicketRuleView>.Failure(errors);
        }

        db.TicketRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return TicketRuleView.From(rule);
    }

    public async Task<Result<TicketRuleView>> UpdateAsync(long id, TicketRuleInput input, CancellationToken cancellationToken)
    {
        var rule = await db.TicketRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return TicketRuleErrors.NotFound(id);
        }

        var errors = await ApplyAsync(rule, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<TicketRuleView>.Failure(errors);
        }

        rule.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TicketRuleView.From(rule);
    }

    /// <summary>Deletes a rule. Tickets it opened stay, and their root alarms still never open a second ticket.</summary>
    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var rule = await db.TicketRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return TicketRuleErrors.NotFound(id);
        }

        db.TicketRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="rule"/>; returns the errors, empty when it is valid.</summary>
    private async Task<List<Error>> ApplyAsync(TicketRule rule, TicketRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > TicketRule.MaxNameLength)
        {
            errors.Add(TicketRuleErrors.NameInvalid(input.Name));
        }

        // Names are unique across organizations, so the check reads rules outside the caller's scope too.
        else if (await db.TicketRules.IgnoreOrganizationScope().AnyAsync(r => r.Name == name && r.Id != rule.Id, cancellationToken))
        {
            errors.Add(TicketRuleErrors.NameTaken(name));
        }

        if (input.OrganizationId is { } organizationId && !await organizations.IsVisibleAsync(organizationId, cancellationToken))
        {
            errors.Add(TicketApiErrors.OrganizationNotFound(organizationId));
        }

        var kinds = ParseList<DeviceKind>(input.DeviceKinds, "deviceKinds", errors);
        var types = ParseList<AlarmType>(input.AlarmTypes, "alarmTypes", errors);
        var severity = ParseOne(input.MinSeverity, "minSeverity", AlarmSeverity.Major, errors);
        var category = ParseOne(input.Category, "category", FaultCategory.Other, errors);
        var delay = input.DelayMinutes ?? 0;
        if (delay is < 0 or > TicketRule.MaxDelayMinutes)
        {
            errors.Add(TicketRuleErrors.DelayInvalid(delay));
        }

        if (input.FaultLevel is { } level && level is < Ticket.MinLevel or > Ticket.MaxLevel)
        {
            errors.Add(TicketErrors.LevelInvalid(level));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        rule.Name = name;
        rule.Enabled = input.Enabled ?? true;
        rule.OrganizationId = input.OrganizationId;
        rule.DeviceKinds = kinds;
        rule.AlarmTypes = types;
        rule.MinSeverity = severity;
        rule.DelayMinutes = delay;
        rule.Category = category;
        rule.FaultLevel = input.FaultLevel;
        rule.AutoAssign = input.AutoAssign ?? false;
        return errors;
    }

    private static List<T> ParseList<T>(IReadOnlyList<string>? values, string field, List<Error> errors)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        foreach (var value in values ?? [])
        {
            var one = ParseOne<T>(value, field, default, errors, required: true);
            if (!parsed.Contains(one))
            {
                parsed.Add(one);
            }
        }

        return parsed;
    }

    private static T ParseOne<T>(string? value, string field, T fallback, List<Error> errors, bool required = false)
        where T : struct, Enum
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) && !required)
        {
            return fallback;
        }

        if (!string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[0]) && Enum.TryParse<T>(text, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        errors.Add(TicketApiErrors.EnumInvalid(field, value, Enum.GetNames<T>()));
        return fallback;
    }
}

/// <summary>Expected failures of the ticketing rules, the engineer skills and the split.</summary>
public static class TicketRuleErrors
{
    public static Error NotFound(long id) => Error.NotFound("ticket_rule.not_found", Bilingual.Join(
        $"工单规则 {id} 不存在。", $"Ticketing rule {id} does not exist."));

    public static Error NameInvalid(string? value) => Error.Validation("ticket_rule.name.invalid", Bilingual.Join(
        $"规则名称须为 1–{TicketRule.MaxNameLength} 个字符，收到“{value}”。", $"A rule name must be 1-{TicketRule.MaxNameLength} characters; got '{value}'."), "name");

    public static Error NameTaken(string name) => Error.Conflict("ticket_rule.name.taken", Bilingual.Join(
        $"已有名为“{name}”的工单规则，请换一个名称。", $"A ticketing rule named '{name}' exists; choose another name."), "name");

    public static Error DelayInvalid(int minutes) => Error.Validation("ticket_rule.delay.invalid", Bilingual.Join(
        $"等待时间须为 0–{TicketRule.MaxDelayMinutes} 分钟，收到 {minutes}。", $"delayMinutes must be 0 to {TicketRule.MaxDelayMinutes}; got {minutes}."),
        "delayMinutes");

    public static Error UserNotFound(string id) => Error.NotFound("user.not_found", Bilingual.Join(
        $"用户“{id}”不存在。", $"User '{id}' does not exist."));

    public static Error SplitEmpty() => Error.Validation("ticket.split.empty", Bilingual.Join(
        "拆分须至少移出一台设备或一条告警。", "A split must move at least one device or alarm to the new ticket."), "deviceIds");

    public static Error SplitDeviceNotLinked(long ticketId, long deviceId) => Error.Validation("ticket.split.device_not_linked", Bilingual.Join(
        $"设备 {deviceId} 未关联到工单 {ticketId}，只能移出本工单的设备。", $"Device {deviceId} is not linked to ticket {ticketId}; only its own devices can move."),
        "deviceIds");

    public static Error SplitAlarmNotLinked(long ticketId, long alarmId) => Error.Validation("ticket.split.alarm_not_linked", Bilingual.Join(
        $"告警 {alarmId} 未关联到工单 {ticketId}，只能移出本工单的告警。", $"Alarm {alarmId} is not linked to ticket {ticketId}; only its own alarms can move."),
        "alarmIds");

    public static Error SplitClosed(long ticketId) => Error.Conflict("ticket.split.closed", Bilingual.Join(
        $"工单 {ticketId} 已关闭或已解决，不能拆分；如故障复现请先重新打开。", $"Ticket {ticketId} is resolved or closed and cannot be split; reopen it first if the fault is back."),
        "id");
}
