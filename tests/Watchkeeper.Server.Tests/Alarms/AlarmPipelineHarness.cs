using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

/// <summary>
/// The whole server on a real database and on fake time, with probing off: tests write probe rounds straight into the
/// monitoring queue, so the real health processor, alarm rules and correlation run on exactly the rounds a test chooses.
/// </summary>
internal sealed class AlarmPipelineHarness : IAsyncDisposable
{
    private AlarmPipelineHarness(TestDatabase database, WatchkeeperApp app, FakeTimeProvider time)
    {
        Database = database;
        App = app;
        Time = time;
        Ledger = new TestLedger(app);
    }

    public TestDatabase Database { get; }

    public WatchkeeperApp App { get; }

    public FakeTimeProvider Time { get; }

    public TestLedger Ledger { get; }

    public static async Task<AlarmPipelineHarness> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null)
    {
        var database = TestDatabase.Create(provider);

        // Real time to the millisecond, so that sign-in tokens stay valid; the tests move it on by hand.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var all = new Dictionary<string, string?>
        {
            ["Monitoring:OfflineAfterFailedRounds"] = "1",
            ["Monitoring:FlushIntervalMilliseconds"] = "10",

            // The tests run the alarm timer themselves.
            ["Alarms:TimerIntervalSeconds"] = "86400",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new WatchkeeperApp(database, all, services => services.AddSingleton<TimeProvider>(time));
        _ = app.Services;
        return new AlarmPipelineHarness(database, app, time);
    }

    public async Task<long> AddOrganizationAsync(string name, long? parentId = null) => await Ledger.AddOrganizationAsync(name, parentId);

    /// <summary>Adds devices to the ledger and reloads the monitoring directory, as a ledger change does.</summary>
    public async Task<List<long>> AddDevicesAsync(string codePrefix, int count, long organizationId, DeviceKind kind = DeviceKind.Camera, long? parentId = null)
    {
        var ids = new List<long>();
        for (var i = 1; i <= count; i++)
        {
            ids.Add(await Ledger.AddDeviceAsync($"{codePrefix}-{i:D2}", organizationId, kind, parentId));
        }

        await App.Services.GetRequiredService<DeviceDirectory>().LoadAllAsync(TestContext.Current.CancellationToken);
        return ids;
    }

    /// <summary>Sends one round per device in which every probe fails, and waits until the health processor wrote them.</summary>
    public Task DownAsync(params long[] deviceIds) =>
        RoundsAsync(deviceIds, () => [ProbeOutcome.Unreachable(ProbeKind.Http, ProbeReason.ConnectionRefused, "connection refused")]);

    /// <summary>Sends one round per device in which the HTTP probe reaches the device and reports the findings given.</summary>
    public Task UpAsync(long[] deviceIds, params Finding[] findings) =>
        RoundsAsync(deviceIds, () => [ProbeOutcome.Reachable(ProbeKind.Http, TimeSpan.FromMilliseconds(5), "ok", findings)]);

    public Task UpAsync(params long[] deviceIds) => UpAsync(deviceIds, []);

    public async Task<List<Alarm>> AlarmsOfAsync(long deviceId)
    {
        await using var db = App.CreateDbContext();
        return await db.Alarms.Include(a => a.Activities).Where(a => a.DeviceId == deviceId).OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<Alarm> SingleAlarmOfAsync(long deviceId) => (await AlarmsOfAsync(deviceId)).ShouldHaveSingleItem();

    public async Task<List<AlarmIncident>> IncidentsAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.AlarmIncidents.OrderBy(i => i.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Changes a stored alarm through <paramref name="change"/> and saves it, as an operator action does.</summary>
    public async Task ChangeAlarmAsync(long alarmId, Action<Alarm> change)
    {
        await using var db = App.CreateDbContext();
        var alarm = await db.Alarms.Include(a => a.Activities).SingleAsync(a => a.Id == alarmId, TestContext.Current.CancellationToken);
        change(alarm);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public Task<int> RunAlarmTimerAsync() => App.Services.GetRequiredService<AlarmTimer>().RunOnceAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Database.Dispose();
    }

    private async Task RoundsAsync(long[] deviceIds, Func<IReadOnlyList<ProbeOutcome>> outcomes)
    {
        var completed = Time.GetUtcNow();
        var queue = App.Services.GetRequiredService<MonitoringQueue>();
        foreach (var id in deviceIds)
        {
            await queue.WriteAsync(new ProbeRound(id, completed.AddMilliseconds(-200), completed, outcomes()), TestContext.Current.CancellationToken);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = App.CreateDbContext())
            {
                var written = await db.DeviceHealth.CountAsync(h => deviceIds.Contains(h.DeviceId) && h.LastRoundAt == completed, TestContext.Current.CancellationToken);
                if (written == deviceIds.Length)
                {
                    break;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The health processor did not write the rounds of {deviceIds.Length} devices within 30 s.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        // The next rounds get a later time, as real rounds do.
        Time.Advance(TimeSpan.FromSeconds(1));
    }
}
