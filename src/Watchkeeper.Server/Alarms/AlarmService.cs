using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Alarms;

/// <summary>Operator actions on alarms.</summary>
public sealed class AlarmService(WatchkeeperDbContext db, MonitoringEvents events, TimeProvider time, ILogger<AlarmService> logger)
{
    public async Task<Result> AcknowledgeAsync(long id, string user, string? note, CancellationToken cancellationToken)
    {
        var alarm = await db.Alarms.Include(a => a.Activities).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alarm is null)
        {
            return Error.NotFound("alarm.not_found", Bilingual.Join($"告警 {id} 不存在。", $"Alarm {id} does not exist."));
        }

        var now = time.GetUtcNow();
        var result = alarm.Acknowledge(user, now, note);
        if (!result.IsSuccess)
        {
            return result;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Alarm {AlarmId} of device {DeviceId} acknowledged by {UserName}", id, alarm.DeviceId, user);
        var device = await db.Devices.Where(d => d.Id == alarm.DeviceId).Select(d => new { d.Code, d.OrganizationId }).FirstOrDefaultAsync(cancellationToken);
        events.Publish([new AlarmChanged(alarm.Id, alarm.DeviceId, device?.Code ?? "", alarm.Type, alarm.State, alarm.CausedByDeviceId is not null, now)
        {
            OrganizationId = device?.OrganizationId,
        }]);
        return Result.Success();
    }
}
