using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The service a contract buys: advanced customers get on-site hardware service within 4 working hours.</summary>
public enum ServiceLevel
{
    Standard,
    Advanced,
}

/// <summary>A customer-side or vendor-side contact named in a contract.</summary>
public sealed record ContractContact(string Name, string? Role, string? Phone, string? Email);

/// <summary>
/// A service contract (维保合同) with a customer organization. It covers the organization's whole subtree for its
/// period, from <see cref="StartDate"/> to <see cref="EndDate"/> inclusive, as local dates of the configured time zone.
/// </summary>
public sealed class ServiceContract
{
    public const int MaxNumberLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 4000;

    public long Id { get; set; }

    public required string Number { get; set; }

    public required string Name { get; set; }

    public long OrganizationId { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    /// <summary>The end of the warranty period (质保期), which may differ from the service period.</summary>
    public DateOnly? WarrantyEndDate { get; set; }

    public ServiceLevel Level { get; set; }

    public string? ProjectManagerUserId { get; set; }

    public List<string> ResidentEngineerUserIds { get; set; } = [];

    public List<ContractContact> Contacts { get; set; } = [];

    public string? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An editable fault level (故障等级) definition: its names, description and the criteria that suggest it.</summary>
public sealed class FaultLevelDefinition
{
    public const int MaxNameLength = 50;
    public const int MaxDescriptionLength = 1000;

    /// <summary>The key: 1 (most severe) to 4.</summary>
    public int Level { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public string DescriptionZh { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public List<DeviceKind> DeviceKinds { get; set; } = [];

    public int? MinAffectedCameras { get; set; }

    public bool SiteOutage { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public FaultLevelCriteria ToCriteria() => new(Level, [.. DeviceKinds], MinAffectedCameras, SiteOutage);
}

/// <summary>Whose terms a policy holds.</summary>
public enum SlaPolicyKind
{
    /// <summary>A contract's own terms for one fault level.</summary>
    Contract,

    /// <summary>The terms for a fault level when a ticket has no contract, or its contract has no policy for the level.</summary>
    Default,

    /// <summary>The terms a new Advanced contract starts with, copied into its own policies.</summary>
    AdvancedTemplate,
}

/// <summary>A clock's target: minutes of working time on a business calendar, or of all time (7×24) without one.</summary>
public sealed record SlaPolicyTarget(SlaClockKind Clock, int Minutes, long? CalendarId);

/// <summary>
/// One escalation step: when the clock's elapsed time reaches <see cref="Percent"/> % of its target plus
/// <see cref="AfterMinutes"/>, notify the receivers and optionally raise the fault level by one.
/// </summary>
/// <param name="Id">Stable within the policy, because the snapshot's mark id is "step-{Id}", so a ticket never fires one step twice.</param>
public sealed record SlaEscalationStep(int Id, SlaClockKind Clock, int Percent, int AfterMinutes, List<string> Notify, bool RaiseLevel);

/// <summary>
/// An SLA policy: the targets, warnings and escalation steps for one fault level, of one contract or of the defaults.
/// </summary>
public sealed class SlaPolicy
{
    public long Id { get; set; }

    public SlaPolicyKind Kind { get; set; }

    /// <summary>Set only for <see cref="SlaPolicyKind.Contract"/>.</summary>
    public long? ContractId { get; set; }

    public int FaultLevel { get; set; }

    /// <summary>
    /// Targets of the four service-level clocks, and of the Assignment and Acceptance clocks, whose targets are the
    /// minutes after which an unassigned or unaccepted ticket escalates. A clock without a target is not measured.
    /// </summary>
    public List<SlaPolicyTarget> Targets { get; set; } = [];

    /// <summary>Percentages of each target at which its assignee is warned, such as 75 and 90.</summary>
    public List<int> WarningPercents { get; set; } = [];

    public List<string> WarningNotify { get; set; } = [];

    public List<string> BreachNotify { get; set; } = [];

    public List<SlaEscalationStep> Steps { get; set; } = [];

    /// <summary>The next step id to hand out, so that a deleted step's id is never reused.</summary>
    public int NextStepId { get; set; } = 1;

    /// <summary>Receivers notified when the Assignment clock reaches its target, because the ticket still has no owner.</summary>
    public List<string> UnassignedNotify { get; set; } = [];

    /// <summary>Receivers notified when the Acceptance clock reaches its target, because the assignee has not accepted.</summary>
    public List<string> UnacceptedNotify { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}
