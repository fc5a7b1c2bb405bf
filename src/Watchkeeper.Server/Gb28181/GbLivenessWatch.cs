using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// The keepalive timer: once a second it checks every session's deadlines and, when a device's liveness
/// changed (keepalives lapsed, registration expired), requests a round from the monitoring engine of the device
/// and its catalog items at once. It also writes keepalive times to the database every few seconds, so that
/// a restart starts from recent values.
/// </summary>
public sealed partial class GbLivenessWatch(
    GbSessionBook sessions,
    IMonitoringControl monitoring,
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    TimeProvider time,
    ILogger<GbLivenessWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var lastFlush = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                CheckAll();
                if (time.GetUtcNow() - lastFlush >= FlushEvery)
                {
                    lastFlush = time.GetUtcNow();
                    await FlushKeepalivesAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await FlushKeepalivesAsync(CancellationToken.None);
        }
    }

    /// <summary>Checks every session's deadlines now.</summary>
    public void CheckAll()
    {
        foreach (var session in sessions.Sessions)
        {
            Check(session);
        }
    }

    /// <summary>Announces a change of the session's liveness, e.g. after the first keepalive since a lapse.</summary>
    public void Check(GbSession session)
    {
        var liveness = GbHealthEvaluator.Liveness(session, time.GetUtcNow(), sessions.StartedAt);
        if (liveness == session.AnnouncedLiveness)
        {
            return;
        }

        var previous = session.AnnouncedLiveness;
        session.AnnouncedLiveness = liveness;
        LogLivenessChanged(session.GbId, session.DeviceId, previous, liveness);
        Announce(session);
    }

    /// <summary>Requests a round of the device and of every catalog item that has a ledger device.</summary>
    public void Announce(GbSession session)
    {
        monitoring.ProbeNow(session.DeviceId);
        if (!session.HasChannels)
        {
            return;
        }

        foreach (var channel in session.Channels.Values)
        {
            if (channel.LedgerDeviceId is { } id && id != session.DeviceId)
            {
                monitoring.ProbeNow(id);
            }
        }
    }

    /// <summary>Writes the keepalive times that changed since the last flush.</summary>
    public async Task FlushKeepalivesAsync(CancellationToken cancellationToken)
    {
        var dirty = new List<(GbSession Session, DateTimeOffset At)>();
        foreach (var session in sessions.Sessions)
        {
            if (session.KeepaliveDirty && session.LastKeepaliveAt is { } at)
            {
                session.KeepaliveDirty = false;
                dirty.Add((session, at));
            }
        }

        if (dirty.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var sqlite = db.Database.IsSqlite();
            var entity = db.Model.FindEntityType(typeof(GbDevice))!;
            var table = entity.GetTableName();
            var keepaliveColumn = entity.FindProperty(nameof(GbDevice.LastKeepaliveAt))!.GetColumnName();
            var idColumn = entity.FindProperty(nameof(GbDevice.DeviceId))!.GetColumnName();

            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = $"UPDATE \"{table}\" SET \"{keepaliveColumn}\" = @at WHERE \"{idColumn}\" = @id";
            var atParameter = Add(command, "@at");
            var idParameter = Add(command, "@id");
            foreach (var (session, at) in dirty)
            {
                atParameter.Value = sqlite ? at.ToUnixTimeMilliseconds() : at;
                idParameter.Value = session.DeviceId;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            // The next flush writes them: mark them dirty again.
            foreach (var (session, _) in dirty)
            {
                session.RecordKeepaliveDirtyAgain();
            }

            LogFlushFailed(exception, dirty.Count);
        }
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 device {GbId} (ledger {DeviceId}) changed from {Previous} to {Liveness}")]
    private partial void LogLivenessChanged(string gbId, long deviceId, GbLiveness previous, GbLiveness liveness);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} GB/T 28181 keepalive times failed; they are retried at the next flush")]
    private partial void LogFlushFailed(Exception exception, int count);
}
