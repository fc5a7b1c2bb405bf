namespace Watchkeeper.Core.Changes;

public enum ChangeType
{
    /// <summary>From a pre-approved template: approved when submitted.</summary>
    Standard,

    /// <summary>一般完善性修改: recorded after a backup, approved by a short chain.</summary>
    Minor,

    /// <summary>重大更改: a joint technical plan, the full approval chain, a trial run and a backup.</summary>
    Major,

    /// <summary>紧急变更: raised during an emergency response; it may get its permit first and be approved after the fact.</summary>
    Emergency,
}

public enum ChangeState
{
    Draft,
    PendingApproval,
    Approved,
    Rejected,
    PermitIssued,
    InProgress,
    Closed,
    Reviewed,
    Cancelled,
}

public enum ChangeRisk
{
    Low,
    Medium,
    High,
}

/// <summary>How a closed change ended.</summary>
public enum ChangeOutcome
{
    Successful,
    PartlySuccessful,
    RolledBack,
    Failed,
}

/// <summary>Whether a step needs one of its approvers or each of them.</summary>
public enum ApprovalMode
{
    Any,
    All,
}

public enum NoticeKind
{
    /// <summary>The first notice of a change's window.</summary>
    Advance,
    Correction,
    Extension,
    Cancellation,
}

public enum ChangeAction
{
    Created,
    FieldChanged,
    Submitted,
    Approved,
    Rejected,
    Delegated,
    ApprovalReminded,
    ApprovalEscalated,

    /// <summary>An emergency change was still unapproved when its after-the-fact approval was due.</summary>
    ApprovalOverdue,
    StepCompleted,

    /// <summary>Every step of the round is approved, or a standard change's template approved it.</summary>
    ApprovalCompleted,
    BackupRecorded,
    TrialRunRecorded,
    NoticeSent,
    PlanVersionAdded,
    PermitIssued,
    Started,
    WorkRecorded,
    VersionRecorded,
    WindowExtended,
    Overran,
    Closed,
    Reviewed,
    Cancelled,
    Commented,

    /// <summary>A file (release notes, a patch, a plan document) was attached.</summary>
    AttachmentAdded,

    /// <summary>An emergency change's window overlaps a freeze period. It may go ahead, and the overlap is recorded.</summary>
    FreezeOverlapped,
}

/// <summary>What the approvers of a change's waiting steps are owed now.</summary>
public enum ApprovalFollowUp
{
    None,
    Remind,

    /// <summary>The reminders went unanswered: the pending approval goes past the approvers.</summary>
    Escalate,
}
