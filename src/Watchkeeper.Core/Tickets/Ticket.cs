using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Tickets;

/// <summary>A new ticket's fault description and its requester.</summary>
public sealed record TicketReport(
    string Title,
    string Description,
    int FaultLevel,
    FaultCategory Category,
    TicketSource Source,
    long OrganizationId,
    string RequesterName,
    string RequesterContact,
    CallPriority CallPriority = CallPriority.Normal,
    string? RequesterUserId = null);

/// <summary>An entry of a ticket's activity log, which is append-only.</summary>
public sealed class TicketActivity
{
    public long Id { get; set; }

    public long TicketId { get; set; }

    /// <summary>When the entry was recorded.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>
    /// When the event happened for the clocks, if earlier than <see cref="At"/>: an arrival the engineer records
    /// after the fact.
    /// </summary>
    public DateTimeOffset? EffectiveAt { get; set; }

    /// <summary>The user who acted, or null for the platform.</summary>
    public string? Actor { get; set; }

    public TicketAction Action { get; set; }

    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public string Note { get; set; } = "";

    /// <summary>The terms in force from this entry on (Created, LevelChanged, TermsChanged).</summary>
    public SlaTermsSnapshot? Terms { get; set; }

    /// <summary>The key of the crossing that a warning, breach or escalation entry acted on, unique per ticket.</summary>
    public string? MarkKey { get; set; }

    public DateTimeOffset ClockAt => EffectiveAt ?? At;
}

/// <summary>
/// A fault report (工单) from its report to its closure. State and fields change only through the methods below, each
/// appending an activity; the clocks are computed from those activities (see <see cref="TicketClockHistory"/>).
/// </summary>
public sealed partial class Ticket
{
    public const int MinLevel = 1;
    public const int MaxLevel = 4;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 8000;
    public const int MaxNoteLength = 4000;

    private readonly List<TicketActivity> _activities = [];

    private Ticket()
    {
    }

    public long Id { get; private set; }

    /// <summary>The number people quote on the phone, such as GD-20261205-000007, assigned by the server.</summary>
    public string Number { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>1 (most severe) to 4.</summary>
    public int FaultLevel { get; private set; }

    public FaultCategory Category { get; private set; }

    public TicketSource Source { get; private set; }

    public CallPriority CallPriority { get; private set; }

    public long OrganizationId { get; private set; }

    public long? ContractId { get; private set; }

    public TicketState State { get; private set; }

    /// <summary>While paused: the state to resume to.</summary>
    public TicketState? StateBeforePause { get; private set; }

    public PauseReason? PauseReason { get; private set; }

    public string? AssigneeUserId { get; private set; }

    public string RequesterName { get; private set; } = "";

    public string RequesterContact { get; private set; } = "";

    /// <summary>The portal user who reported the fault, who may follow and confirm it.</summary>
    public string? RequesterUserId { get; private set; }

    /// <summary>A workaround is in place: service is restored in a limited way (有限服务).</summary>
    public bool LimitedService { get; private set; }

    public string? ArrivalLocation { get; private set; }

    public string? Cause { get; private set; }

    public string? Solution { get; private set; }

    public long? KnowledgeArticleId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBy { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? ArrivedAt { get; private set; }

    public DateTimeOffset? RestoredAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public TicketClosure? Closure { get; private set; }

    public long? MergedIntoTicketId { get; private set; }

    public long? SplitFromTicketId { get; private set; }

    /// <summary>The requester's rating of the service, 1 to 5.</summary>
    public int? Rating { get; private set; }

    public string? RatingComment { get; private set; }

    /// <summary>The terms in force now. The activities keep every earlier copy.</summary>
    public SlaTermsSnapshot Terms { get; private set; } = SlaTermsSnapshot.Empty(3);

    /// <summary>The latest instant of a clock event. A back-dated event may not go before it.</summary>
    public DateTimeOffset LastClockEventAt { get; private set; }

    /// <summary>When the clock worker must next look at the ticket: a mark to act on. Null when nothing is due.</summary>
    public DateTimeOffset? NextNoticeAt { get; private set; }

    /// <summary>The earliest due time of a running service-level clock, for the "breaching soon" queue.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }

    /// <summary>Whether any service-level clock has passed its target.</summary>
    public bool IsBreached { get; private set; }

    public IReadOnlyList<TicketActivity> Activities => _activities;

    public bool IsOpen => State is not (TicketState.Resolved or TicketState.Confirmed or TicketState.Closed);

    public static Ticket Open(TicketReport report, SlaTermsSnapshot terms, string? actor, DateTimeOffset at, long? contractId = null)
    {
        var ticket = new Ticket
        {
            Title = report.Title,
            Description = report.Description,
            FaultLevel = report.FaultLevel,
            Category = report.Category,
            Source = report.Source,
            CallPriority = report.CallPriority,
            OrganizationId = report.OrganizationId,
            ContractId = contractId,
            RequesterName = report.RequesterName,
            RequesterContact = report.RequesterContact,
            RequesterUserId = report.RequesterUserId,
            State = TicketState.New,
            CreatedAt = at,
            CreatedBy = actor,
            Terms = terms,
            LastClockEventAt = at,
        };
        ticket.Append(TicketAction.Created, at, actor, report.Title).Terms = terms;
        return ticket;
    }

    /// <summary>Sets the number once, after the server reserved it.</summary>
    public void AssignNumber(string number)
    {
        if (Number.Length > 0)
        {
            throw new InvalidOperationException($"Ticket {Id} already has number {Number}.");
        }

        Number = number;
    }

    /// <summary>Assigns a new ticket, or transfers an assigned or accepted one to another engineer, who must accept it.</summary>
    public Result Assign(string assigneeUserId, string? actor, DateTimeOffset at, string? note = null)
    {
        if (State is not (TicketState.New or TicketState.Assigned or TicketState.Accepted or TicketState.OnSite or TicketState.InProgress))
        {
            return Illegal("assign");
        }

        if (assigneeUserId == AssigneeUserId)
        {
            return TicketErrors.AlreadyAssigned(Id, assigneeUserId);
        }

        var transfer = AssigneeUserId is not null;
        var previous = AssigneeUserId;
        AssigneeUserId = assigneeUserId;
        AssignedAt = at;
        State = TicketState.Assigned;
        var entry = Append(transfer ? TicketAction.Transferred : TicketAction.Assigned, at, actor, note);
        entry.Field = "assignee";
        entry.OldValue = previous;
        entry.NewValue = assigneeUserId;
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>Accepts the ticket for its assignee. The first acceptance is the response.</summary>
    public Result Accept(string? actor, DateTimeOffset at, string? note = null)
    {
        if (State != TicketState.Assigned)
        {
            return Illegal("accept");
        }

        State = TicketState.Accepted;
        AcceptedAt ??= at;
        Append(TicketAction.Accepted, at, actor, note);
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>
    /// Records an engineer's arrival on site at <paramref name="arrivedAt"/> (now, or earlier when recorded after the
    /// fact, but not before the ticket's last clock event).
    /// </summary>
    public Result Arrive(string? actor, DateTimeOffset at, DateTimeOffset? arrivedAt = null, string? location = null, string? note = null)
    {
        if (State is not (TicketState.Accepted or TicketState.InProgress) || ArrivedAt is not null)
        {
            return Illegal("arrive");
        }

        var when = arrivedAt ?? at;
        if (when > at || when < LastClockEventAt)
        {
            return TicketErrors.ArrivalTimeInvalid(when, LastClockEventAt, at);
        }

        State = TicketState.OnSite;
        ArrivedAt = when;
        ArrivalLocation = string.IsNullOrWhiteSpace(location) ? null : location.Trim();
        var entry = Append(TicketAction.Arrived, at, actor, note ?? ArrivalLocation);
        entry.EffectiveAt = when == at ? null : when;
        ClockEvent(when);
        return Result.Success();
    }

    public Result StartWork(string? actor, DateTimeOffset at, string? note = null)
    {
        if (State is not (TicketState.Accepted or TicketState.OnSite))
        {
            return Illegal("start");
        }

        State = TicketState.InProgress;
        Append(TicketAction.WorkStarted, at, actor, note);
        return Result.Success();
    }

    /// <summary>Puts the ticket on hold, which pauses every running clock until it resumes.</summary>
    public Result Pause(PauseReason reason, string? actor, DateTimeOffset at, string? note = null)
    {
        if (State is not (TicketState.Accepted or TicketState.OnSite or TicketState.InProgress))
        {
            return Illegal("pause");
        }

        StateBeforePause = State;
        PauseReason = reason;
        State = TicketState.Paused;
        var entry = Append(TicketAction.Paused, at, actor, note);
        entry.NewValue = reason.ToString();
        ClockEvent(at);
        return Result.Success();
    }

    public Result Resume(string? actor, DateTimeOffset at, string? note = null)
    {
        if (State != TicketState.Paused)
        {
            return Illegal("resume");
        }

        State = StateBeforePause ?? TicketState.InProgress;
        StateBeforePause = null;
        PauseReason = null;
        Append(TicketAction.Resumed, at, actor, note);
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>Records that service is back, with a workaround when <paramref name="limitedService"/>, and stops the restoration clock.</summary>
    public Result Restore(bool limitedService, string? actor, DateTimeOffset at, string? note = null)
    {
        if (State is not (TicketState.Accepted or TicketState.OnSite or TicketState.InProgress) || RestoredAt is not null)
        {
            return Illegal("restore");
        }

        RestoredAt = at;
        LimitedService = limitedService;
        var entry = Append(TicketAction.Restored, at, actor, note);
        entry.NewValue = limitedService ? "limited" : "full";
        ClockEvent(at);
        return Result.Success();
    }

    public Result Resolve(string cause, string solution, long? knowledgeArticleId, string? actor, DateTimeOffset at)
    {
        if (State is not (TicketState.Accepted or TicketState.OnSite or TicketState.InProgress))
        {
            return Illegal("resolve");
        }

        if (string.IsNullOrWhiteSpace(cause) || string.IsNullOrWhiteSpace(solution))
        {
            return TicketErrors.ResolutionIncomplete();
        }

        State = TicketState.Resolved;
        Cause = cause.Trim();
        Solution = solution.Trim();
        KnowledgeArticleId = knowledgeArticleId;
        ResolvedAt = at;
        RestoredAt ??= at;
        LimitedService = false;
        Append(TicketAction.Resolved, at, actor, Solution);
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>Records the requester's confirmation that the fault is gone.</summary>
    public Result Confirm(string? actor, DateTimeOffset at, string? note = null)
    {
        if (State != TicketState.Resolved)
        {
            return Illegal("confirm");
        }

        State = TicketState.Confirmed;
        ConfirmedAt = at;
        Append(TicketAction.Confirmed, at, actor, note);
        return Result.Success();
    }

    public Result Rate(int score, string? comment, string? actor, DateTimeOffset at)
    {
        if (State is not (TicketState.Resolved or TicketState.Confirmed) && Closure != TicketClosure.Completed)
        {
            return Illegal("rate");
        }

        if (score is < 1 or > 5)
        {
            return TicketErrors.RatingInvalid(score);
        }

        Rating = score;
        RatingComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var entry = Append(TicketAction.Rated, at, actor, RatingComment);
        entry.NewValue = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Result.Success();
    }

    /// <summary>
    /// Closes a resolved ticket, or cancels an open one with a reason. Merging closes through <see cref="MergeInto"/>.
    /// </summary>
    public Result Close(string? reason, string? actor, DateTimeOffset at)
    {
        if (State == TicketState.Closed)
        {
            return Illegal("close");
        }

        var completed = State is TicketState.Resolved or TicketState.Confirmed;
        if (!completed && string.IsNullOrWhiteSpace(reason))
        {
            return TicketErrors.ReasonRequired("close");
        }

        EndAt(completed ? TicketClosure.Completed : TicketClosure.Cancelled, at);
        Append(TicketAction.Closed, at, actor, reason?.Trim()).NewValue = Closure.ToString();
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>Reopens a resolved, confirmed or completed ticket whose fault came back. Its restoration and resolution clocks run on.</summary>
    public Result Reopen(string reason, string? actor, DateTimeOffset at)
    {
        if (State is not (TicketState.Resolved or TicketState.Confirmed) && Closure != TicketClosure.Completed)
        {
            return Illegal("reopen");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return TicketErrors.ReasonRequired("reopen");
        }

        State = AssigneeUserId is null ? TicketState.New : TicketState.InProgress;
        ResolvedAt = null;
        RestoredAt = null;
        ConfirmedAt = null;
        ClosedAt = null;
        Closure = null;
        Append(TicketAction.Reopened, at, actor, reason.Trim());
        ClockEvent(at);
        return Result.Success();
    }

    private void EndAt(TicketClosure closure, DateTimeOffset at)
    {
        State = TicketState.Closed;
        Closure = closure;
        ClosedAt = at;
        StateBeforePause = null;
        PauseReason = null;
    }

    private Result Illegal(string action) => TicketErrors.IllegalTransition(Id, State, action);

    private void ClockEvent(DateTimeOffset at)
    {
        if (at > LastClockEventAt)
        {
            LastClockEventAt = at;
        }
    }

    private TicketActivity Append(TicketAction action, DateTimeOffset at, string? actor, string? note)
    {
        var entry = new TicketActivity { TicketId = Id, Action = action, At = at, Actor = actor, Note = note?.Trim() ?? "" };
        _activities.Add(entry);
        return entry;
    }
}
