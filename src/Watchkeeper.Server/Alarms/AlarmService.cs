using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Alarms;

/// <summary>Operator actions on alarms: acknowledge, close, link and unlink.</summary>
/// <remarks>
/// Every action loads its alarms through the organization-scoped <see cref="WatchkeeperDbContext.Alarms"/>, so an
/// alarm the user may not see is "not found". Each saved action publishes <see cref="AlarmChanged"/> for the console
/// and the notification dispatcher.
/// </remarks>
public sealed class AlarmService(WatchkeeperDbContext db, MonitoringEvents events, TimeProvider time, ILogger<AlarmService> logger)
{
    /// <summary>The close reason column stores at most 500 characters.</summary>
    public const int CloseReasonMaxLength = 500;

    /// <summary>The link note column stores at most 500 characters.</summary>
    public const int LinkNoteMaxLength = 500;

    public async Task<Result> AcknowledgeAsync(long id, string user, string? note, CancellationToken cancellationToken)
    {
        var alarm = await FindAsync(id, cancellationToken);
        if (alarm is null)
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        var result = alarm.Acknowledge(user, now, note);
        if (!result.IsSuccess)
        {
            return result;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Alarm {AlarmId} of device {DeviceId} acknowledged by {UserName}", id, alarm.DeviceId, user);
        await PublishAsync([alarm], now, cancellationToken);
        return Result.Success();
    }

    /// <summary>Closes an open or acknowledged alarm with a reason. Its fault may remain until the device recovers.</summary>
    public async Task<Result> CloseAsync(long id, string user, string? reason, CancellationToken cancellationToken)
    {
        if (reason is { Length: > CloseReasonMaxLength })
        {
            return Error.Validation("alarm.close.reason_too_long", Bilingual.Join(
                $"关闭原因最多 {CloseReasonMaxLength} 个字符，当前为 {reason.Length} 个，请缩短。",
                $"The close reason has {reason.Length} characters; shorten it to at most {CloseReasonMaxLength}."), "reason");
        }

        var alarm = await FindAsync(id, cancellationToken);
        if (alarm is null)
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        var result = alarm.Close(user, now, reason ?? "");
        if (!result.IsSuccess)
        {
            return result;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Alarm {AlarmId} of device {DeviceId} closed by {UserName}", id, alarm.DeviceId, user);
        await PublishAsync([alarm], now, cancellationToken);
        return Result.Success();
    }

    /// <summary>
    /// Links two alarms by hand and records it in both alarms' history. A pair is linked once, in either direction.
    /// </summary>
    public async Task<Result> LinkAsync(long id, long linkedAlarmId, string user, string? note, CancellationToken cancellationToken)
    {
        if (id == linkedAlarmId)
        {
            return Error.Validation("alarm.link.self", Bilingual.Join(
                $"告警 {id} 不能与自身关联，请选择另一条告警。", $"Alarm {id} cannot be linked to itself; choose another alarm."), "alarmId");
        }

        if (note is { Length: > LinkNoteMaxLength })
        {
            return Error.Validation("alarm.link.note_too_long", Bilingual.Join(
                $"关联说明最多 {LinkNoteMaxLength} 个字符，当前为 {note.Length} 个，请缩短。",
                $"The link note has {note.Length} characters; shorten it to at most {LinkNoteMaxLength}."), "note");
        }

        var alarm = await FindAsync(id, cancellationToken);
        if (alarm is null)
        {
            return NotFound(id);
        }

        var linked = await FindAsync(linkedAlarmId, cancellationToken);
        if (linked is null)
        {
            return NotFound(linkedAlarmId);
        }

        if (await FindLinkAsync(id, linkedAlarmId, cancellationToken) is not null)
        {
            return Error.Conflict("alarm.link.exists", Bilingual.Join(
                $"告警 {id} 与告警 {linkedAlarmId} 已关联。", $"Alarm {id} is already linked to alarm {linkedAlarmId}."));
        }

        var now = time.GetUtcNow();
        var trimmed = note?.Trim() ?? "";
        db.AlarmLinks.Add(new AlarmLink { AlarmId = id, LinkedAlarmId = linkedAlarmId, CreatedBy = user, CreatedAt = now, Note = trimmed });
        alarm.RecordLink(linkedAlarmId, linked: true, user, now, trimmed);
        linked.RecordLink(id, linked: true, user, now, trimmed);
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("Alarm {AlarmId} linked to alarm {LinkedAlarmId} by {UserName}", id, linkedAlarmId, user);
        await PublishAsync([alarm, linked], now, cancellationToken);
        return Result.Success();
    }

    /// <summary>Removes the link between two alarms, whichever of them it was made from, and records it in both histories.</summary>
    public async Task<Result> UnlinkAsync(long id, long linkedAlarmId, string user, CancellationToken cancellationToken)
    {
        var alarm = await FindAsync(id, cancellationToken);
        if (alarm is null)
        {
            return NotFound(id);
        }

        var linked = await FindAsync(linkedAlarmId, cancellationToken);
        var link = linked is null ? null : await FindLinkAsync(id, linkedAlarmId, cancellationToken);
        if (linked is null || link is null)
        {
            return Error.NotFound("alarm.link.not_found", Bilingual.Join(
                $"告警 {id} 与告警 {linkedAlarmId} 之间没有关联。", $"Alarm {id} is not linked to alarm {linkedAlarmId}."));
        }

        var now = time.GetUtcNow();
        db.AlarmLinks.Remove(link);
        alarm.RecordLink(linkedAlarmId, linked: false, user, now, null);
        linked.RecordLink(id, linked: false, user, now, null);
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("Alarm {AlarmId} unlinked from alarm {LinkedAlarmId} by {UserName}", id, linkedAlarmId, user);
        await PublishAsync([alarm, linked], now, cancellationToken);
        return Result.Success();
    }

    internal static Error NotFound(long id) =>
        Error.NotFound("alarm.not_found", Bilingual.Join($"告警 {id} 不存在。", $"Alarm {id} does not exist."));

    // The transition methods append activities to the loaded collection, and EF inserts only the new ones.
    private Task<Alarm?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Alarms.Include(a => a.Activities).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    // Called once both alarms were found, so the organization scope shows the link whichever side it was made from.
    private Task<AlarmLink?> FindLinkAsync(long id, long otherId, CancellationToken cancellationToken) =>
        db.AlarmLinks.FirstOrDefaultAsync(l =>
            (l.AlarmId == id && l.LinkedAlarmId == otherId) || (l.AlarmId == otherId && l.LinkedAlarmId == id), cancellationToken);

    private async Task PublishAsync(IReadOnlyList<Alarm> alarms, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var deviceIds = alarms.Select(a => a.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Code, d.OrganizationId })
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        events.Publish([.. alarms.Select(alarm =>
        {
            var device = devices.GetValueOrDefault(alarm.DeviceId);
            return new AlarmChanged(alarm.Id, alarm.DeviceId, device?.Code ?? "", alarm.Type, alarm.State, alarm.CausedByDeviceId is not null, at)
            {
                OrganizationId = device?.OrganizationId,
            };
        })]);
    }
}
