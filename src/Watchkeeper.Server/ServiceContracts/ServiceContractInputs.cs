using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.ServiceContracts;

public sealed record ContractContactInput(string? Name, string? Role, string? Phone, string? Email);

/// <summary>Creates or replaces a contract. Dates are "yyyy-MM-dd", and Level is "Standard" (the default) or "Advanced".</summary>
public sealed record ContractInput(string? Number, string? Name, long? OrganizationId, string? StartDate, string? EndDate, string? WarrantyEndDate,
    string? Level, string? ProjectManagerUserId, IReadOnlyList<string>? ResidentEngineerUserIds, IReadOnlyList<ContractContactInput>? Contacts,
    string? Notes);

public sealed record ContractUserView(string Id, string UserName, string? DisplayName);

/// <param name="IsActive">Whether today (in the contracts' time zone) lies within the period.</param>
public sealed record ContractView(long Id, string Number, string Name, long OrganizationId, string OrganizationPath, DateOnly StartDate, DateOnly EndDate,
    DateOnly? WarrantyEndDate, ServiceLevel Level, bool IsActive, ContractUserView? ProjectManager, IReadOnlyList<ContractUserView> ResidentEngineers,
    IReadOnlyList<ContractContact> Contacts, string? Notes, DateTimeOffset UpdatedAt);

/// <summary>A target in minutes, on the business calendar with CalendarId or on 7×24 time when it is null.</summary>
public sealed record SlaTargetInput(string? Clock, int? Minutes, long? CalendarId);

/// <param name="Id">The step's stable id when it already has one. A new step leaves it out.</param>
public sealed record SlaStepInput(int? Id, string? Clock, int? Percent, int? AfterMinutes, IReadOnlyList<string>? Notify, bool RaiseLevel);

/// <summary>Escalates a ticket still unassigned (or not accepted after assignment) after Minutes.</summary>
public sealed record SlaTimerInput(int? Minutes, long? CalendarId, IReadOnlyList<string>? Notify);

/// <summary>
/// Replaces a policy. Targets name the clocks Response, Arrival, Restoration and Resolution. Receivers are "user:{id}",
/// "group:{receiverGroupId}", "duty", "assignee", "teamLead", "projectManager" or "residentEngineers". Left out,
/// WarningPercents is 75 and 90, WarningNotify the assignee and BreachNotify the assignee and the team lead.
/// </summary>
public sealed record SlaPolicyInput(IReadOnlyList<SlaTargetInput>? Targets, IReadOnlyList<int>? WarningPercents, IReadOnlyList<string>? WarningNotify,
    IReadOnlyList<string>? BreachNotify, IReadOnlyList<SlaStepInput>? Steps, SlaTimerInput? Unassigned, SlaTimerInput? Unaccepted);

public sealed record SlaTimerView(int Minutes, long? CalendarId, IReadOnlyList<string> Notify);

public sealed record SlaPolicyView(long Id, SlaPolicyKind Kind, long? ContractId, int FaultLevel, IReadOnlyList<SlaPolicyTarget> Targets,
    IReadOnlyList<int> WarningPercents, IReadOnlyList<string> WarningNotify, IReadOnlyList<string> BreachNotify, IReadOnlyList<SlaEscalationStep> Steps,
    SlaTimerView? Unassigned, SlaTimerView? Unaccepted, DateTimeOffset UpdatedAt)
{
    public static SlaPolicyView From(SlaPolicy policy) => new(policy.Id, policy.Kind, policy.ContractId, policy.FaultLevel,
        [.. policy.Targets.Where(t => SlaClocks.IsServiceLevel(t.Clock)).OrderBy(t => t.Clock)], [.. policy.WarningPercents], [.. policy.WarningNotify],
        [.. policy.BreachNotify], [.. policy.Steps], Timer(policy, SlaClockKind.Assignment, policy.UnassignedNotify),
        Timer(policy, SlaClockKind.Acceptance, policy.UnacceptedNotify), policy.UpdatedAt);

    private static SlaTimerView? Timer(SlaPolicy policy, SlaClockKind clock, List<string> notify) =>
        policy.Targets.FirstOrDefault(t => t.Clock == clock) is { } target ? new SlaTimerView(target.Minutes, target.CalendarId, [.. notify]) : null;
}

/// <summary>A contract's policies per fault level: its own, or the default policy it falls back to.</summary>
public sealed record ContractPolicyView(int FaultLevel, bool IsDefault, SlaPolicyView Policy);

public sealed record FaultLevelInput(string? NameZh, string? NameEn, string? DescriptionZh, string? DescriptionEn, IReadOnlyList<string>? DeviceKinds,
    int? MinAffectedCameras, bool SiteOutage);

public sealed record FaultLevelView(int Level, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, IReadOnlyList<string> DeviceKinds,
    int? MinAffectedCameras, bool SiteOutage, DateTimeOffset UpdatedAt)
{
    public static FaultLevelView From(FaultLevelDefinition level) => new(level.Level, level.NameZh, level.NameEn, level.DescriptionZh, level.DescriptionEn,
        [.. level.DeviceKinds.Select(k => k.ToString())], level.MinAffectedCameras, level.SiteOutage, level.UpdatedAt);
}
