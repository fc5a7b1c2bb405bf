using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>The plan editor's fields, editable in place; <see cref="ToInput"/> makes the request the plan service validates.</summary>
public sealed class DiagnosisPlanForm
{
    public long? Id { get; set; }

    public long? OrganizationId { get; set; }

    public string Name { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public DiagnosisCameraScope CameraScope { get; set; }

    public IReadOnlyCollection<DeviceKind> DeviceKinds { get; set; } = [DeviceKind.Camera, DeviceKind.Channel];

    public string DeviceIds { get; set; } = "";

    public IReadOnlyCollection<DiagnosisKind> Checks { get; set; } = [];

    /// <summary>Sensitivity per check, 1–10.</summary>
    public Dictionary<DiagnosisKind, int> Sensitivities { get; set; } = Enum.GetValues<DiagnosisKind>().ToDictionary(k => k, _ => 5);

    public DiagnosisScheduleMode ScheduleMode { get; set; }

    public int IntervalMinutes { get; set; } = DiagnosisPlanRules.DefaultIntervalMinutes;

    public string TimesOfDay { get; set; } = "";

    public string TimeZone { get; set; } = DiagnosisPlanRules.DefaultTimeZone;

    public string NightStart { get; set; } = "";

    public string NightEnd { get; set; } = "";

    public bool NightSkipsBrightnessChecks { get; set; }

    public Dictionary<DiagnosisKind, int> NightSensitivities { get; set; } = Enum.GetValues<DiagnosisKind>().ToDictionary(k => k, _ => 5);

    public int FrameCount { get; set; } = DiagnosisPlanRules.DefaultFrameCount;

    public int FrameIntervalMilliseconds { get; set; } = DiagnosisPlanRules.DefaultFrameIntervalMilliseconds;

    public static DiagnosisPlanForm From(DiagnosisPlanView plan) => new()
    {
        Id = plan.Id,
        OrganizationId = plan.OrganizationId,
        Name = plan.Name,
        Enabled = plan.Enabled,
        CameraScope = plan.CameraScope,
        DeviceKinds = plan.DeviceKinds.Count > 0 ? plan.DeviceKinds.ToList() : [DeviceKind.Camera, DeviceKind.Channel],
        DeviceIds = string.Join(",", plan.DeviceIds),
        Checks = plan.Checks?.ToList() ?? [],
        Sensitivities = Enum.GetValues<DiagnosisKind>().ToDictionary(k => k, k => plan.Sensitivities.GetValueOrDefault(k, 5)),
        ScheduleMode = plan.ScheduleMode,
        IntervalMinutes = plan.IntervalMinutes,
        TimesOfDay = string.Join(",", plan.TimesOfDay),
        TimeZone = plan.TimeZone,
        NightStart = plan.NightStart ?? "",
        NightEnd = plan.NightEnd ?? "",
        NightSkipsBrightnessChecks = plan.NightSkipsBrightnessChecks,
        NightSensitivities = Enum.GetValues<DiagnosisKind>().ToDictionary(k => k, k => plan.NightSensitivities.GetValueOrDefault(k, plan.Sensitivities.GetValueOrDefault(k, 5))),
        FrameCount = plan.FrameCount,
        FrameIntervalMilliseconds = plan.FrameIntervalMilliseconds,
    };

    /// <summary>Returns the request; sensitivities equal to the default 5 are left out, night ones equal to the day's too.</summary>
    public DiagnosisPlanInput ToInput()
    {
        var checks = Checks.ToList();
        var hasNight = !string.IsNullOrWhiteSpace(NightStart) || !string.IsNullOrWhiteSpace(NightEnd);
        return new DiagnosisPlanInput(
            OrganizationId,
            Name,
            Enabled,
            CameraScope,
            DeviceKinds.ToList(),
            DiagnosisPlanRules.ParseIds(DeviceIds)?.ToList() ?? [],
            checks.Count == 0 ? null : checks,
            Sensitivities.Where(p => p.Value != 5).ToDictionary(),
            ScheduleMode,
            IntervalMinutes,
            TimesOfDay.Split([',', '，', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TimeZone,
            hasNight ? NightStart : null,
            hasNight ? NightEnd : null,
            NightSkipsBrightnessChecks,
            NightSensitivities.Where(p => p.Value != Sensitivities.GetValueOrDefault(p.Key, 5)).ToDictionary(),
            FrameCount,
            FrameIntervalMilliseconds,
            ClearNight: !hasNight,
            AllChecks: checks.Count == 0);
    }
}
