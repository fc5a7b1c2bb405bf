using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>Creates, edits and deletes diagnosis plans, one per organization, and makes the scheduler match its due times to them.</summary>
public sealed class DiagnosisPlanService(
    WatchkeeperDbContext db,
    OrganizationDirectory organizations,
    DiagnosisPlanDirectory directory,
    DiagnosisScheduler scheduler,
    TimeProvider time)
{
    public async Task<IReadOnlyList<DiagnosisPlanView>> ListAsync(CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var plans = await db.DiagnosisPlans.AsNoTracking().ToListAsync(cancellationToken);
        return plans.Select(p => DiagnosisPlanView.From(p, tree.PathOf(p.OrganizationId))).OrderBy(p => p.OrganizationPath, StringComparer.Ordinal).ToList();
    }

    public async Task<DiagnosisPlanView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var plan = await db.DiagnosisPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return plan is null ? null : DiagnosisPlanView.From(plan, (await organizations.GetTreeAsync(cancellationToken)).PathOf(plan.OrganizationId));
    }

    /// <summary>Returns the plan in force for a camera and whether it covers the camera.</summary>
    public async Task<Result<EffectivePlanView>> EffectiveAsync(long deviceId, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return DiagnosisErrors.DeviceNotFound(deviceId);
        }

        var plan = await directory.ResolveAsync(device.OrganizationId, cancellationToken);
        var covered = DiagnosisEligibility.HasPicture(device) && plan.Covers(device.Id, device.Kind);
        var view = plan.PlanId is { } id ? await GetAsync(id, cancellationToken) : null;
        return new EffectivePlanView(plan.PlanId, plan.OrganizationId, plan.Name, plan.PlanId is null, covered, view);
    }

    public async Task<Result<DiagnosisPlanView>> CreateAsync(DiagnosisPlanInput input, string user, CancellationToken cancellationToken)
    {
        if (input.OrganizationId is not { } organizationId || (await organizations.GetVisibleTreeAsync(cancellationToken)).Find(organizationId) is null)
        {
            return Error.Validation("diagnosis.plan.organization", Bilingual.Join(
                $"组织 {input.OrganizationId} 不存在，请填写有效的 organizationId。", $"Organization {input.OrganizationId} does not exist; give a valid organizationId."), "organizationId");
        }

        if (await db.DiagnosisPlans.AnyAsync(p => p.OrganizationId == organizationId, cancellationToken))
        {
            return Error.Conflict("diagnosis.plan.duplicate", Bilingual.Join(
                "该组织已有诊断计划，请编辑现有计划。", "The organization already has a diagnosis plan; edit that plan instead."), "organizationId");
        }

        var plan = new DiagnosisPlan { OrganizationId = organizationId, Name = "" };
        var errors = await ApplyAsync(plan, input with { Name = input.Name ?? "" }, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<DiagnosisPlanView>.Failure(errors);
        }

        Stamp(plan, user);
        db.DiagnosisPlans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        Changed();
        return (await GetAsync(plan.Id, cancellationToken))!;
    }

    public async Task<Result<DiagnosisPlanView>> UpdateAsync(long id, DiagnosisPlanInput input, string user, CancellationToken cancellationToken)
    {
        var plan = await db.DiagnosisPlans.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return DiagnosisErrors.PlanNotFound(id);
        }

        var errors = await ApplyAsync(plan, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<DiagnosisPlanView>.Failure(errors);
        }

        Stamp(plan, user);
        await db.SaveChangesAsync(cancellationToken);
        Changed();
        return (await GetAsync(plan.Id, cancellationToken))!;
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var deleted = await db.DiagnosisPlans.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return DiagnosisErrors.PlanNotFound(id);
        }

        Changed();
        return Result.Success();
    }

    private void Stamp(DiagnosisPlan plan, string user)
    {
        plan.UpdatedAt = time.GetUtcNow();
        plan.UpdatedBy = user;
    }

    private void Changed()
    {
        directory.Invalidate();
        scheduler.RequestSync();
    }

    /// <summary>Copies the set fields of the input onto the plan; returns every rule the result breaks.</summary>
    private async Task<List<Error>> ApplyAsync(DiagnosisPlan plan, DiagnosisPlanInput input, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        if (input.Name is { } name)
        {
            plan.Name = name.Trim();
        }

        if (plan.Name.Length is 0 or > DiagnosisPlan.MaxNameLength)
        {
            errors.Add(Error.Validation("diagnosis.plan.name", Bilingual.Join(
                $"计划名称必填，且不超过 {DiagnosisPlan.MaxNameLength} 个字符。", $"The plan name is required and at most {DiagnosisPlan.MaxNameLength} characters."), "name"));
        }

        plan.Enabled = input.Enabled ?? plan.Enabled;
        plan.CameraScope = input.CameraScope ?? plan.CameraScope;
        if (input.DeviceKinds is { } kinds)
        {
            plan.DeviceKinds = string.Join(",", kinds.Distinct().Order());
        }

        if (input.DeviceIds is { } ids)
        {
            plan.DeviceIds = string.Join(",", ids.Distinct().Order());
        }

        if (input.AllChecks)
        {
            plan.Checks = null;
        }
        else if (input.Checks is { } checks)
        {
            plan.Checks = string.Join(",", checks.Distinct().Order());
        }

        plan.ScheduleMode = input.ScheduleMode ?? plan.ScheduleMode;
        plan.IntervalMinutes = input.IntervalMinutes ?? plan.IntervalMinutes;
        plan.TimeZone = input.TimeZone?.Trim() ?? plan.TimeZone;
        plan.NightSkipsBrightnessChecks = input.NightSkipsBrightnessChecks ?? plan.NightSkipsBrightnessChecks;
        plan.FrameCount = input.FrameCount ?? plan.FrameCount;
        plan.FrameIntervalMilliseconds = input.FrameIntervalMilliseconds ?? plan.FrameIntervalMilliseconds;

        ApplySensitivities(input.Sensitivities, value => plan.Sensitivities = value, "sensitivities", errors);
        ApplySensitivities(input.NightSensitivities, value => plan.NightSensitivities = value, "nightSensitivities", errors);
        ApplyTimes(plan, input, errors);
        ApplyNight(plan, input, errors);
        CheckRanges(plan, errors);
        await CheckScopeAsync(plan, errors, cancellationToken);
        return errors;
    }

    private static void ApplySensitivities(IReadOnlyDictionary<Core.Diagnosis.DiagnosisKind, int>? values, Action<string> set, string field, List<Error> errors)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (kind, value) in values.Where(p => !Sensitivity.IsValid(p.Value)))
        {
            errors.Add(Error.Validation("diagnosis.plan.sensitivity", Bilingual.Join(
                $"{kind} 的灵敏度 {value} 无效，须在 1–10 之间。", $"Sensitivity {value} of {kind} is invalid; it must be 1-10."), field));
        }

        set(DiagnosisPlanRules.FormatSensitivities(values));
    }

    private static void ApplyTimes(DiagnosisPlan plan, DiagnosisPlanInput input, List<Error> errors)
    {
        if (input.TimesOfDay is { } times)
        {
            var bad = times.Where(t => DiagnosisPlanRules.ParseTimes(t) is not [_]).ToList();
            if (bad.Count > 0)
            {
                errors.Add(Error.Validation("diagnosis.plan.times", Bilingual.Join(
                    $"时间点 {string.Join("、", bad)} 无效，请用 HH:mm 格式，如 08:00。", $"Times {string.Join(", ", bad)} are invalid; use HH:mm, e.g. 08:00."), "timesOfDay"));
            }

            plan.TimesOfDay = string.Join(",", times.SelectMany(t => DiagnosisPlanRules.ParseTimes(t) ?? []).Distinct().Order().Select(DiagnosisPlanRules.FormatTime));
        }

        var count = DiagnosisPlanRules.ParseTimes(plan.TimesOfDay)?.Count ?? 0;
        if (plan.ScheduleMode == DiagnosisScheduleMode.TimesOfDay && count is 0 or > DiagnosisPlanRules.MaxTimesOfDay)
        {
            errors.Add(Error.Validation("diagnosis.plan.times.count", Bilingual.Join(
                $"按时间点执行时须填写 1–{DiagnosisPlanRules.MaxTimesOfDay} 个时间点。", $"A times-of-day schedule needs 1-{DiagnosisPlanRules.MaxTimesOfDay} times."), "timesOfDay"));
        }
    }

    private static void ApplyNight(DiagnosisPlan plan, DiagnosisPlanInput input, List<Error> errors)
    {
        if (input.ClearNight)
        {
            plan.NightStart = null;
            plan.NightEnd = null;
            return;
        }

        if (input.NightStart is null && input.NightEnd is null)
        {
            return;
        }

        var start = ParseTime(input.NightStart);
        var end = ParseTime(input.NightEnd);
        if (start is null || end is null || start == end)
        {
            errors.Add(Error.Validation("diagnosis.plan.night", Bilingual.Join(
                "夜间时段须同时填写开始和结束时间（HH:mm），且两者不同，如 19:00 至 07:00。",
                "The night window needs both a start and an end (HH:mm) that differ, e.g. 19:00 to 07:00."), "nightStart"));
            return;
        }

        plan.NightStart = start;
        plan.NightEnd = end;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static void CheckRanges(DiagnosisPlan plan, List<Error> errors)
    {
        if (plan.IntervalMinutes is < DiagnosisPlanRules.MinIntervalMinutes or > DiagnosisPlanRules.MaxIntervalMinutes)
        {
            errors.Add(Error.Validation("diagnosis.plan.interval", Bilingual.Join(
                $"诊断间隔须在 {DiagnosisPlanRules.MinIntervalMinutes}–{DiagnosisPlanRules.MaxIntervalMinutes} 分钟之间。",
                $"The interval must be {DiagnosisPlanRules.MinIntervalMinutes}-{DiagnosisPlanRules.MaxIntervalMinutes} minutes."), "intervalMinutes"));
        }

        if (DiagnosisPlanRules.FindTimeZone(plan.TimeZone) is null)
        {
            errors.Add(Error.Validation("diagnosis.plan.time_zone", Bilingual.Join(
                $"时区“{plan.TimeZone}”无效，请用 IANA 名称，如 Asia/Shanghai。", $"Time zone '{plan.TimeZone}' is invalid; use an IANA name such as Asia/Shanghai."), "timeZone"));
        }

        if (plan.FrameCount is < 1 or > FrameSet.MaxFrames)
        {
            errors.Add(Error.Validation("diagnosis.plan.frame_count", Bilingual.Join(
                $"每轮帧数须在 1–{FrameSet.MaxFrames} 之间。", $"Frames per round must be 1-{FrameSet.MaxFrames}."), "frameCount"));
        }

        if (plan.FrameIntervalMilliseconds is < 0 or > DiagnosisPlanRules.MaxFrameIntervalMilliseconds)
        {
            errors.Add(Error.Validation("diagnosis.plan.frame_interval", Bilingual.Join(
                $"帧间隔须在 0–{DiagnosisPlanRules.MaxFrameIntervalMilliseconds} 毫秒之间。", $"The frame interval must be 0-{DiagnosisPlanRules.MaxFrameIntervalMilliseconds} ms."), "frameIntervalMilliseconds"));
        }
    }

    private async Task CheckScopeAsync(DiagnosisPlan plan, List<Error> errors, CancellationToken cancellationToken)
    {
        if (plan.CameraScope == DiagnosisCameraScope.Kinds)
        {
            var kinds = DiagnosisPlanRules.ParseList<DeviceKind>(plan.DeviceKinds) ?? [];
            if (kinds.Count == 0 || kinds.Any(k => k is not (DeviceKind.Camera or DeviceKind.Channel)))
            {
                errors.Add(Error.Validation("diagnosis.plan.kinds", Bilingual.Join(
                    "按类型选择时须选 Camera（摄像机）和/或 Channel（视频通道）。", "A scope by kind needs Camera and/or Channel."), "deviceKinds"));
            }
        }

        if (plan.CameraScope != DiagnosisCameraScope.Devices)
        {
            return;
        }

        var ids = DiagnosisPlanRules.ParseIds(plan.DeviceIds) ?? [];
        var subtree = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(plan.OrganizationId);
        var found = await db.Devices.Where(d => ids.Contains(d.Id) && subtree.Contains(d.OrganizationId)
                && (d.Kind == DeviceKind.Camera || d.Kind == DeviceKind.Channel))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(found).Order().ToList();
        if (ids.Count == 0 || missing.Count > 0 || plan.DeviceIds!.Length > DiagnosisPlan.MaxListLength)
        {
            errors.Add(Error.Validation("diagnosis.plan.devices", Bilingual.Join(
                $"按设备选择时须列出本组织下的摄像机或通道；无效的设备：{string.Join("、", missing)}。",
                $"A scope by device needs cameras or channels of this organization; invalid devices: {string.Join(", ", missing)}."), "deviceIds"));
        }
    }
}
