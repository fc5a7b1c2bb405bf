using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.Tickets;

/// <summary>A new ticket. A missing fault level is suggested from the devices and alarms, and a missing contract is the organization's.</summary>
public sealed record TicketCreateInput(
    string? Title,
    string? Description,
    int? FaultLevel,
    string? Category,
    long? OrganizationId,
    IReadOnlyList<long>? DeviceIds = null,
    long? ContractId = null,
    string? RequesterName = null,
    string? RequesterContact = null,
    string? CallPriority = null,
    IReadOnlyList<long>? AlarmIds = null);

/// <summary>
/// A workflow action on a ticket and its arguments: assign/transfer (assigneeUserId), accept, arrive (arrivedAt, location),
/// start, pause (pauseReason), resume, restore (limitedService), resolve (cause, solution, knowledgeArticleId), confirm,
/// rate (rating), close (reason when not resolved), reopen (reason), changeLevel (faultLevel, reason), merge (targetTicketId).
/// </summary>
public sealed record TicketTransitionInput(
    string? Action,
    string? AssigneeUserId = null,
    string? Reason = null,
    string? Note = null,
    string? PauseReason = null,
    DateTimeOffset? ArrivedAt = null,
    string? Location = null,
    bool? LimitedService = null,
    string? Cause = null,
    string? Solution = null,
    long? KnowledgeArticleId = null,
    int? FaultLevel = null,
    long? TargetTicketId = null,
    int? Rating = null);

public sealed record TicketCommentInput(string? Text);

/// <summary>One clock as the API shows it. Seconds count working time for a target on a business calendar.</summary>
public sealed record TicketClockView(
    SlaClockKind Kind,
    SlaClockState State,
    DateTimeOffset? DueAt,
    long ElapsedSeconds,
    long PausedSeconds,
    long? TargetSeconds,
    long BreachSeconds,
    bool BusinessHours,
    DateTimeOffset? StoppedAt);

public sealed record TicketSummaryView(
    long Id,
    string Number,
    string Title,
    int FaultLevel,
    FaultCategory Category,
    TicketSource Source,
    CallPriority CallPriority,
    TicketState State,
    long OrganizationId,
    string OrganizationName,
    string? AssigneeUserId,
    string? AssigneeName,
    bool LimitedService,
    bool IsBreached,
    DateTimeOffset? NextDueAt,
    DateTimeOffset CreatedAt);

public sealed record TicketView(
    long Id,
    string Number,
    string Title,
    string Description,
    int FaultLevel,
    FaultCategory Category,
    TicketSource Source,
    CallPriority CallPriority,
    TicketState State,
    PauseReason? PauseReason,
    long OrganizationId,
    string OrganizationName,
    long? ContractId,
    string? AssigneeUserId,
    string? AssigneeName,
    string RequesterName,
    string RequesterContact,
    bool LimitedService,
    string? ArrivalLocation,
    string? Cause,
    string? Solution,
    long? KnowledgeArticleId,
    int? Rating,
    string? RatingComment,
    TicketClosure? Closure,
    long? MergedIntoTicketId,
    long? SplitFromTicketId,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? RestoredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<long> AlarmIds,
    IReadOnlyList<TicketClockView> Clocks);

public sealed record TicketActivityView(
    long Id,
    DateTimeOffset At,
    DateTimeOffset? EffectiveAt,
    string? Actor,
    TicketAction Action,
    string? Field,
    string? OldValue,
    string? NewValue,
    string Note);

/// <summary>The ticket queues of the console and the API's list filter.</summary>
public enum TicketQueue
{
    /// <summary>Every ticket in scope.</summary>
    All,

    /// <summary>Open tickets assigned to the caller.</summary>
    Mine,

    /// <summary>Open tickets assigned to members of the caller's duty teams.</summary>
    Team,
    Unassigned,

    /// <summary>Open tickets with a clock due within the next hour.</summary>
    BreachingSoon,
    Breached,

    /// <summary>Every ticket the caller reported as its requester, open or not: the portal's "my tickets".</summary>
    Requested,
}
