using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Calendars;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>
/// The fault levels, default SLA policies and Advanced template that every database starts with. All are editable.
/// Working-time targets run on the default calendar (Monday to Friday 09:00–18:00), so one working day is 540 minutes.
/// </summary>
internal static class SlaPolicySeed
{
    /// <summary>The first id a user-created policy gets. The ids below it are seeded.</summary>
    public const int FirstUserPolicyId = 1000;

    public const int DefaultPolicyIdBase = 0;
    public const int TemplatePolicyIdBase = 4;

    private const long Office = CalendarDefinition.DefaultId;
    private const int WorkingDay = 540;

    private static readonly DateTimeOffset s_seededAt = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<int> DefaultWarningPercents { get; } = [75, 90];

    public static IEnumerable<FaultLevelDefinition> FaultLevels()
    {
        (string Zh, string En, string DescriptionZh, string DescriptionEn)[] texts =
        [
            ("一级", "Level 1", "平台或整个站点瘫痪：服务器、存储故障或站点全部离线。",
                "The platform or a whole site is down: a server or storage fault, or every device of a site offline."),
            ("二级", "Level 2", "录像机、核心交换机故障，或同一站点至少 10 路摄像机中断。",
                "A recorder or core switch fault, or at least 10 cameras of one site down."),
            ("三级", "Level 3", "单路摄像机故障或部分功能异常。", "A single camera fault or a partial function failure."),
            ("四级", "Level 4", "咨询或一般性问题，不影响业务。", "A consultation or general question that does not affect service."),
        ];
        foreach (var criteria in Core.Tickets.FaultLevels.Defaults)
        {
            var text = texts[criteria.Level - 1];
            yield return new FaultLevelDefinition
            {
                Level = criteria.Level,
                NameZh = text.Zh,
                NameEn = text.En,
                DescriptionZh = text.DescriptionZh,
                DescriptionEn = text.DescriptionEn,
                DeviceKinds = [.. criteria.DeviceKinds],
                MinAffectedCameras = criteria.MinAffectedCameras,
                SiteOutage = criteria.SiteOutage,
                UpdatedAt = s_seededAt,
            };
        }
    }

    public static IEnumerable<SlaPolicy> Policies() =>
    [
        // Defaults: 7×24 for the severe levels, working time on the default calendar for the others.
        Policy(SlaPolicyKind.Default, 1, [T(SlaClockKind.Response, 15), T(SlaClockKind.Arrival, 120), T(SlaClockKind.Restoration, 240),
                T(SlaClockKind.Resolution, 1440), T(SlaClockKind.Assignment, 10), T(SlaClockKind.Acceptance, 15)],
            [Step(1, SlaClockKind.Response, 100, 0, "teamLead"), Step(2, SlaClockKind.Restoration, 100, 0, "projectManager"),
                Step(3, SlaClockKind.Restoration, 100, 120, "projectManager", "residentEngineers")]),
        Policy(SlaPolicyKind.Default, 2, [T(SlaClockKind.Response, 30), T(SlaClockKind.Arrival, WorkingDay, Office), T(SlaClockKind.Restoration, 2 * WorkingDay, Office),
                T(SlaClockKind.Resolution, 5 * WorkingDay, Office), T(SlaClockKind.Assignment, 15), T(SlaClockKind.Acceptance, 30)],
            [Step(1, SlaClockKind.Response, 100, 0, "teamLead"), Step(2, SlaClockKind.Restoration, 100, 0, true, "projectManager")]),
        Policy(SlaPolicyKind.Default, 3, [T(SlaClockKind.Response, 120, Office), T(SlaClockKind.Arrival, 2 * WorkingDay, Office),
                T(SlaClockKind.Restoration, 3 * WorkingDay, Office), T(SlaClockKind.Resolution, 5 * WorkingDay, Office),
                T(SlaClockKind.Assignment, 60, Office), T(SlaClockKind.Acceptance, 120, Office)],
            [Step(1, SlaClockKind.Resolution, 100, 0, true, "projectManager")]),
        Policy(SlaPolicyKind.Default, 4, [T(SlaClockKind.Response, WorkingDay, Office), T(SlaClockKind.Resolution, 10 * WorkingDay, Office),
                T(SlaClockKind.Assignment, 240, Office)], []),

        // The Advanced template: on-site arrival within 4 working hours for hardware faults (levels 2 and 3), while level 1
        // keeps 2 hours around the clock, which is stricter.
        Policy(SlaPolicyKind.AdvancedTemplate, 1, [T(SlaClockKind.Response, 10), T(SlaClockKind.Arrival, 120), T(SlaClockKind.Restoration, 240),
                T(SlaClockKind.Resolution, 720), T(SlaClockKind.Assignment, 5), T(SlaClockKind.Acceptance, 10)],
            [Step(1, SlaClockKind.Response, 100, 0, "teamLead"), Step(2, SlaClockKind.Restoration, 100, 0, "projectManager"),
                Step(3, SlaClockKind.Restoration, 100, 120, "projectManager", "residentEngineers")]),
        Policy(SlaPolicyKind.AdvancedTemplate, 2, [T(SlaClockKind.Response, 15), T(SlaClockKind.Arrival, 240, Office), T(SlaClockKind.Restoration, WorkingDay, Office),
                T(SlaClockKind.Resolution, 3 * WorkingDay, Office), T(SlaClockKind.Assignment, 10), T(SlaClockKind.Acceptance, 15)],
            [Step(1, SlaClockKind.Arrival, 100, 0, "teamLead", "projectManager"), Step(2, SlaClockKind.Restoration, 100, 0, true, "projectManager")]),
        Policy(SlaPolicyKind.AdvancedTemplate, 3, [T(SlaClockKind.Response, 60, Office), T(SlaClockKind.Arrival, 240, Office),
                T(SlaClockKind.Restoration, 2 * WorkingDay, Office), T(SlaClockKind.Resolution, 5 * WorkingDay, Office),
                T(SlaClockKind.Assignment, 30, Office), T(SlaClockKind.Acceptance, 60, Office)],
            [Step(1, SlaClockKind.Arrival, 100, 0, "teamLead"), Step(2, SlaClockKind.Resolution, 100, 0, true, "projectManager")]),
        Policy(SlaPolicyKind.AdvancedTemplate, 4, [T(SlaClockKind.Response, 240, Office), T(SlaClockKind.Resolution, 5 * WorkingDay, Office),
                T(SlaClockKind.Assignment, 120, Office)], []),
    ];

    private static SlaPolicy Policy(SlaPolicyKind kind, int level, List<SlaPolicyTarget> targets, List<SlaEscalationStep> steps) => new()
    {
        Id = (kind == SlaPolicyKind.Default ? DefaultPolicyIdBase : TemplatePolicyIdBase) + level,
        Kind = kind,
        FaultLevel = level,
        Targets = targets,
        WarningPercents = [.. DefaultWarningPercents],
        WarningNotify = ["assignee"],
        BreachNotify = ["assignee", "teamLead"],
        Steps = steps,
        NextStepId = steps.Count + 1,
        UnassignedNotify = ["duty"],
        UnacceptedNotify = targets.Any(t => t.Clock == SlaClockKind.Acceptance) ? ["duty", "teamLead"] : [],
        UpdatedAt = s_seededAt,
    };

    private static SlaPolicyTarget T(SlaClockKind clock, int minutes, long? calendarId = null) => new(clock, minutes, calendarId);

    private static SlaEscalationStep Step(int id, SlaClockKind clock, int percent, int afterMinutes, params string[] notify) =>
        new(id, clock, percent, afterMinutes, [.. notify], RaiseLevel: false);

    private static SlaEscalationStep Step(int id, SlaClockKind clock, int percent, int afterMinutes, bool raiseLevel, params string[] notify) =>
        new(id, clock, percent, afterMinutes, [.. notify], raiseLevel);
}
