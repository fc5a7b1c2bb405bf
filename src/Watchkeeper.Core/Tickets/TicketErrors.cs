using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Tickets;

/// <summary>The ticket workflow's expected failures.</summary>
public static class TicketErrors
{
    public static Error IllegalTransition(long id, TicketState state, string action) => Error.Conflict("ticket.transition.illegal", Bilingual.Join(
        $"工单 {id} 处于“{state}”状态，不能执行“{action}”。请刷新后按当前状态操作。",
        $"Ticket {id} is {state} and cannot '{action}'. Refresh and act on its current state."), "action");

    public static Error AlreadyAssigned(long id, string userId) => Error.Conflict("ticket.assignee.unchanged", Bilingual.Join(
        $"工单 {id} 已指派给 {userId}，请选择另一名工程师转派。", $"Ticket {id} is already assigned to {userId}; choose another engineer to transfer it to."), "assigneeUserId");

    public static Error ArrivalTimeInvalid(DateTimeOffset arrivedAt, DateTimeOffset earliest, DateTimeOffset now) => Error.Validation("ticket.arrival.invalid",
        Bilingual.Join(
            $"到场时间 {arrivedAt:yyyy-MM-dd HH:mm:ss}Z 无效：须在 {earliest:yyyy-MM-dd HH:mm:ss}Z 与当前时间 {now:yyyy-MM-dd HH:mm:ss}Z 之间。",
            $"Arrival time {arrivedAt:yyyy-MM-dd HH:mm:ss}Z is invalid: it must lie between {earliest:yyyy-MM-dd HH:mm:ss}Z and now, {now:yyyy-MM-dd HH:mm:ss}Z."),
        "arrivedAt");

    public static Error ResolutionIncomplete() => Error.Validation("ticket.resolution.incomplete", Bilingual.Join(
        "解决工单须填写故障原因和解决方法。", "Resolving a ticket needs the cause and the solution."), "cause");

    public static Error RatingInvalid(int score) => Error.Validation("ticket.rating.invalid", Bilingual.Join(
        $"评分须为 1–5，收到 {score}。", $"A rating must be 1 to 5; got {score}."), "rating");

    public static Error ReasonRequired(string action) => Error.Validation("ticket.reason.required", Bilingual.Join(
        $"“{action}”须填写原因。", $"'{action}' needs a reason."), "reason");

    public static Error LevelInvalid(int level) => Error.Validation("ticket.level.invalid", Bilingual.Join(
        $"故障等级须为 {Ticket.MinLevel}–{Ticket.MaxLevel}，收到 {level}。", $"A fault level must be {Ticket.MinLevel} to {Ticket.MaxLevel}; got {level}."),
        "faultLevel");

    public static Error LevelUnchanged(int level) => Error.Validation("ticket.level.unchanged", Bilingual.Join(
        $"工单已是 {level} 级故障。", $"The ticket is already at fault level {level}."), "faultLevel");

    public static Error MergeInvalid(long id, long targetId) => Error.Conflict("ticket.merge.invalid", Bilingual.Join(
        $"不能把工单 {id} 合并到工单 {targetId}：两者须为不同且未关闭的工单。",
        $"Ticket {id} cannot be merged into ticket {targetId}: both must be different tickets that are not closed."), "targetTicketId");

    public static Error CommentInvalid(int length) => Error.Validation("ticket.comment.invalid", Bilingual.Join(
        $"备注须为 1–{Ticket.MaxNoteLength} 个字符，收到 {length} 个。", $"A comment must be 1 to {Ticket.MaxNoteLength} characters; got {length}."), "text");
}
