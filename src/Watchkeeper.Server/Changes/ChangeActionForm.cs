using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>The actions of the change page, each opening the action dialog.</summary>
public enum ChangeConsoleAction
{
    Submit,
    Approve,
    Reject,
    Delegate,
    AddBackup,
    AddTrialRun,
    AddPlanVersion,
    IssuePermit,
    Start,
    RecordWork,
    Extend,
    RecordVersion,
    Close,
    Review,
    Cancel,
    Comment,
}

/// <summary>What the action dialog of the change page collects for one action; <see cref="ApplyAsync"/> runs it through <see cref="ChangeService"/>.</summary>
public sealed class ChangeActionForm
{
    public ChangeConsoleAction Action { get; init; }

    /// <summary>The note, reason or review text, depending on the action.</summary>
    public string? Comment { get; set; }

    public string? DelegateUserId { get; set; }

    public string? What { get; set; }

    public string? Location { get; set; }

    public string? Sha256 { get; set; }

    public long? SizeBytes { get; set; }

    public string? Environment { get; set; }

    public string? Steps { get; set; }

    public string? Results { get; set; }

    public string? Evidence { get; set; }

    public bool Passed { get; set; }

    public string? SignedOffBy { get; set; }

    public string? Content { get; set; }

    /// <summary>The window in the server's local time, as the browser's datetime-local field edits it.</summary>
    public DateTime? WindowStart { get; set; }

    public DateTime? WindowEnd { get; set; }

    public string? ResponsibleUserId { get; set; }

    public string? SafetyMeasures { get; set; }

    public long? DeviceId { get; set; }

    public string? Component { get; set; }

    public string? VersionBefore { get; set; }

    public string? VersionAfter { get; set; }

    public ChangeOutcome Outcome { get; set; } = ChangeOutcome.Successful;

    public string? RestoredSettings { get; set; }

    public string? RegressionExplanation { get; set; }

    /// <summary>The permission the action needs; <see cref="ChangeService"/> checks it again.</summary>
    public static PermissionAction Needed(ChangeConsoleAction action) => action switch
    {
        ChangeConsoleAction.Approve or ChangeConsoleAction.Reject or ChangeConsoleAction.Delegate or ChangeConsoleAction.IssuePermit => PermissionAction.Approve,
        ChangeConsoleAction.Review => PermissionAction.Close,
        ChangeConsoleAction.Comment => PermissionAction.View,
        _ => PermissionAction.Edit,
    };

    /// <summary>Returns the names of the required fields left empty, so that the dialog stays open; the service checks them again.</summary>
    public IReadOnlyList<string> MissingFields()
    {
        var missing = new List<string>();
        void Require(string field, bool present)
        {
            if (!present)
            {
                missing.Add(field);
            }
        }

        switch (Action)
        {
            case ChangeConsoleAction.Reject or ChangeConsoleAction.Review or ChangeConsoleAction.Cancel or ChangeConsoleAction.Comment
                or ChangeConsoleAction.RecordWork or ChangeConsoleAction.Extend:
                Require("comment", !string.IsNullOrWhiteSpace(Comment));
                break;
            case ChangeConsoleAction.Delegate:
                Require("delegate", !string.IsNullOrEmpty(DelegateUserId));
                break;
            case ChangeConsoleAction.AddBackup:
                Require("what", !string.IsNullOrWhiteSpace(What));
                Require("location", !string.IsNullOrWhiteSpace(Location));
                Require("sha256", !string.IsNullOrWhiteSpace(Sha256));
                Require("size", SizeBytes is > 0);
                break;
            case ChangeConsoleAction.AddTrialRun:
                Require("environment", !string.IsNullOrWhiteSpace(Environment));
                Require("steps", !string.IsNullOrWhiteSpace(Steps));
                Require("results", !string.IsNullOrWhiteSpace(Results));
                break;
            case ChangeConsoleAction.AddPlanVersion:
                Require("content", !string.IsNullOrWhiteSpace(Content));
                break;
            case ChangeConsoleAction.RecordVersion:
                Require("versionAfter", !string.IsNullOrWhiteSpace(VersionAfter));
                Require("component", DeviceId is not null || !string.IsNullOrWhiteSpace(Component));
                break;
            case ChangeConsoleAction.Close:
                Require("results", !string.IsNullOrWhiteSpace(Results));
                break;
        }

        if (Action is ChangeConsoleAction.Extend)
        {
            Require("windowEnd", WindowEnd is not null);
        }

        return missing;
    }

    /// <summary>Runs the action for <paramref name="caller"/> on change <paramref name="id"/>.</summary>
    public Task<Result<long>> ApplyAsync(ChangeService service, long id, UserAccess caller, CancellationToken cancellationToken) => Action switch
    {
        ChangeConsoleAction.AddBackup => service.AddBackupAsync(id, new ChangeBackupInput(What, Location, Sha256, SizeBytes), caller, cancellationToken),
        ChangeConsoleAction.AddTrialRun => service.AddTrialRunAsync(id, new ChangeTrialRunInput(Environment, Steps, Results, Evidence, Passed, Blank(SignedOffBy)),
            caller, cancellationToken),
        ChangeConsoleAction.AddPlanVersion => service.AddPlanVersionAsync(id, new ChangePlanInput(Content, Comment), caller, cancellationToken),
        ChangeConsoleAction.RecordVersion => service.RecordVersionAsync(id, new ChangeVersionInput(DeviceId, Blank(Component), Blank(VersionBefore), VersionAfter),
            caller, cancellationToken),
        _ => service.TransitionAsync(id, ToTransition(), caller, cancellationToken),
    };

    /// <summary>Returns the transition input of a workflow action, in the API's words.</summary>
    public ChangeTransitionInput ToTransition() => new(
        Action switch
        {
            ChangeConsoleAction.IssuePermit => "issue-permit",
            ChangeConsoleAction.RecordWork => "record-work",
            _ => Action.ToString().ToLowerInvariant(),
        },
        Comment: Blank(Comment),
        DelegateUserId: Blank(DelegateUserId),
        WindowStart: Action == ChangeConsoleAction.IssuePermit ? Instant(WindowStart) : null,
        WindowEnd: Action is ChangeConsoleAction.IssuePermit or ChangeConsoleAction.Extend ? Instant(WindowEnd) : null,
        ResponsibleUserId: Blank(ResponsibleUserId),
        SafetyMeasures: Blank(SafetyMeasures),
        Outcome: Action == ChangeConsoleAction.Close ? Outcome.ToString() : null,
        Results: Blank(Results),
        RestoredSettings: Blank(RestoredSettings),
        RegressionExplanation: Blank(RegressionExplanation));

    /// <summary>Returns a server-local time from a datetime-local field as an instant.</summary>
    public static DateTimeOffset? Instant(DateTime? local) =>
        local is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Local)).ToUniversalTime() : null;

    /// <summary>Returns an instant as the server-local time a datetime-local field shows, to the minute.</summary>
    public static DateTime Local(DateTimeOffset instant)
    {
        var local = instant.ToLocalTime().DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
