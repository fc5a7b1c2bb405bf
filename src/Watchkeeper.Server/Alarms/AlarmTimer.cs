using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Alarms;

/// <summary>
/// Acts on alarm due times stored in the database: flapping alarms whose settle time passed stop flapping, and
/// incidents whose alarms were all resolved or closed end. Runs every <see cref="AlarmOptions.TimerIntervalSeconds"/>.
/// </summary>
public sealed partial class AlarmTimer(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    AlarmCorrelator correlator,
    IOptions<AlarmOptions> options,
    TimeProvider time,
    ILogger<AlarmTimer> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Settles the flapping alarms that are due and ends finished incidents; returns how many alarms settled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var due = await db.Alarms.IgnoreOrganizationScope()
                .Where(a => a.IsFlapping && a.FlappingSettlesAt <= now)
                .OrderBy(a => a.Id).Take(BatchSize).ToListAsync(cancellationToken);
            // NOTE: the health processor may change the same alarm at the same time, and the last writer wins per column.
            // A reopening saved in the same instant can therefore leave a settled alarm with a new settle time.
            foreach (var alarm in due)
            {
                alarm.SettleFlapping(now);
                LogSettled(alarm.Id, alarm.DeviceId);
            }

            await db.SaveChangesAsync(cancellationToken);
            settled += due.Count;
            if (due.Count < BatchSize)
            {
                break;
            }
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await correlator.EndFinishedIncidentsAsync(db, null, now, cancellationToken) > 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return settled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimerIntervalSeconds));
        LogStarted(interval.TotalSeconds);
        await PeriodicWork.RunAsync(interval, time, RunOnceAsync, exception =>
        {
            if (exception is not (DbUpdateException or System.Data.Common.DbException or InvalidOperationException))
            {
                return false;
            }

            LogRunFailed(exception);
            return true;
        }, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm timer started; it checks flapping alarms and incidents every {IntervalSeconds} s")]
    private partial void LogStarted(double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} of device {DeviceId} settled and stopped flapping")]
    private partial void LogSettled(long alarmId, long deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alarm timer's run failed; it tries again at the next tick")]
    private partial void LogRunFailed(Exception exception);
}
