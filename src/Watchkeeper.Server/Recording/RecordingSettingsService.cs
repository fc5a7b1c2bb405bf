using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Recording;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Recording;

/// <summary>Reads and stores recording schedules and organization policies, and refreshes the book when they change.</summary>
public sealed partial class RecordingSettingsService(WatchkeeperDbContext db, RecordingPolicyStore policies, RecordingChannelDirectory directory,
    OrganizationDirectory organizations, RecordingBook book, TimeProvider time, ILogger<RecordingSettingsService> logger)
{
    public const int MaxRetentionDays = 3660;

    public async Task<RecordingScheduleResponse?> ChannelScheduleAsync(long deviceId, CancellationToken cancellationToken)
    {
        if ((await directory.LoadAsync([deviceId], cancellationToken)).FirstOrDefault() is not { } channel)
        {
            return null;
        }

        var own = RecordingScheduleJson.Deserialize(await db.RecordingChannelStates.AsNoTracking().Where(s => s.DeviceId == deviceId)
            .Select(s => s.Schedule).FirstOrDefaultAsync(cancellationToken));
        var policy = (await policies.LoadResolverAsync(cancellationToken)).Resolve(channel.OrganizationId, own);
        return new RecordingScheduleResponse(deviceId, channel.OrganizationId, own is null, policy.ScheduleSource, RecordingScheduleJson.ToDto(policy.Schedule));
    }

    public async Task<Result<RecordingScheduleResponse>> SetChannelScheduleAsync(long deviceId, RecordingScheduleInput input, CancellationToken cancellationToken)
    {
        if ((await directory.LoadAsync([deviceId], cancellationToken)).FirstOrDefault() is null)
        {
            return RecordingErrors.NotARecordingChannel(deviceId);
        }

        string? json = null;
        if (input.Ranges is not null)
        {
            var (schedule, error) = RecordingScheduleJson.Parse(input.Ranges);
            if (error is not null)
            {
                return Error.Validation(error.Code, Bilingual.Join(error.Chinese, error.English), error.Field);
            }

            json = RecordingScheduleJson.Serialize(schedule!);
        }

        var state = await db.RecordingChannelStates.FirstOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        if (state is null)
        {
            state = new RecordingChannelState { DeviceId = deviceId, NextCheckAt = time.GetUtcNow() };
            db.RecordingChannelStates.Add(state);
        }

        state.Schedule = json;
        await db.SaveChangesAsync(cancellationToken);
        await book.RefreshAsync([deviceId], cancellationToken);
        LogChannelSchedule(deviceId, json ?? "inherited");
        return (await ChannelScheduleAsync(deviceId, cancellationToken))!;
    }

    public async Task<Result<RecordingPolicyResponse>> PolicyAsync(long organizationId, CancellationToken cancellationToken)
    {
        if ((await organizations.GetVisibleTreeAsync(cancellationToken)).Find(organizationId) is null)
        {
            return OrganizationNotFound(organizationId);
        }

        var stored = await db.RecordingPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == organizationId, cancellationToken);
        var effective = (await policies.LoadResolverAsync(cancellationToken)).Resolve(organizationId);
        var own = RecordingScheduleJson.Deserialize(stored?.Schedule);
        return new RecordingPolicyResponse(organizationId, stored?.RetentionDays, stored?.TimeZoneId, own is null ? null : RecordingScheduleJson.ToDto(own),
            effective.RetentionDays, effective.Zone.Id, RecordingScheduleJson.ToDto(effective.Schedule), effective.ScheduleSource);
    }

    public async Task<Result<RecordingPolicyResponse>> SetPolicyAsync(long organizationId, RecordingPolicyInput input, CancellationToken cancellationToken)
    {
        if ((await organizations.GetVisibleTreeAsync(cancellationToken)).Find(organizationId) is null)
        {
            return OrganizationNotFound(organizationId);
        }

        if (input.RetentionDays is { } days && (days < 1 || days > MaxRetentionDays))
        {
            return Error.Validation("recording.retention.invalid", Bilingual.Join(
                $"保存天数 {days} 无效，应在 1–{MaxRetentionDays} 之间。", $"Retention of {days} days is invalid; use 1-{MaxRetentionDays}."), "retentionDays");
        }

        if (!string.IsNullOrWhiteSpace(input.TimeZone) && LocalDay.FindZone(input.TimeZone) is null)
        {
            return Error.Validation("recording.timeZone.invalid", Bilingual.Join(
                $"时区“{input.TimeZone}”无效，请用 IANA 名称，如 Asia/Shanghai。", $"Time zone '{input.TimeZone}' is unknown; use an IANA name such as Asia/Shanghai."), "timeZone");
        }

        string? json = null;
        if (input.Schedule is not null)
        {
            var (schedule, error) = RecordingScheduleJson.Parse(input.Schedule);
            if (error is not null)
            {
                return Error.Validation(error.Code, Bilingual.Join(error.Chinese, error.English), "schedule." + error.Field);
            }

            json = RecordingScheduleJson.Serialize(schedule!);
        }

        var policy = await db.RecordingPolicies.FirstOrDefaultAsync(p => p.OrganizationId == organizationId, cancellationToken);
        if (policy is null)
        {
            policy = new RecordingPolicy { OrganizationId = organizationId };
            db.RecordingPolicies.Add(policy);
        }

        policy.RetentionDays = input.RetentionDays;
        policy.TimeZoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? null : input.TimeZone.Trim();
        policy.Schedule = json;
        policy.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await book.RefreshAsync(null, cancellationToken);
        LogPolicy(organizationId, input.RetentionDays, policy.TimeZoneId, json is not null);
        return await PolicyAsync(organizationId, cancellationToken);
    }

    private static Error OrganizationNotFound(long id) => Error.NotFound("organization.not_found",
        Bilingual.Join($"组织 {id} 不存在。", $"Organization {id} does not exist."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording schedule of device {DeviceId} set to {Schedule}")]
    private partial void LogChannelSchedule(long deviceId, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording policy of organization {OrganizationId}: retention {RetentionDays} days, zone {TimeZone}, own schedule {HasSchedule}")]
    private partial void LogPolicy(long organizationId, int? retentionDays, string? timeZone, bool hasSchedule);
}
