using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>
/// The server on a real database and a fake clock, with the dispatcher's background loop off: tests arrange rules,
/// channels, users and alarms in the database, move the clock and run one dispatcher pass at a time. Messages land in
/// the delivery log through the outbox registered in the server.
/// </summary>
internal sealed class RoutingHarness : IAsyncDisposable
{
    private readonly Action<IServiceCollection>? _configure;

    private RoutingHarness(TestDatabase database, FakeTimeProvider time, Action<IServiceCollection>? configure)
    {
        Database = database;
        Time = time;
        _configure = configure;
        App = CreateApp();
        Ledger = new TestLedger(App);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; private set; }

    public WatchkeeperApp App { get; private set; }

    public TestLedger Ledger { get; private set; }

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<RoutingHarness> StartAsync(DatabaseProvider provider, DateTimeOffset start, Action<IServiceCollection>? configure = null)
    {
        var harness = new RoutingHarness(TestDatabase.Create(provider), new FakeTimeProvider(start.ToUniversalTime()), configure);
        _ = harness.App.Services; // builds the host and migrates the database
        await Task.CompletedTask;
        return harness;
    }

    /// <summary>Stops the server and starts a new one on the same database with a new clock, as a restart does.</summary>
    public async Task RestartAsync(DateTimeOffset now)
    {
        await App.DisposeAsync();
        Time = new FakeTimeProvider(now.ToUniversalTime());
        App = CreateApp();
        Ledger = new TestLedger(App);
    }

    public Task<DispatchCounts> RunAsync() => App.Services.GetRequiredService<NotificationDispatcher>().RunOnceAsync(Cancellation);

    /// <summary>Moves the clock and runs one dispatcher pass.</summary>
    public async Task<DispatchCounts> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await RunAsync();
    }

    public async Task<NotificationChannel> AddChannelAsync(string name, NotificationChannelKind kind)
    {
        await using var db = App.CreateDbContext();
        var channel = new NotificationChannel { Name = name, Kind = kind, CreatedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow() };
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync(Cancellation);
        return channel;
    }

    public async Task<string> AddUserAsync(string userName, string? email = null, string? mobile = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName, Email = email, PhoneNumber = mobile, CreatedAt = Time.GetUtcNow() };
        (await users.CreateAsync(user, "Routing-User-1")).Succeeded.ShouldBeTrue();
        return user.Id;
    }

    public async Task<NotificationRule> AddRuleAsync(string name, IReadOnlyList<long> channelIds, Action<NotificationRule>? configure = null)
    {
        await using var db = App.CreateDbContext();
        var rule = new NotificationRule
        {
            Name = name,
            ChannelIds = [.. channelIds],
            GroupWaitSeconds = 30,
            GroupIntervalSeconds = 300,
            RepeatIntervalSeconds = 3600,
            Position = await db.NotificationRules.CountAsync(Cancellation) * 10,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        };
        configure?.Invoke(rule);
        db.NotificationRules.Add(rule);
        await db.SaveChangesAsync(Cancellation);
        return rule;
    }

    public async Task<long> AddPolicyAsync(string name, IReadOnlyList<Core.Notifications.EscalationStep> steps, bool useWorkingTime = false)
    {
        await using var db = App.CreateDbContext();
        var policy = new EscalationPolicy { Name = name, Steps = [.. steps], UseWorkingTime = useWorkingTime, CreatedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow() };
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(Cancellation);
        return policy.Id;
    }

    public async Task<long> AddDeviceAsync(string code, long organizationId, DeviceKind kind = DeviceKind.Camera, long? parentId = null) =>
        await Ledger.AddDeviceAsync(code, organizationId, kind, parentId);

    public async Task<long> OpenAlarmAsync(long deviceId, AlarmType type = AlarmType.Offline, long? causedByDeviceId = null, Action<Alarm>? change = null)
    {
        await using var db = App.CreateDbContext();
        var alarm = Alarm.Open(deviceId, type, "", "test fault", Time.GetUtcNow(), causedByDeviceId: causedByDeviceId);
        change?.Invoke(alarm);
        db.Alarms.Add(alarm);
        await db.SaveChangesAsync(Cancellation);
        return alarm.Id;
    }

    public async Task ChangeAlarmAsync(long alarmId, Action<Alarm> change)
    {
        await using var db = App.CreateDbContext();
        var alarm = await db.Alarms.SingleAsync(a => a.Id == alarmId, Cancellation);
        change(alarm);
        await db.SaveChangesAsync(Cancellation);
    }

    public async Task<Alarm> AlarmAsync(long alarmId)
    {
        await using var db = App.CreateDbContext();
        return await db.Alarms.Include(a => a.Activities).AsNoTracking().SingleAsync(a => a.Id == alarmId, Cancellation);
    }

    public async Task<List<NotificationDelivery>> DeliveriesAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.NotificationDeliveries.Include(d => d.Alarms).AsNoTracking().OrderBy(d => d.Id).ToListAsync(Cancellation);
    }

    /// <summary>Puts users on one shift of a new team of the organization, from now for a day.</summary>
    public async Task AddShiftAsync(long organizationId, string leaderUserId, params string[] userIds)
    {
        await using var db = App.CreateDbContext();
        var team = new DutyTeam { Name = "值班一组", OrganizationId = organizationId, LeaderUserId = leaderUserId, CreatedAt = Time.GetUtcNow() };
        team.Members.AddRange(userIds.Append(leaderUserId).Distinct().Select(id => new DutyTeamMember { UserId = id }));
        db.DutyTeams.Add(team);
        await db.SaveChangesAsync(Cancellation);

        var start = Time.GetUtcNow().AddHours(-1);
        var shift = new DutyShift
        {
            TeamId = team.Id,
            Date = DateOnly.FromDateTime(start.UtcDateTime),
            Name = "白班",
            StartAt = start,
            EndAt = start.AddDays(1),
            LeaderUserId = leaderUserId,
            CreatedAt = Time.GetUtcNow(),
        };
        shift.Assignees.AddRange(userIds.Append(leaderUserId).Distinct().Select(id => new DutyShiftAssignee { UserId = id }));
        db.DutyShifts.Add(shift);
        await db.SaveChangesAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Database.Dispose();
    }

    private WatchkeeperApp CreateApp() => new(Database, configureServices: services =>
    {
        services.AddSingleton<TimeProvider>(Time);
        _configure?.Invoke(services);
    });
}
