using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// Writes organizations, devices and monitoring rows straight into an app's database, for query tests that
/// need a known ledger without running probes.
/// </summary>
public sealed class TestLedger(WatchkeeperApp app)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public async Task<long> AddOrganizationAsync(string name, long? parentId = null)
    {
        await using var db = app.CreateDbContext();
        var organization = new Organization { Name = name, ParentId = parentId, CreatedAt = Start };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        app.Services.GetRequiredService<Organizations.OrganizationDirectory>().Invalidate();
        return organization.Id;
    }

    public async Task<long> AddDeviceAsync(string code, long organizationId, DeviceKind kind = DeviceKind.Camera, long? parentId = null, HealthState? state = null)
    {
        await using var db = app.CreateDbContext();
        var device = new Device { Code = code, Name = code + " 名称", Kind = kind, OrganizationId = organizationId, ParentId = parentId, CreatedAt = Start, UpdatedAt = Start };
        db.Devices.Add(device);
        await db.SaveChangesAsync();
        if (state is { } known)
        {
            db.DeviceHealth.Add(DeviceHealth.Restore(device.Id, known, Start, "test", null, 0, 0, Start));
            await db.SaveChangesAsync();
        }

        return device.Id;
    }

    public async Task AddIntervalAsync(long deviceId, HealthState state, DateTimeOffset startAt, DateTimeOffset? endAt)
    {
        await using var db = app.CreateDbContext();
        db.StateIntervals.Add(new StateInterval { DeviceId = deviceId, State = state, StartAt = startAt, EndAt = endAt });
        await db.SaveChangesAsync();
    }

    public async Task AddProbeResultAsync(LatestProbeResult result)
    {
        await using var db = app.CreateDbContext();
        db.LatestProbeResults.Add(result);
        await db.SaveChangesAsync();
    }

    /// <param name="change">Runs transition methods on the new alarm before it is saved (close, suppress, start flapping).</param>
    public async Task<long> AddAlarmAsync(long deviceId, AlarmType type, DateTimeOffset at, long? causedByDeviceId = null, bool resolved = false,
        Action<Alarm>? change = null)
    {
        await using var db = app.CreateDbContext();
        var alarm = Alarm.Open(deviceId, type, "", "test detail", at, causedByDeviceId: causedByDeviceId);
        if (resolved)
        {
            alarm.Resolve(at.AddMinutes(5), "test");
        }

        change?.Invoke(alarm);

        db.Alarms.Add(alarm);
        await db.SaveChangesAsync();
        return alarm.Id;
    }

    /// <summary>
    /// Stores a silence of <paramref name="type"/> alarms of one device, in force from an hour ago for a day. A test that
    /// flags an alarm as silenced needs it, because the suppression worker lifts a Silence flag that no silence explains.
    /// </summary>
    public async Task AddSilenceAsync(long deviceId, AlarmType type, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = app.CreateDbContext())
        {
            db.Silences.Add(new Silence
            {
                DeviceIds = SuppressionLists.Format([deviceId]),
                AlarmTypes = SuppressionLists.Format([type]),
                StartAt = now.AddHours(-1),
                EndAt = now.AddDays(1),
                Reason = reason,
                CreatedBy = "admin",
                CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        app.Services.GetRequiredService<AlarmSuppressions>().Invalidate();
    }

    /// <summary>Runs <paramref name="query"/> with a service from a new request scope.</summary>
    public async Task<TResult> QueryAsync<TService, TResult>(Func<TService, Task<TResult>> query)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
