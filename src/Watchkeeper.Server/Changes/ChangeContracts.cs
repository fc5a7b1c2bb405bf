using Watchkeeper.Core.Changes;

namespace Watchkeeper.Server.Changes;

/// <summary>
/// A new change. Type is Standard, Minor, Major or Emergency; the window is plannedStart to plannedEnd. A Standard change
/// names its active template (templateId), which fills the title, description, rollback plan, risk and notice left empty.
/// </summary>
public sealed record ChangeCreateInput(
    string? Type,
    string? Title,
    string? Reason,
    string? Description,
    IReadOnlyList<long>? DeviceIds,
    IReadOnlyList<long>? OrganizationIds,
    DateTimeOffset? PlannedStart,
    DateTimeOffset? PlannedEnd,
    string? AffectedSystems = null,
    string? Risk = null,
    string? RollbackPlan = null,
    string? ImplementerUserId = null,
    bool? RequiresNotice = null,
    long? EmergencyId = null,
    long? TemplateId = null);

/// <summary>
/// A workflow action and its arguments: submit, approve, reject and delegate (delegateUserId), issue-permit (windowStart,
/// windowEnd, responsibleUserId, safetyMeasures), start, record-work, extend (windowEnd), close (outcome, results,
/// restoredSettings, regressionExplanation), review, cancel. Comment is the note, reason or review text.
/// </summary>
public sealed record ChangeTransitionInput(
    string? Action,
    string? Comment = null,
    string? DelegateUserId = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    string? ResponsibleUserId = null,
    string? SafetyMeasures = null,
    string? Outcome = null,
    string? Results = null,
    string? RestoredSettings = null,
    string? RegressionExplanation = null);

public sealed record ChangeBackupInput(string? What, string? Location, string? Sha256, long? SizeBytes);

public sealed record ChangeTrialRunInput(string? Environment, string? Steps, string? Results, string? Evidence, bool? Passed, string? SignedOffBy);

/// <summary>An advance notice, or its correction, extension or cancellation (kind). The window defaults to the change's.</summary>
public sealed record ChangeNoticeInput(string? Kind, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd, string? ImpactScope, string? Countermeasures,
    string? Contact);

public sealed record ChangePlanInput(string? Content, string? Note);

public sealed record ChangeVersionInput(long? DeviceId, string? Component, string? VersionBefore, string? VersionAfter);

public sealed record ApprovalChainInput(IReadOnlyList<ApprovalStepInput>? Steps);

public sealed record ApprovalStepInput(int? Order, string? Name, string? Mode, IReadOnlyList<string>? Approvers);

public sealed record ChangeSummaryView(long Id, string Number, ChangeType Type, ChangeState State, string Title, long OrganizationId,
    DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, string? ImplementerUserId, DateTimeOffset CreatedAt);

public sealed record ChangeApprovalView(int Round, string Step, string Entry, string UserId, string? OnBehalfOfUserId, bool Approved, string Comment,
    DateTimeOffset At);

public sealed record ChangeActivityView(long Id, DateTimeOffset At, string? Actor, ChangeAction Action, string? Field, string? OldValue, string? NewValue,
    string Note);

public sealed record ChangeView(
    long Id,
    string Number,
    ChangeType Type,
    ChangeState State,
    string Title,
    string Reason,
    string Description,
    string AffectedSystems,
    ChangeRisk Risk,
    string RollbackPlan,
    string? ImplementerUserId,
    long OrganizationId,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<long> OrganizationIds,
    DateTimeOffset PlannedStart,
    DateTimeOffset PlannedEnd,
    bool RequiresNotice,
    int ApprovalRound,
    IReadOnlyList<ApprovalStepSnapshot> ApprovalSteps,
    IReadOnlyList<string> PendingSteps,
    IReadOnlyList<ChangeApprovalView> Approvals,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? ApprovalDueAt,
    ChangePermit? Permit,
    IReadOnlyList<ChangeBackup> Backups,
    IReadOnlyList<ChangeTrialRun> TrialRuns,
    IReadOnlyList<ChangeNotice> Notices,
    IReadOnlyList<ChangeVersionRecord> Versions,
    int PlanVersions,
    IReadOnlyList<string> PermitBlockers,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ClosedAt,
    ChangeOutcome? Outcome,
    string ClosureResults,
    IReadOnlyList<HealthRegression> Regressions,
    string RegressionExplanation,
    DateTimeOffset? ReviewedAt,
    string ReviewNote,
    IReadOnlyList<ChangeActivityView> Activities)
{
    public static ChangeView Of(ChangeRequest change, IReadOnlyList<string> permitBlockers) => new(
        change.Id, change.Number, change.Type, change.State, change.Title, change.Reason, change.Description, change.AffectedSystems, change.Risk,
        change.RollbackPlan, change.ImplementerUserId, change.OrganizationId, change.DeviceIds, change.OrganizationIds, change.PlannedStart,
        change.PlannedEnd, change.RequiresNotice, change.ApprovalRound, change.ApprovalSteps,
        change.AwaitsDecisions ? [.. ApprovalChain.Active(change.ApprovalSteps, change.CurrentApprovals).Select(s => s.Name)] : [],
        [.. change.Approvals.OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new ChangeApprovalView(a.Round, a.StepName, a.Entry, a.UserId, a.OnBehalfOfUserId, a.Approved, a.Comment, a.At))],
        change.ApprovedAt, change.ApprovalDueAt, change.Permit, [.. change.Backups.OrderBy(b => b.Id)], [.. change.TrialRuns.OrderBy(t => t.Id)],
        [.. change.Notices.OrderBy(n => n.Id)], [.. change.Versions.OrderBy(v => v.Id)], change.PlanVersions.Count, permitBlockers, change.StartedAt,
        change.ClosedAt, change.Outcome, change.ClosureResults, change.Regressions, change.RegressionExplanation, change.ReviewedAt, change.ReviewNote,
        [.. change.Activities.OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new ChangeActivityView(a.Id, a.At, a.Actor, a.Action, a.Field, a.OldValue, a.NewValue, a.Note))]);
}
