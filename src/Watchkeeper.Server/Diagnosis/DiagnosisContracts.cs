using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>A rectangle of the analysed frame, in its original pixels.</summary>
public sealed record RegionView(int X, int Y, int Width, int Height)
{
    public static RegionView? From(FindingRegion? region) => region is null ? null : new(region.X, region.Y, region.Width, region.Height);

    public static RegionView? From(DiagnosisFinding finding) =>
        finding.RegionX is { } x && finding.RegionY is { } y && finding.RegionWidth is { } width && finding.RegionHeight is { } height
            ? new(x, y, width, height)
            : null;
}

/// <summary>What one check concluded: <c>detected</c> when the score reached the threshold of the sensitivity in use.</summary>
public sealed record FindingView(DiagnosisKind Kind, bool Detected, double Score, RegionView? Region, string Detail);

/// <summary>The findings of <c>POST /api/v1/diagnosis/analyze</c>: one entry for every analyzer that ran.</summary>
public sealed record AnalyzeResponse(IReadOnlyList<FindingView> Findings, int FrameCount, int Width, int Height, bool HasReference, double ElapsedMilliseconds);

public sealed record DiagnosisResultView(
    long Id,
    long DeviceId,
    string DeviceCode,
    string DeviceName,
    long OrganizationId,
    DiagnosisTrigger Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    string? Source,
    DiagnosisStatus Status,
    string? FailureReason,
    int DetectedCount,
    IReadOnlyList<FindingView> Findings,
    int FrameCount,
    int? FrameWidth,
    int? FrameHeight,
    int GrabMilliseconds,
    int AnalysisMilliseconds,
    long? PlanId,
    long? ReferenceImageId,
    string? ThumbnailUrl,
    string? EvidenceUrl);

public sealed record DiagnosisResultPage(IReadOnlyList<DiagnosisResultView> Items, int Page, int PageSize, int TotalCount);

/// <summary>Filters of the result list; <see cref="Finding"/> keeps rounds in which that check detected a fault.</summary>
public sealed record DiagnosisResultFilter(
    long? CameraId = null,
    long? OrganizationId = null,
    DiagnosisKind? Finding = null,
    DiagnosisStatus? Status = null,
    bool? FaultsOnly = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>The response to "diagnose now": the round is queued and its result appears under the links.</summary>
public sealed record RunAccepted(long DeviceId, DateTimeOffset RequestedAt, string Latest, string Results);

public sealed record OrganizationRunAccepted(long OrganizationId, int CameraCount, DateTimeOffset RequestedAt, string Results);

public sealed record ReferenceImageView(
    long Id,
    long DeviceId,
    int? PresetNumber,
    int Width,
    int Height,
    DateTimeOffset TakenAt,
    string TakenBy,
    string Reason,
    bool IsCurrent,
    DateTimeOffset? RetiredAt,
    long? SourceResultId,
    string ImageUrl);

/// <summary>Why a reference changes, and optionally the PTZ preset it shows.</summary>
public sealed record ReferenceRequest(string? Reason, int? PresetNumber);

/// <summary>A diagnosis plan as the API reads and writes it; null fields take the defaults on create and stay unchanged on update.</summary>
public sealed record DiagnosisPlanInput(
    long? OrganizationId = null,
    string? Name = null,
    bool? Enabled = null,
    DiagnosisCameraScope? CameraScope = null,
    IReadOnlyList<DeviceKind>? DeviceKinds = null,
    IReadOnlyList<long>? DeviceIds = null,
    IReadOnlyList<DiagnosisKind>? Checks = null,
    IReadOnlyDictionary<DiagnosisKind, int>? Sensitivities = null,
    DiagnosisScheduleMode? ScheduleMode = null,
    int? IntervalMinutes = null,
    IReadOnlyList<string>? TimesOfDay = null,
    string? TimeZone = null,
    string? NightStart = null,
    string? NightEnd = null,
    bool? NightSkipsBrightnessChecks = null,
    IReadOnlyDictionary<DiagnosisKind, int>? NightSensitivities = null,
    int? FrameCount = null,
    int? FrameIntervalMilliseconds = null,
    bool ClearNight = false,
    bool AllChecks = false);

public sealed record DiagnosisPlanView(
    long Id,
    long OrganizationId,
    string OrganizationPath,
    string Name,
    bool Enabled,
    DiagnosisCameraScope CameraScope,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<DiagnosisKind>? Checks,
    IReadOnlyDictionary<DiagnosisKind, int> Sensitivities,
    DiagnosisScheduleMode ScheduleMode,
    int IntervalMinutes,
    IReadOnlyList<string> TimesOfDay,
    string TimeZone,
    string? NightStart,
    string? NightEnd,
    bool NightSkipsBrightnessChecks,
    IReadOnlyDictionary<DiagnosisKind, int> NightSensitivities,
    int FrameCount,
    int FrameIntervalMilliseconds,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy)
{
    public static DiagnosisPlanView From(DiagnosisPlan plan, string organizationPath)
    {
        var parsed = DiagnosisPlanRules.Parse(plan);
        return new DiagnosisPlanView(plan.Id, plan.OrganizationId, organizationPath, plan.Name, plan.Enabled, plan.CameraScope,
            parsed.DeviceKinds.Order().ToList(), parsed.DeviceIds.Order().ToList(), parsed.Checks?.Order().ToList(), parsed.Sensitivities,
            plan.ScheduleMode, plan.IntervalMinutes, parsed.TimesOfDay.Select(DiagnosisPlanRules.FormatTime).ToList(), plan.TimeZone,
            plan.NightStart is { } start ? DiagnosisPlanRules.FormatTime(start) : null,
            plan.NightEnd is { } end ? DiagnosisPlanRules.FormatTime(end) : null,
            plan.NightSkipsBrightnessChecks, parsed.NightSensitivities, plan.FrameCount, plan.FrameIntervalMilliseconds, plan.UpdatedAt, plan.UpdatedBy);
    }
}

/// <summary>The plan in force for a camera: a stored plan (with the organization it comes from) or the built-in default.</summary>
public sealed record EffectivePlanView(long? PlanId, long? OrganizationId, string Name, bool BuiltIn, bool Covered, DiagnosisPlanView? Plan);
