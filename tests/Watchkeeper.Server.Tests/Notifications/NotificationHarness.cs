using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>
/// The server on a real database and fake time, with the delivery worker off so that each test runs
/// <see cref="DeliveryProcessor.RunDueAsync"/> itself, and an administrator's API client.
/// </summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private NotificationHarness(TestDatabase database, WatchkeeperApp app, FakeTimeProvider time, HttpClient admin)
    {
        Now = time.GetUtcNow();
        _database = database;
        App = app;
        Time = time;
        Admin = admin;
    }

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public WatchkeeperApp App { get; }

    /// <summary>The fake clock's start: the real time in whole seconds, because bearer tokens are checked against the real clock.</summary>
    public DateTimeOffset Now { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Admin { get; }

    public DeliveryProcessor Processor => App.Services.GetRequiredService<DeliveryProcessor>();

    public static async Task<NotificationHarness> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null)
    {
        var start = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond)));
        var database = TestDatabase.Create(provider);
        var all = new Dictionary<string, string?> { ["Notifications:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new WatchkeeperApp(database, all, services => services.AddSingleton<TimeProvider>(time));
        return new NotificationHarness(database, app, time, await app.CreateAdminClientAsync());
    }

    /// <summary>Creates a channel through the API and returns its id.</summary>
    public async Task<long> CreateChannelAsync(string name, string kind, object settings, int rateLimitPerMinute = 60, bool enabled = true)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/notifications/channels", new { name, kind, settings, enabled, rateLimitPerMinute }, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Adds an organization, a camera and an open offline alarm; returns the alarm's id.</summary>
    public async Task<long> AddAlarmAsync(string organization = "示范园区", string deviceCode = "34020000001320000001")
    {
        var ledger = new TestLedger(App);
        var organizationId = await ledger.AddOrganizationAsync(organization);
        var deviceId = await ledger.AddDeviceAsync(deviceCode, organizationId);
        return await ledger.AddAlarmAsync(deviceId, AlarmType.Offline, Now.AddMinutes(-5));
    }

    /// <summary>Queues one message through the outbox, rendered with the channel kind's template, and returns the delivery id.</summary>
    public async Task<long> EnqueueAsync(long channelId, NotificationChannelKind kind, string address, params long[] alarmIds)
    {
        var items = await App.Services.GetRequiredService<AlarmNotificationItems>().LoadAsync(alarmIds, Cancellation);
        var message = await App.Services.GetRequiredService<INotificationTemplates>()
            .RenderAsync(kind, new AlarmNotificationModel(NotificationKind.Firing, items, "张工"), Cancellation);
        var ids = await App.Services.GetRequiredService<INotificationOutbox>()
            .EnqueueAsync([new NotificationRequest(channelId, NotificationKind.Firing, "张工", address, message, alarmIds)], Cancellation);
        return ids[0];
    }

    public async Task<NotificationDelivery> DeliveryAsync(long id)
    {
        await using var db = App.CreateDbContext();
        return await db.NotificationDeliveries.IgnoreOrganizationScope().AsNoTracking().SingleAsync(d => d.Id == id, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>A <see cref="NotificationHarness"/> per provider with the default settings, shared by the tests of a class.</summary>
public sealed class SharedNotificationHarness : SharedHarness
{
    internal Task<NotificationHarness> GetAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        GetOrStartAsync(provider, started => NotificationHarness.StartAsync(started));
}
