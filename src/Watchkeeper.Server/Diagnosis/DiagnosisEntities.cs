using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>Which cameras of its organization's subtree a diagnosis plan covers.</summary>
public enum DiagnosisCameraScope
{
    /// <summary>Every camera and channel with a stream or snapshot URL.</summary>
    AllCameras,

    /// <summary>Only the device kinds listed in <see cref="DiagnosisPlan.DeviceKinds"/> (Camera, Channel).</summary>
    Kinds,

    /// <summary>Only the devices listed in <see cref="DiagnosisPlan.DeviceIds"/>.</summary>
    Devices,
}

public enum DiagnosisScheduleMode
{
    /// <summary>Every <see cref="DiagnosisPlan.IntervalMinutes"/> after the previous round started.</summary>
    Interval,

    /// <summary>At the local times of day in <see cref="DiagnosisPlan.TimesOfDay"/>, in the plan's time zone.</summary>
    TimesOfDay,
}

/// <summary>How one diagnosis round ended.</summary>
public enum DiagnosisStatus
{
    /// <summary>Frames were grabbed and analysed.</summary>
    Analyzed,

    /// <summary>The camera delivered no frame; <see cref="DiagnosisResult.FailureReason"/> contains the reason.</summary>
    NoFrame,
}

public enum DiagnosisTrigger
{
    Scheduled,

    /// <summary>A user asked for the round ("diagnose now", re-baselining).</summary>
    Manual,
}

/// <summary>
/// An organization's diagnosis plan: which cameras, which checks at what sensitivity, how often, and what changes at
/// night. It applies to the organization's whole subtree unless a lower organization has its own plan.
/// </summary>
/// <remarks>Lists are stored as comma-separated text; <see cref="DiagnosisPlanRules"/> parses and validates them.</remarks>
public sealed class DiagnosisPlan
{
    public const int MaxNameLength = 100;
    public const int MaxListLength = 4000;

    public long Id { get; set; }

    public long OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>False switches diagnosis off for the subtree.</summary>
    public bool Enabled { get; set; } = true;

    public DiagnosisCameraScope CameraScope { get; set; }

    /// <summary>Device kinds for <see cref="DiagnosisCameraScope.Kinds"/>, e.g. "Channel".</summary>
    public string? DeviceKinds { get; set; }

    /// <summary>Device ids for <see cref="DiagnosisCameraScope.Devices"/>, e.g. "12,15".</summary>
    public string? DeviceIds { get; set; }

    /// <summary>The checks to run, e.g. "Blur,TooDark"; null runs every check.</summary>
    public string? Checks { get; set; }

    /// <summary>Sensitivity per check, 1–10, e.g. "Blur=7,TooDark=3"; a check not listed takes 5.</summary>
    public string? Sensitivities { get; set; }

    public DiagnosisScheduleMode ScheduleMode { get; set; }

    public int IntervalMinutes { get; set; } = DiagnosisPlanRules.DefaultIntervalMinutes;

    /// <summary>Local times of day for <see cref="DiagnosisScheduleMode.TimesOfDay"/>, e.g. "08:00,14:00,20:00".</summary>
    public string? TimesOfDay { get; set; }

    /// <summary>The IANA time zone of the schedule and the night window, e.g. "Asia/Shanghai".</summary>
    public string TimeZone { get; set; } = DiagnosisPlanRules.DefaultTimeZone;

    /// <summary>Start of the night window in local time; null without a night profile.</summary>
    public TimeOnly? NightStart { get; set; }

    /// <summary>End of the night window in local time; it may be earlier than the start (19:00 to 07:00).</summary>
    public TimeOnly? NightEnd { get; set; }

    /// <summary>True drops the brightness checks (too dark, overexposed, low contrast, colour cast) inside the night window.</summary>
    public bool NightSkipsBrightnessChecks { get; set; }

    /// <summary>Sensitivities that replace the day's inside the night window, in the form of <see cref="Sensitivities"/>.</summary>
    public string? NightSensitivities { get; set; }

    /// <summary>Frames grabbed per round, 1–16; the frozen-picture and shake checks need two or more.</summary>
    public int FrameCount { get; set; } = DiagnosisPlanRules.DefaultFrameCount;

    public int FrameIntervalMilliseconds { get; set; } = DiagnosisPlanRules.DefaultFrameIntervalMilliseconds;

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>
/// A reference image of a camera: the view it should show, taken from a good frame or uploaded, kept with its history.
/// Scene change and PTZ drift compare frames with the current one.
/// </summary>
/// <remarks>
/// A preset number declares the camera a PTZ camera that should rest at that preset, so its frames are compared as
/// PTZ drift. NOTE: the platform does not read the PTZ position from the camera; the preset number is the user's word.
/// </remarks>
public sealed class ReferenceImage
{
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    public long DeviceId { get; set; }

    public int? PresetNumber { get; set; }

    /// <summary>The JPEG file, relative to the diagnosis image folder.</summary>
    public required string FilePath { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    /// <summary>The user who set it, or "system" for a reference taken automatically from the first good frame.</summary>
    public required string TakenBy { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The diagnosis round whose frame became this reference, when it came from one.</summary>
    public long? SourceResultId { get; set; }

    public bool IsCurrent { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}

/// <summary>One diagnosis round of one camera.</summary>
public sealed class DiagnosisResult
{
    public const int MaxReasonLength = 2000;

    public long Id { get; set; }

    public long DeviceId { get; set; }

    /// <summary>The plan that applied, or null for the built-in default.</summary>
    public long? PlanId { get; set; }

    public DiagnosisTrigger Trigger { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset CompletedAt { get; set; }

    /// <summary>"rtsp" or "snapshot"; null when no frame came.</summary>
    public string? Source { get; set; }

    public DiagnosisStatus Status { get; set; }

    /// <summary>Why no frame came, in Chinese and English.</summary>
    public string? FailureReason { get; set; }

    /// <summary>How many checks found a fault; 0 for a clean round and for a round without frames.</summary>
    public int DetectedCount { get; set; }

    public int FrameCount { get; set; }

    public int? FrameWidth { get; set; }

    public int? FrameHeight { get; set; }

    public long? ReferenceImageId { get; set; }

    public int GrabMilliseconds { get; set; }

    public int AnalysisMilliseconds { get; set; }

    /// <summary>The thumbnail JPEG relative to the diagnosis image folder; null once pruned or when no frame came.</summary>
    public string? ThumbnailPath { get; set; }

    /// <summary>The annotated evidence JPEG (regions and labels of the findings); null without findings or once pruned.</summary>
    public string? EvidencePath { get; set; }

    public List<DiagnosisFinding> Findings { get; set; } = [];
}

/// <summary>What one check concluded in one round: one row for every analyzer that ran.</summary>
public sealed class DiagnosisFinding
{
    public const int MaxDetailLength = 500;

    public long Id { get; set; }

    public long ResultId { get; set; }

    public DiagnosisKind Kind { get; set; }

    public bool Detected { get; set; }

    /// <summary>0 to 1; 0.5 is the decision point at the default sensitivity.</summary>
    public double Score { get; set; }

    public int? RegionX { get; set; }

    public int? RegionY { get; set; }

    public int? RegionWidth { get; set; }

    public int? RegionHeight { get; set; }

    public string Detail { get; set; } = "";
}

/// <summary>
/// When a camera's next diagnosis round is due: the scheduler's restart-safe timer. A round in progress pushes the
/// due time one lease ahead, so a round lost to a crash runs again when the lease ends.
/// </summary>
public sealed class DiagnosisDue
{
    public long DeviceId { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? LastStartedAt { get; set; }

    public DateTimeOffset? LastCompletedAt { get; set; }

    /// <summary>Set by "diagnose now"; the round it starts is recorded as manual.</summary>
    public DateTimeOffset? ManualRequestedAt { get; set; }

    /// <summary>Set by re-baselining: the next clean frame becomes the camera's reference.</summary>
    public bool TakeReference { get; set; }
}
