using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Changes;

/// <summary>The fields of a new change request. The impact scope is the devices and organizations it touches.</summary>
public sealed record ChangeDraft(
    ChangeType Type,
    long OrganizationId,
    string Title,
    string Reason,
    string Description,
    DateTimeOffset PlannedStart,
    DateTimeOffset PlannedEnd,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<long> OrganizationIds,
    string AffectedSystems = "",
    ChangeRisk Risk = ChangeRisk.Low,
    string RollbackPlan = "",
    string? ImplementerUserId = null,
    bool RequiresNotice = true,
    long? TemplateId = null,
    long? EmergencyId = null);

/// <summary>A technical implementation plan's version, written by the change's co-authors.</summary>
public sealed class ChangePlanVersion
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public int Version { get; set; }

    public string Content { get; set; } = "";

    public string? Author { get; set; }

    public string Note { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A change request (变更) from its draft to its review: approval rounds, backups, trial runs, notices, the work permit
/// and its closure. State changes only through the methods below, each appending an activity.
/// </summary>
public sealed partial class ChangeRequest
{
    private readonly List<ChangeActivity> _activities = [];
    private readonly List<ChangeApproval> _approvals = [];
    private readonly List<ChangeDelegation> _delegations = [];
    private readonly List<ChangeBackup> _backups = [];
    private readonly List<ChangeTrialRun> _trialRuns = [];
    private readonly List<ChangeNotice> _notices = [];
    private readonly List<ChangePlanVersion> _planVersions = [];
    private readonly List<ChangeVersionRecord> _versions = [];

    public long Id { get; private set; }
    public string Number { get; private set; } = "";
    public ChangeType Type { get; private set; }
    public ChangeState State { get; private set; }
    public string Title { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string AffectedSystems { get; private set; } = "";
    public ChangeRisk Risk { get; private set; }
    public string RollbackPlan { get; private set; } = "";
    public string? ImplementerUserId { get; private set; }
    public DateTimeOffset PlannedStart { get; private set; }
    public DateTimeOffset PlannedEnd { get; private set; }
    public List<long> DeviceIds { get; private set; } = [];
    public List<long> OrganizationIds { get; private set; } = [];

    /// <summary>The organization the change belongs to: the nearest one that contains its whole impact scope.</summary>
    public long OrganizationId { get; private set; }
    public bool RequiresNotice { get; private set; }
    public long? TemplateId { get; private set; }
    public long? EmergencyId { get; private set; }
    public List<string> PlanAuthors { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>The approval round, counted from 1 at the first submission; a resubmission starts a new round.</summary>
    public int ApprovalRound { get; private set; }

    public List<ApprovalStepSnapshot> ApprovalSteps { get; private set; } = [];

    /// <summary>When the current steps started waiting, for reminders and escalation.</summary>
    public DateTimeOffset? StepsWaitingSince { get; private set; }

    public DateTimeOffset? LastApprovalReminderAt { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    /// <summary>For an emergency change: when its after-the-fact approval is due.</summary>
    public DateTimeOffset? ApprovalDueAt { get; private set; }

    public ChangePermit? Permit { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public ChangeOutcome? Outcome { get; private set; }
    public string ClosureResults { get; private set; } = "";
    public string RestoredSettings { get; private set; } = "";
    public List<HealthRegression> Regressions { get; private set; } = [];

    /// <summary>The affected devices' health when the work started, compared with their health at the closure.</summary>
    public List<DeviceHealthSnapshot> HealthBefore { get; private set; } = [];
    public string RegressionExplanation { get; private set; } = "";
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string ReviewNote { get; private set; } = "";
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>The window end whose overrun was escalated last, so that each end escalates once.</summary>
    public DateTimeOffset? OverrunEscalatedFor { get; private set; }

    public IReadOnlyList<ChangeActivity> Activities => _activities;
    public IReadOnlyList<ChangeApproval> Approvals => _approvals;
    public IReadOnlyList<ChangeDelegation> Delegations => _delegations;
    public IReadOnlyList<ChangeBackup> Backups => _backups;
    public IReadOnlyList<ChangeTrialRun> TrialRuns => _trialRuns;
    public IReadOnlyList<ChangeNotice> Notices => _notices;
    public IReadOnlyList<ChangePlanVersion> PlanVersions => _planVersions;
    public IReadOnlyList<ChangeVersionRecord> Versions => _versions;

    /// <summary>Whether the change still may run: not closed, reviewed or cancelled.</summary>
    public bool IsOpen => State is not (ChangeState.Closed or ChangeState.Reviewed or ChangeState.Cancelled);

    /// <summary>The current round's decisions.</summary>
    public IReadOnlyList<ChangeApproval> CurrentApprovals => [.. _approvals.Where(a => a.Round == ApprovalRound)];

    public static ChangeRequest Create(ChangeDraft draft, string? actor, DateTimeOffset at)
    {
        var change = new ChangeRequest
        {
            Type = draft.Type,
            State = ChangeState.Draft,
            Title = draft.Title,
            Reason = draft.Reason,
            Description = draft.Description,
            AffectedSystems = draft.AffectedSystems,
            Risk = draft.Risk,
            RollbackPlan = draft.RollbackPlan,
            ImplementerUserId = draft.ImplementerUserId,
            PlannedStart = draft.PlannedStart,
            PlannedEnd = draft.PlannedEnd,
            DeviceIds = [.. draft.DeviceIds.Distinct()],
            OrganizationIds = [.. draft.OrganizationIds.Distinct()],
            OrganizationId = draft.OrganizationId,
            RequiresNotice = draft.RequiresNotice,
            TemplateId = draft.TemplateId,
            EmergencyId = draft.EmergencyId,
            CreatedAt = at,
            CreatedBy = actor,
        };
        change.Append(ChangeAction.Created, at, actor, draft.Title);
        return change;
    }

    /// <summary>Sets the number once, after the server reserved it.</summary>
    public void AssignNumber(string number)
    {
        if (Number.Length > 0)
        {
            throw new InvalidOperationException($"Change {Id} already has number {Number}.");
        }

        Number = number;
    }

    /// <summary>
    /// Submits the change for approval under <paramref name="steps"/>, starting a new round. A standard change is
    /// approved by its template at once. An emergency change must be approved by <paramref name="approvalDueAt"/>.
    /// </summary>
    public Result Submit(IReadOnlyList<ApprovalStepSnapshot> steps, string? actor, DateTimeOffset at, DateTimeOffset? approvalDueAt = null)
    {
        if (State is not (ChangeState.Draft or ChangeState.Rejected))
        {
            return Illegal("submit");
        }

        if (Type != ChangeType.Standard && steps.Count == 0)
        {
            return ChangeErrors.ChainMissing(Type);
        }

        if (Type == ChangeType.Major && _planVersions.Count == 0)
        {
            return ChangeErrors.PlanMissing(Id);
        }

        ApprovalRound++;
        ApprovalSteps = Type == ChangeType.Standard ? [] : [.. steps];
        SubmittedAt = at;
        StepsWaitingSince = at;
        ApprovalDueAt = Type == ChangeType.Emergency ? approvalDueAt : null;
        State = ChangeState.PendingApproval;
        Append(ChangeAction.Submitted, at, actor, null).NewValue = ApprovalRound.ToString(CultureInfo.InvariantCulture);
        if (Type == ChangeType.Standard)
        {
            MarkApproved(at, actor, "标准变更模板已预先批准 / Pre-approved by its standard template");
        }

        return Result.Success();
    }

    /// <summary>Records <paramref name="who"/>'s approval on each current step they may decide on.</summary>
    public Result Approve(ApproverIdentity who, string comment, DateTimeOffset at)
    {
        if (!AwaitsDecisions)
        {
            return Illegal("approve");
        }

        var pending = Pending(who);
        if (pending.Count == 0)
        {
            return ChangeErrors.NotAnApprover(Id, who.UserId);
        }

        // One decision per step: the first entry the user may decide on in it.
        foreach (var (step, entry, onBehalfOf) in pending.GroupBy(p => p.Step.Name).Select(g => g.First()))
        {
            Decide(step, entry, who.UserId, onBehalfOf, approved: true, comment, at);
            if (ApprovalChain.IsComplete(step, CurrentApprovals))
            {
                Append(ChangeAction.StepCompleted, at, null, step.Name);
            }
        }

        if (ApprovalChain.Active(ApprovalSteps, CurrentApprovals).Count == 0)
        {
            MarkApproved(at, who.UserId, comment);
        }
        else
        {
            StepsWaitingSince = at;
        }

        return Result.Success();
    }

    /// <summary>
    /// Rejects the change on a current step; the author may change it and submit it again. An emergency change already
    /// under its permit keeps running: the rejection is recorded, and the change stays unapproved for escalation.
    /// </summary>
    public Result Reject(ApproverIdentity who, string reason, DateTimeOffset at)
    {
        if (!AwaitsDecisions)
        {
            return Illegal("reject");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ChangeErrors.ReasonRequired("reject");
        }

        var pending = Pending(who);
        if (pending.Count == 0)
        {
            return ChangeErrors.NotAnApprover(Id, who.UserId);
        }

        var (step, entry, onBehalfOf) = pending[0];
        Decide(step, entry, who.UserId, onBehalfOf, approved: false, reason, at);
        if (State == ChangeState.PendingApproval)
        {
            State = ChangeState.Rejected;
            StepsWaitingSince = null;
        }
        return Result.Success();
    }

    /// <summary>Hands <paramref name="who"/>'s entries on the current steps to <paramref name="delegateUserId"/> for this round.</summary>
    public Result Delegate(ApproverIdentity who, string delegateUserId, string? note, DateTimeOffset at)
    {
        if (!AwaitsDecisions)
        {
            return Illegal("delegate");
        }

        if (string.IsNullOrWhiteSpace(delegateUserId) || delegateUserId == who.UserId)
        {
            return ChangeErrors.DelegateInvalid(delegateUserId);
        }

        var own = Pending(who).Where(p => p.OnBehalfOf is null).ToList();
        if (own.Count == 0)
        {
            return ChangeErrors.NotAnApprover(Id, who.UserId);
        }

        foreach (var (step, entry, _) in own)
        {
            _delegations.Add(new ChangeDelegation
            {
                ChangeRequestId = Id, Round = ApprovalRound, StepName = step.Name, Entry = entry, FromUserId = who.UserId, ToUserId = delegateUserId, At = at,
            });
        }

        var record = Append(ChangeAction.Delegated, at, who.UserId, note);
        record.Field = string.Join(",", own.Select(p => p.Step.Name).Distinct());
        record.NewValue = delegateUserId;
        return Result.Success();
    }

    /// <summary>Returns the entries <paramref name="who"/> may decide on now, each with the approver decided for.</summary>
    public IReadOnlyList<(ApprovalStepSnapshot Step, string Entry, string? OnBehalfOf)> Pending(ApproverIdentity who) =>
        AwaitsDecisions
            ? ApprovalChain.Pending(ApprovalSteps, CurrentApprovals, [.. _delegations.Where(d => d.Round == ApprovalRound)], who)
            : [];

    /// <summary>
    /// Whether approvers can decide now: a submitted change waiting for approval, or an emergency change that got its
    /// permit first and still waits for its approval after the fact.
    /// </summary>
    public bool AwaitsDecisions => ApprovedAt is null &&
        (State == ChangeState.PendingApproval || (Type == ChangeType.Emergency && State is ChangeState.PermitIssued or ChangeState.InProgress or ChangeState.Closed));

    /// <summary>Records a reminder to, or an escalation past, the approvers of the waiting steps.</summary>
    public void RecordApprovalReminder(string receivers, DateTimeOffset at, bool escalated)
    {
        Append(escalated ? ChangeAction.ApprovalEscalated : ChangeAction.ApprovalReminded, at, null, receivers);
        LastApprovalReminderAt = at;
    }

    /// <summary>
    /// Tells whether the approvers of the waiting steps are owed a reminder or the escalation: a reminder every
    /// <paramref name="interval"/> since the steps started waiting, and after <paramref name="remindersBeforeEscalation"/>
    /// reminders one escalation. A decision that opens the next steps starts the count again.
    /// </summary>
    public ApprovalFollowUp ApprovalFollowUpDue(DateTimeOffset now, TimeSpan interval, int remindersBeforeEscalation)
    {
        if (!AwaitsDecisions || StepsWaitingSince is not { } since || interval <= TimeSpan.Zero)
        {
            return ApprovalFollowUp.None;
        }

        var sent = _activities.Where(a => a.At >= since && a.Action is ChangeAction.ApprovalReminded or ChangeAction.ApprovalEscalated).ToList();
        if (sent.Any(a => a.Action == ChangeAction.ApprovalEscalated))
        {
            return ApprovalFollowUp.None;
        }

        var last = sent.Count > 0 ? sent.Max(a => a.At) : since;
        if (now < last + interval)
        {
            return ApprovalFollowUp.None;
        }

        return sent.Count >= Math.Max(0, remindersBeforeEscalation) ? ApprovalFollowUp.Escalate : ApprovalFollowUp.Remind;
    }

    /// <summary>Whether an emergency change is still unapproved past its approval deadline and the leadership was not notified yet.</summary>
    public bool IsApprovalOverdue(DateTimeOffset now) =>
        Type == ChangeType.Emergency && ApprovedAt is null && State is not (ChangeState.Draft or ChangeState.Cancelled)
        && ApprovalDueAt is { } due && now >= due && !_activities.Any(a => a.Action == ChangeAction.ApprovalOverdue && a.At >= due);

    /// <summary>Records that the overdue approval of an emergency change was escalated to <paramref name="receivers"/>, once per deadline.</summary>
    public bool RecordApprovalOverdue(string receivers, DateTimeOffset at)
    {
        if (!IsApprovalOverdue(at))
        {
            return false;
        }

        Append(ChangeAction.ApprovalOverdue, at, null, receivers).OldValue = ApprovalDueAt!.Value.ToString("O", CultureInfo.InvariantCulture);
        return true;
    }

    public Result AddPlanVersion(string content, string? author, string? note, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return Illegal("add plan version");
        }

        var version = _planVersions.Count + 1;
        _planVersions.Add(new ChangePlanVersion { ChangeRequestId = Id, Version = version, Content = content, Author = author, Note = note?.Trim() ?? "", At = at });
        if (author is not null && !PlanAuthors.Contains(author))
        {
            PlanAuthors.Add(author);
        }

        Append(ChangeAction.PlanVersionAdded, at, author, note).NewValue = version.ToString(CultureInfo.InvariantCulture);
        return Result.Success();
    }

    public Result RecordBackup(string what, string location, long sizeBytes, string sha256, string? actor, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return Illegal("record backup");
        }

        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            return ChangeErrors.ChecksumInvalid(sha256);
        }

        _backups.Add(new ChangeBackup
        {
            ChangeRequestId = Id, What = what, Location = location, SizeBytes = sizeBytes, Sha256 = sha256.ToLowerInvariant(), RecordedBy = actor, At = at,
        });
        Append(ChangeAction.BackupRecorded, at, actor, what).NewValue = location;
        return Result.Success();
    }

    public Result RecordTrialRun(string environment, string steps, string results, string evidence, bool passed, string? signedOffBy, string? actor,
        DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return Illegal("record trial run");
        }

        if (passed && string.IsNullOrWhiteSpace(signedOffBy))
        {
            return ChangeErrors.TrialRunUnsigned();
        }

        _trialRuns.Add(new ChangeTrialRun
        {
            ChangeRequestId = Id, Environment = environment, Steps = steps, Results = results, Evidence = evidence, Passed = passed,
            SignedOffBy = signedOffBy, RecordedBy = actor, At = at,
        });
        Append(ChangeAction.TrialRunRecorded, at, actor, results).NewValue = passed ? "passed" : "failed";
        return Result.Success();
    }

    /// <summary>Records a notice as sent. The caller delivers it through the notification channels in the same save.</summary>
    public Result RecordNotice(NoticeKind kind, DateTimeOffset windowStart, DateTimeOffset windowEnd, string impactScope, string countermeasures,
        string contact, string? actor, DateTimeOffset at)
    {
        if (State is ChangeState.Closed or ChangeState.Reviewed || (State == ChangeState.Cancelled && kind != NoticeKind.Cancellation))
        {
            return Illegal("send notice");
        }

        if (windowEnd <= windowStart)
        {
            return ChangeErrors.WindowInvalid(windowStart, windowEnd);
        }

        _notices.Add(new ChangeNotice
        {
            ChangeRequestId = Id, Kind = kind, WindowStart = windowStart, WindowEnd = windowEnd, ImpactScope = impactScope,
            Countermeasures = countermeasures, Contact = contact, SentBy = actor, SentAt = at,
        });
        Append(ChangeAction.NoticeSent, at, actor, impactScope).NewValue = kind.ToString();
        return Result.Success();
    }

    /// <summary>The notice in force: the newest one, unless it cancels the change's notices.</summary>
    public ChangeNotice? CurrentNotice => _notices.OrderBy(n => n.SentAt).ThenBy(n => n.Id).LastOrDefault() is { Kind: not NoticeKind.Cancellation } notice ? notice : null;

    /// <summary>
    /// Returns every unmet condition for a permit for the window: approval (an emergency change may be
    /// approved afterwards), a backup for minor and major changes, a signed-off passed trial run for major ones, and a
    /// notice sent <paramref name="noticeLeadTime"/> before the window that covers it.
    /// </summary>
    public IReadOnlyList<Error> PermitGates(DateTimeOffset windowStart, DateTimeOffset windowEnd, TimeSpan noticeLeadTime)
    {
        var gates = new List<Error>();
        if (windowEnd <= windowStart)
        {
            gates.Add(ChangeErrors.WindowInvalid(windowStart, windowEnd));
        }

        var approved = State == ChangeState.Approved || (Type == ChangeType.Emergency && State == ChangeState.PendingApproval);
        if (!approved)
        {
            gates.Add(State == ChangeState.PendingApproval ? ChangeErrors.NotApproved(Id) : ChangeErrors.IllegalTransition(Id, State, "issue-permit"));
        }

        if (Type is ChangeType.Minor or ChangeType.Major && _backups.Count == 0)
        {
            gates.Add(ChangeErrors.BackupMissing(Id));
        }

        if (Type == ChangeType.Major && _trialRuns.OrderBy(t => t.At).LastOrDefault() is not { Passed: true, SignedOffBy: not null })
        {
            gates.Add(ChangeErrors.TrialRunMissing(Id));
        }

        if (RequiresNotice)
        {
            var current = CurrentNotice;
            var first = _notices.Where(n => n.Kind == NoticeKind.Advance).OrderBy(n => n.SentAt).FirstOrDefault();
            if (current is null || first is null)
            {
                gates.Add(ChangeErrors.NoticeMissing(Id));
            }
            else
            {
                var lead = Type == ChangeType.Emergency ? TimeSpan.Zero : noticeLeadTime;
                var latest = windowStart - lead;
                if (first.SentAt > latest)
                {
                    gates.Add(ChangeErrors.NoticeLate(Id, first.SentAt, latest, lead));
                }

                if (windowStart < current.WindowStart || windowEnd > current.WindowEnd)
                {
                    gates.Add(ChangeErrors.NoticeWindowMismatch(Id));
                }
            }
        }

        return gates;
    }

    /// <summary>Issues the work permit when every gate is passed; the caller opens the maintenance window.</summary>
    public Result<ChangePermit> IssuePermit(ChangePermit permit, TimeSpan noticeLeadTime, string? actor, DateTimeOffset at)
    {
        if (State is not (ChangeState.Approved or ChangeState.PendingApproval))
        {
            return Illegal("issue-permit");
        }

        var gates = PermitGates(permit.WindowStart, permit.WindowEnd, noticeLeadTime);
        if (gates.Count > 0)
        {
            return Result<ChangePermit>.Failure(gates);
        }

        permit.IssuedBy = actor;
        permit.IssuedAt = at;
        Permit = permit;
        State = ChangeState.PermitIssued;
        var entry = Append(ChangeAction.PermitIssued, at, actor, permit.SafetyMeasures);
        entry.NewValue = $"{permit.WindowStart:O}/{permit.WindowEnd:O}";
        return permit;
    }

    public void LinkMaintenanceWindow(long maintenanceWindowId)
    {
        if (Permit is null)
        {
            throw new InvalidOperationException($"Change {Id} has no permit to link maintenance window {maintenanceWindowId} to.");
        }

        Permit.MaintenanceWindowId = maintenanceWindowId;
    }

    public Result Start(IReadOnlyList<DeviceHealthSnapshot> healthBefore, string? actor, DateTimeOffset at, string? note = null)
    {
        if (State != ChangeState.PermitIssued)
        {
            return Illegal("start");
        }

        if (at < Permit!.WindowStart)
        {
            return ChangeErrors.WindowNotStarted(Permit.WindowStart);
        }

        State = ChangeState.InProgress;
        StartedAt = at;
        HealthBefore = [.. healthBefore];
        Append(ChangeAction.Started, at, actor, note);
        return Result.Success();
    }

    public Result RecordWork(string note, string? actor, DateTimeOffset at)
    {
        if (State != ChangeState.InProgress)
        {
            return Illegal("record work");
        }

        Append(ChangeAction.WorkRecorded, at, actor, note);
        return Result.Success();
    }

    /// <summary>Records a device's or component's version before and after the change.</summary>
    public Result RecordVersion(long? deviceId, string component, string before, string after, string? actor, DateTimeOffset at)
    {
        if (State is not (ChangeState.InProgress or ChangeState.Closed))
        {
            return Illegal("record version");
        }

        _versions.Add(new ChangeVersionRecord
        {
            ChangeRequestId = Id, DeviceId = deviceId, Component = component, VersionBefore = before, VersionAfter = after, RecordedBy = actor, At = at,
        });
        var entry = Append(ChangeAction.VersionRecorded, at, actor, component);
        entry.Field = deviceId?.ToString(CultureInfo.InvariantCulture);
        entry.OldValue = before;
        entry.NewValue = after;
        return Result.Success();
    }

    /// <summary>Moves the permit's window end later; the caller extends the notice and the maintenance window.</summary>
    public Result ExtendWindow(DateTimeOffset newEnd, string reason, string? actor, DateTimeOffset at)
    {
        if (State is not (ChangeState.PermitIssued or ChangeState.InProgress))
        {
            return Illegal("extend");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ChangeErrors.ReasonRequired("extend");
        }

        if (newEnd <= Permit!.WindowEnd)
        {
            return ChangeErrors.ExtensionInvalid(Permit.WindowEnd, newEnd);
        }

        var entry = Append(ChangeAction.WindowExtended, at, actor, reason);
        entry.OldValue = Permit.WindowEnd.ToString("O", CultureInfo.InvariantCulture);
        entry.NewValue = newEnd.ToString("O", CultureInfo.InvariantCulture);
        Permit.WindowEnd = newEnd;
        return Result.Success();
    }

    /// <summary>Whether the work runs past its window end and that end was not escalated yet.</summary>
    public bool IsOverrunDue(DateTimeOffset now) =>
        State is ChangeState.PermitIssued or ChangeState.InProgress && Permit is { } permit && now >= permit.WindowEnd && OverrunEscalatedFor != permit.WindowEnd;

    /// <summary>Records the overrun escalation of the current window end, once.</summary>
    public bool RecordOverrun(string receivers, DateTimeOffset at)
    {
        if (!IsOverrunDue(at))
        {
            return false;
        }

        OverrunEscalatedFor = Permit!.WindowEnd;
        Append(ChangeAction.Overran, at, null, receivers).OldValue = Permit.WindowEnd.ToString("O", CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>
    /// Closes the permit (工作终结) with the results and restored settings. A health regression found by the caller
    /// blocks the closure until <paramref name="regressionExplanation"/> explains it.
    /// </summary>
    public Result Close(ChangeOutcome outcome, string results, string restoredSettings, IReadOnlyList<HealthRegression> regressions,
        string? regressionExplanation, string? actor, DateTimeOffset at)
    {
        if (State != ChangeState.InProgress)
        {
            return Illegal("close");
        }

        if (string.IsNullOrWhiteSpace(results))
        {
            return ChangeErrors.ReasonRequired("close");
        }

        if (regressions.Count > 0 && string.IsNullOrWhiteSpace(regressionExplanation))
        {
            return ChangeErrors.RegressionUnexplained(Id, regressions);
        }

        State = ChangeState.Closed;
        ClosedAt = at;
        Outcome = outcome;
        ClosureResults = results.Trim();
        RestoredSettings = restoredSettings.Trim();
        Regressions = [.. regressions];
        RegressionExplanation = regressionExplanation?.Trim() ?? "";
        Append(ChangeAction.Closed, at, actor, results).NewValue = outcome.ToString();
        return Result.Success();
    }

    /// <summary>Records the post-implementation review.</summary>
    public Result Review(string note, string? actor, DateTimeOffset at)
    {
        if (State != ChangeState.Closed)
        {
            return Illegal("review");
        }

        // The review ends the change, and an emergency change must still get its approval after the fact.
        if (ApprovedAt is null)
        {
            return ChangeErrors.ReviewBeforeApproval(Id);
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return ChangeErrors.ReasonRequired("review");
        }

        State = ChangeState.Reviewed;
        ReviewedAt = at;
        ReviewNote = note.Trim();
        Append(ChangeAction.Reviewed, at, actor, note);
        return Result.Success();
    }

    /// <summary>Cancels a change that has not started; the caller cancels its notice and maintenance window.</summary>
    public Result Cancel(string reason, string? actor, DateTimeOffset at)
    {
        if (State is ChangeState.InProgress or ChangeState.Closed or ChangeState.Reviewed or ChangeState.Cancelled)
        {
            return Illegal("cancel");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ChangeErrors.ReasonRequired("cancel");
        }

        State = ChangeState.Cancelled;
        CancelledAt = at;
        Append(ChangeAction.Cancelled, at, actor, reason);
        return Result.Success();
    }

    public Result Comment(string text, string? actor, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ChangeErrors.ReasonRequired("comment");
        }

        Append(ChangeAction.Commented, at, actor, text);
        return Result.Success();
    }

    private void MarkApproved(DateTimeOffset at, string? actor, string note)
    {
        ApprovedAt = at;
        StepsWaitingSince = null;
        if (State == ChangeState.PendingApproval)
        {
            State = ChangeState.Approved;
        }

        Append(ChangeAction.ApprovalCompleted, at, actor, note);
    }

    private void Decide(ApprovalStepSnapshot step, string entry, string userId, string? onBehalfOf, bool approved, string comment, DateTimeOffset at)
    {
        _approvals.Add(new ChangeApproval
        {
            ChangeRequestId = Id, Round = ApprovalRound, StepName = step.Name, Entry = entry, UserId = userId, OnBehalfOfUserId = onBehalfOf,
            Approved = approved, Comment = comment.Trim(), At = at,
        });
        var record = Append(approved ? ChangeAction.Approved : ChangeAction.Rejected, at, userId, comment);
        record.Field = step.Name;
        record.OldValue = onBehalfOf;
        record.NewValue = entry;
    }

    private Error Illegal(string action) => ChangeErrors.IllegalTransition(Id, State, action);

    private ChangeActivity Append(ChangeAction action, DateTimeOffset at, string? actor, string? note)
    {
        var entry = new ChangeActivity { ChangeRequestId = Id, Action = action, At = at, Actor = actor, Note = note?.Trim() ?? "" };
        _activities.Add(entry);
        return entry;
    }
}
