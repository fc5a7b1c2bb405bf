using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tests.Notifications;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>
/// The server on a real database and a fake clock with the ticket clock worker and the ticketing rule worker off: tests
/// raise alarms, move the clock and run the rule worker one pass at a time. An organization has a switch with two
/// cameras below it.
/// </summary>
internal sealed class TicketAutomationHarness : IAsyncDisposable
{
    private TicketAutomationHarness(RoutingHarness routing)
    {
        Routing = routing;
    }

    public RoutingHarness Routing { get; }

    public FakeTimeProvider Time => Routing.Time;

    public WatchkeeperApp App => Routing.App;

    public long OrganizationId { get; private set; }

    public long SwitchId { get; private set; }

    public IReadOnlyList<long> CameraIds { get; private set; } = [];

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<TicketAutomationHarness> StartAsync(DatabaseProvider provider, DateTimeOffset start)
    {
        var routing = await RoutingHarness.StartAsync(provider, start, services =>
        {
            services.Configure<TicketOptions>(o => o.ClockWorkerEnabled = false);
            services.Configure<TicketRuleOptions>(o => o.WorkerEnabled = false);

            // The tests flag alarms as suppressed by hand; the suppression worker would clear flags no window or silence backs.
            services.Configure<AlarmSuppressionOptions>(o => o.Enabled = false);
        });
        var harness = new TicketAutomationHarness(routing);
        harness.OrganizationId = await routing.Ledger.AddOrganizationAsync("某派出所");
        harness.SwitchId = await routing.AddDeviceAsync("SW-0001", harness.OrganizationId, DeviceKind.Switch);
        harness.CameraIds =
        [
            await routing.AddDeviceAsync("CAM-0001", harness.OrganizationId, DeviceKind.Camera, harness.SwitchId),
            await routing.AddDeviceAsync("CAM-0002", harness.OrganizationId, DeviceKind.Camera, harness.SwitchId),
            await routing.AddDeviceAsync("CAM-0003", harness.OrganizationId, DeviceKind.Camera, harness.SwitchId),
        ];
        return harness;
    }

    public async Task<long> AddRuleAsync(TicketRuleInput input)
    {
        await using var scope = App.Services.CreateAsyncScope();
        using var system = OrganizationScope.BeginSystemWork();
        var created = await scope.ServiceProvider.GetRequiredService<TicketRuleService>().CreateAsync(input, Cancellation);
        created.IsSuccess.ShouldBeTrue(created.IsSuccess ? "" : created.Errors[0].Message);
        return created.Value.Id;
    }

    /// <summary>A rule for offline switches and cameras of the organization, Major and above, with <paramref name="delayMinutes"/>.</summary>
    public Task<long> AddOfflineRuleAsync(int delayMinutes, bool autoAssign = false, int? faultLevel = null) => AddRuleAsync(new TicketRuleInput(
        "交换机离线开单", true, OrganizationId, ["Switch", "Camera"], ["Offline"], "Major", delayMinutes, "Network", faultLevel, autoAssign));

    public Task<long> OpenAlarmAsync(long deviceId, AlarmType type = AlarmType.Offline, long? causedByDeviceId = null, Action<Alarm>? change = null) =>
        Routing.OpenAlarmAsync(deviceId, type, causedByDeviceId, change);

    public Task ChangeAlarmAsync(long alarmId, Action<Alarm> change) => Routing.ChangeAlarmAsync(alarmId, change);

    public Task<TicketRuleRun> RunRulesAsync() => App.Services.GetRequiredService<TicketRuleWorker>().RunOnceAsync(Cancellation);

    public async Task<TicketRuleRun> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await RunRulesAsync();
    }

    public async Task<List<Ticket>> TicketsAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.Tickets.AsNoTracking().Include(t => t.Activities).OrderBy(t => t.Id).ToListAsync(Cancellation);
    }

    public async Task<List<long>> AlarmIdsAsync(long ticketId)
    {
        await using var db = App.CreateDbContext();
        return await db.TicketAlarms.Where(x => x.TicketId == ticketId).Select(x => x.AlarmId).OrderBy(x => x).ToListAsync(Cancellation);
    }

    public async Task<List<long>> DeviceIdsAsync(long ticketId)
    {
        await using var db = App.CreateDbContext();
        return await db.TicketDevices.Where(x => x.TicketId == ticketId).Select(x => x.DeviceId).OrderBy(x => x).ToListAsync(Cancellation);
    }

    /// <summary>Opens a ticket through the service as the administrator, as the service desk does.</summary>
    public async Task<long> OpenTicketAsync(int level, string category = "Camera", long? organizationId = null, IReadOnlyList<long>? deviceIds = null,
        IReadOnlyList<long>? alarmIds = null)
    {
        var result = await WithServiceAsync((service, admin) => service.CreateAsync(
            new TicketCreateInput("大厅摄像机黑屏", "值班员来电", level, category, organizationId ?? OrganizationId, deviceIds, RequesterName: "张伟",
                RequesterContact: "13800000000", AlarmIds: alarmIds),
            TicketSource.ServiceDesk, admin, Cancellation));
        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.Errors[0].Message);
        return result.Value;
    }

    public async Task ActAsync(long ticketId, TicketTransitionInput input)
    {
        var result = await WithServiceAsync((service, admin) => service.TransitionAsync(ticketId, input, admin, Cancellation));
        result.IsSuccess.ShouldBeTrue(result.Error?.Message);
    }

    public async Task SetSkillsAsync(string userId, params string[] categories)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketWorkloadQueries>().SetSkillsAsync(userId, new EngineerSkillsInput(categories), Cancellation);
        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.Errors[0].Message);
    }

    public async Task<List<TicketActivity>> ActivitiesAsync(long ticketId, params TicketAction[] actions)
    {
        await using var db = App.CreateDbContext();
        return await db.TicketActivities.AsNoTracking().Where(a => a.TicketId == ticketId && actions.Contains(a.Action))
            .OrderBy(a => a.Id).ToListAsync(Cancellation);
    }

    public async ValueTask DisposeAsync() => await Routing.DisposeAsync();

    private async Task<T> WithServiceAsync<T>(Func<TicketService, UserAccess, Task<T>> act)
    {
        await using var scope = App.Services.CreateAsyncScope();
        string adminId;
        await using (var db = App.CreateDbContext())
        {
            adminId = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync(Cancellation);
        }

        var admin = await scope.ServiceProvider.GetRequiredService<UserAccessService>().GetAsync(adminId, Cancellation);
        using var unrestricted = OrganizationScope.BeginSystemWork();
        return await act(scope.ServiceProvider.GetRequiredService<TicketService>(), admin);
    }
}
