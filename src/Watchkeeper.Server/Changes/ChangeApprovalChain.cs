using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>The approval steps a change of one type goes through, copied onto the change when it is submitted.</summary>
public sealed class ChangeApprovalChain
{
    public ChangeType Type { get; set; }

    public List<ApprovalStepSnapshot> Steps { get; set; } = [];

    public string? UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The chains every database starts with. A minor change goes to the technical management unit. A major one goes
    /// to the business department and the technical management unit side by side, then to the leadership. An emergency
    /// change is approved by the leadership after the fact. A standard change needs none: its template is approved.
    /// </summary>
    public static IEnumerable<ChangeApprovalChain> Defaults()
    {
        var seededAt = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
        yield return new ChangeApprovalChain { Type = ChangeType.Standard, UpdatedAt = seededAt };
        yield return new ChangeApprovalChain
        {
            Type = ChangeType.Minor,
            Steps = [new(1, "技术归口管理单位 / Technical management unit", ApprovalMode.Any, [Role(BuiltInRoles.TechnicalManagementUnit)])],
            UpdatedAt = seededAt,
        };
        yield return new ChangeApprovalChain
        {
            Type = ChangeType.Major,
            Steps =
            [
                new(1, "业务管理部门 / Business department", ApprovalMode.Any, [Role(BuiltInRoles.BusinessDepartment)]),
                new(1, "技术归口管理单位 / Technical management unit", ApprovalMode.Any, [Role(BuiltInRoles.TechnicalManagementUnit)]),
                new(2, "领导审批 / Leadership", ApprovalMode.Any, [Role(BuiltInRoles.Leadership)]),
            ],
            UpdatedAt = seededAt,
        };
        yield return new ChangeApprovalChain
        {
            Type = ChangeType.Emergency,
            Steps = [new(1, "领导事后审批 / Leadership, after the fact", ApprovalMode.Any, [Role(BuiltInRoles.Leadership)])],
            UpdatedAt = seededAt,
        };
    }

    /// <summary>The roles a major change's chain must hold, one step or more each.</summary>
    public static IReadOnlyList<string> MajorRequiredRoles { get; } =
        [BuiltInRoles.BusinessDepartment, BuiltInRoles.TechnicalManagementUnit, BuiltInRoles.Leadership];

    public static string Role(string role) => $"role:{role}";
}

/// <summary>Field lengths of changes, shared by the entity configuration and the input checks.</summary>
public static class ChangeLimits
{
    public const int TitleLength = 200;
    public const int NameLength = 200;
    public const int NoteLength = 4000;
    public const int TextLength = 8000;
    public const int PlanLength = 200_000;
    public const int MaxDevices = 2000;
    public const int MaxOrganizations = 200;
}

/// <summary>The change row's version, a concurrency token: two users acting on one change cannot overwrite each other.</summary>
internal static class ChangeVersion
{
    public const string Property = "Version";

    public static void Increment(Data.WatchkeeperDbContext db, ChangeRequest change) => db.Entry(change).Property<int>(Property).CurrentValue++;
}

/// <summary>Settings of the change workflow (section "Changes").</summary>
public sealed class ChangeOptions
{
    public const string Section = "Changes";

    /// <summary>How long before its window a change's advance notice must go out.</summary>
    public double NoticeLeadHours { get; set; } = 24;

    /// <summary>How long after submission an emergency change must be approved.</summary>
    public double EmergencyApprovalHours { get; set; } = 24;

    /// <summary>How long a step may wait before its approvers are reminded; the reminder repeats at this interval.</summary>
    public double ApprovalReminderHours { get; set; } = 8;

    /// <summary>How many reminders go to the approvers before the pending approval escalates to the project managers.</summary>
    public int RemindersBeforeEscalation { get; set; } = 2;

    /// <summary>
    /// How far the platform moves the window of work that runs past its end, extending the maintenance window and the
    /// notice with it; 0 only escalates.
    /// </summary>
    public double OverrunExtensionHours { get; set; } = 2;

    /// <summary>Whether the follow-up worker runs. Tests that drive it by hand turn it off.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for approvals to chase, overdue emergency changes and overruns, in seconds.</summary>
    public int WorkerIntervalSeconds { get; set; } = 60;

    public TimeSpan NoticeLead => TimeSpan.FromHours(Math.Max(0, NoticeLeadHours));
}
