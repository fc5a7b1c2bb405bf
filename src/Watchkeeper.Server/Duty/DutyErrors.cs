using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Duty;

/// <summary>The roster's expected failures, each naming the value at fault and what to do.</summary>
public static class DutyErrors
{
    public static Error TeamNotFound(long id) => Error.NotFound("duty.team.not_found",
        Bilingual.Join($"班组 {id} 不存在。", $"Duty team {id} does not exist."));

    public static Error ShiftNotFound(long id) => Error.NotFound("duty.shift.not_found",
        Bilingual.Join($"班次 {id} 不存在。", $"Shift {id} does not exist."));

    public static Error NoteNotFound(long id) => Error.NotFound("duty.handover.not_found",
        Bilingual.Join($"交接班记录 {id} 不存在。", $"Handover note {id} does not exist."));

    public static Error OrganizationNotFound(long? id) => id is null
        ? Error.Validation("duty.organization.missing", Bilingual.Join("请选择班组服务的组织 (organizationId)。",
            "Choose the organization the team serves (organizationId)."), "organizationId")
        : Error.NotFound("duty.organization.not_found", Bilingual.Join($"组织 {id} 不存在。", $"Organization {id} does not exist."));

    public static Error NameInvalid(string field, string value, int maxLength) => Error.Validation($"duty.{field}.invalid", Bilingual.Join(
        $"名称须为 1–{maxLength} 个字符，收到“{value}”。", $"A name must be 1-{maxLength} characters; got '{value}'."), field);

    public static Error TeamNameDuplicate(string name) => Error.Conflict("duty.team.name.duplicate", Bilingual.Join(
        $"该组织下已有名为“{name}”的班组，请换一个名称。", $"A duty team named '{name}' already exists in this organization; choose another name."), "name");

    public static Error UsersNotFound(string field, IEnumerable<string> ids) => Error.Validation("duty.users.not_found", Bilingual.Join(
        $"用户不存在：{string.Join(", ", ids)}。请从用户列表中选择。", $"These users do not exist: {string.Join(", ", ids)}. Choose users from the user list."), field);

    public static Error TooMany(string field, int count, int max) => Error.Validation("duty.list.too_long", Bilingual.Join(
        $"{field} 最多 {max} 项，收到 {count} 项。", $"{field} takes at most {max} entries; got {count}."), field);

    public static Error TimeInvalid(string field, string? value) => Error.Validation("duty.time.invalid", Bilingual.Join(
        $"时间“{value}”无效，请按 HH:mm 填写，如 08:00 或 20:00。", $"Time '{value}' is invalid; write it as HH:mm, e.g. 08:00 or 20:00."), field);

    public static Error DateInvalid(string field, string? value) => Error.Validation("duty.date.invalid", Bilingual.Join(
        $"日期“{value}”无效，请按 yyyy-MM-dd 填写，如 2026-12-01。", $"Date '{value}' is invalid; write it as yyyy-MM-dd, e.g. 2026-12-01."), field);

    public static Error TemplateDuplicate(string name) => Error.Validation("duty.template.duplicate", Bilingual.Join(
        $"班次模板“{name}”重复，每个名称只能用一次。", $"Shift template '{name}' appears twice; use each name once."), "templates");

    public static Error TemplatesOverlap(string first, string second) => Error.Validation("duty.template.overlap", Bilingual.Join(
        $"班次模板“{first}”与“{second}”时间重叠，同一班组不能同时上两个班次；请调整起止时间。",
        $"Shift templates '{first}' and '{second}' overlap, and a team cannot work two shifts at once; adjust their times."), "templates");

    public static Error NoTimes(string name) => Error.Validation("duty.shift.times.missing", Bilingual.Join(
        $"班次“{name}”不是该班组的模板，请填写开始和结束时间 (start、end)。",
        $"Shift '{name}' is not one of the team's templates; give its start and end times."), "start");

    public static Error RangeInvalid(DateOnly from, DateOnly to, int maxDays) => Error.Validation("duty.range.invalid", Bilingual.Join(
        $"日期范围 {Format(from)} 至 {Format(to)} 无效：结束日期不能早于开始日期，且最多 {maxDays} 天。",
        $"Date range {Format(from)} to {Format(to)} is invalid: the end must not be before the start, and the range may span at most {maxDays} days."), "to");

    public static Error QueryRangeInvalid(int maxDays) => Error.Validation("duty.range.invalid", Bilingual.Join(
        $"查询范围无效：to 须晚于 from，且最多 {maxDays} 天。", $"The query range is invalid: 'to' must be after 'from' and at most {maxDays} days later."), "to");

    public static Error TeamsMissing() => Error.Validation("duty.generate.teams.missing", Bilingual.Join(
        "请至少选择一个班组 (teamIds) 参与轮换。", "Choose at least one team (teamIds) for the rotation."), "teamIds");

    public static Error DaysPerTeamInvalid(int value, int max) => Error.Validation("duty.generate.days_per_team", Bilingual.Join(
        $"每组连续天数须在 1–{max} 之间，收到 {value}。", $"daysPerTeam must be 1-{max}; got {value}."), "daysPerTeam");

    public static Error TeamHasNoTemplates(string team, string? templateName) => Error.Validation("duty.generate.no_templates", Bilingual.Join(
        templateName is null ? $"班组“{team}”没有班次模板，请先在班组中添加模板。" : $"班组“{team}”没有名为“{templateName}”的班次模板。",
        templateName is null ? $"Duty team '{team}' has no shift templates; add templates to the team first." : $"Duty team '{team}' has no shift template named '{templateName}'."),
        "teamIds");

    public static Error Overlap(string team, string name, DateOnly date, string times, string otherName, DateOnly otherDate, string otherTimes) =>
        Error.Conflict("duty.shift.overlap", Bilingual.Join(
            $"班组“{team}”{Format(date)} 的“{name}”({times}) 与 {Format(otherDate)} 的“{otherName}”({otherTimes}) 时间重叠；请先删除或调整已有班次，或换一个日期范围。",
            $"Duty team '{team}': shift '{name}' on {Format(date)} ({times}) overlaps shift '{otherName}' on {Format(otherDate)} ({otherTimes}); delete or change the existing shift, or choose other dates."));

    public static Error TextInvalid(string field, int length) => Error.Validation("duty.handover.text.invalid", Bilingual.Join(
        $"交接内容不能为空且最多 {HandoverNote.MaxTextLength} 个字符，收到 {length} 个。",
        $"Handover text must be 1-{HandoverNote.MaxTextLength} characters; got {length}."), field);

    public static Error IncomingShiftInvalid(long id) => Error.Validation("duty.handover.incoming.invalid", Bilingual.Join(
        $"接班班次 {id} 无效：须是交班班次之后开始的另一个班次。", $"Incoming shift {id} is invalid: it must be another shift that starts after the outgoing one."),
        "incomingShiftId");

    public static Error NotOnOutgoingShift(long shiftId) => new("duty.handover.not_on_shift", Bilingual.Join(
        $"只有班次 {shiftId} 的值班人员或值班长可以填写交接班记录。", $"Only the users on duty in shift {shiftId} or its leader can write its handover note."),
        ErrorKind.Forbidden);

    public static Error NoIncomingShift(long noteId) => Error.Conflict("duty.handover.no_incoming", Bilingual.Join(
        $"交接班记录 {noteId} 没有接班班次，无需确认。", $"Handover note {noteId} has no incoming shift to acknowledge it."));

    public static Error NotIncomingLeader(long shiftId) => new("duty.handover.not_incoming_leader", Bilingual.Join(
        $"只有接班班次 {shiftId} 的值班长 (未指定时为其值班人员) 可以确认交接。",
        $"Only the leader of incoming shift {shiftId} (or, without a leader, a user on duty in it) can acknowledge the handover."), ErrorKind.Forbidden);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
