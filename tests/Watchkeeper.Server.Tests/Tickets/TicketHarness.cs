using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.ServiceContracts;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tests.Notifications;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>
/// The server on a real database and a fake clock with the clock worker's loop off: tests open and move tickets through
/// the service as a user would, move the clock, and run the worker one pass at a time.
/// </summary>
internal sealed class TicketHarness : IAsyncDisposable
{
    private TicketHarness(RoutingHarness routing)
    {
        Routing = routing;
    }

    public RoutingHarness Routing { get; }

    public FakeTimeProvider Time => Routing.Time;

    public WatchkeeperApp App => Routing.App;

    public long OrganizationId { get; private set; }

    public string EngineerId { get; private set; } = "";

    public string LeaderId { get; private set; } = "";

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts the server with an organization, an engineer and a shift leader on duty (both with e-mail), and an e-mail
    /// channel, so that escalations reach someone.
    /// </summary>
    public static async Task<TicketHarness> StartAsync(DatabaseProvider provider, DateTimeOffset start)
    {
        var routing = await RoutingHarness.StartAsync(provider, start, services =>
            services.Configure<TicketOptions>(o => o.ClockWorkerEnabled = false));
        var harness = new TicketHarness(routing);
        await harness.ArrangeAsync();
        return harness;
    }

    /// <summary>Stops the server and starts a new one on the same database, with the clock at <paramref name="now"/>.</summary>
    public Task RestartAsync(DateTimeOffset now) => Routing.RestartAsync(now);

    public async Task<long> OpenAsync(int level, string title = "大厅摄像机黑屏")
    {
        var result = await WithServiceAsync((service, admin) => service.CreateAsync(
            new TicketCreateInput(title, "值班员来电", level, "Camera", OrganizationId, RequesterName: "张伟", RequesterContact: "13800000000"),
            TicketSource.ServiceDesk, admin, Cancellation));
        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.Errors[0].Message);
        return result.Value;
    }

    /// <summary>Applies a workflow action as the administrator and fails the test when it is rejected.</summary>
    public async Task ActAsync(long ticketId, TicketTransitionInput input)
    {
        var result = await WithServiceAsync((service, admin) => service.TransitionAsync(ticketId, input, admin, Cancellation));
        result.IsSuccess.ShouldBeTrue(result.Error?.Message);
    }

    public Task<int> RunWorkerAsync() => App.Services.GetRequiredService<TicketClockWorker>().RunOnceAsync(Cancellation);

    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await RunWorkerAsync();
    }

    public async Task<TicketView> GetAsync(long ticketId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketQueries>().GetAsync(ticketId, Cancellation))!;
    }

    public async Task<List<TicketActivity>> ActivitiesAsync(long ticketId, params TicketAction[] actions)
    {
        await using var db = App.CreateDbContext();
        return await db.TicketActivities.AsNoTracking().Where(a => a.TicketId == ticketId && actions.Contains(a.Action))
            .OrderBy(a => a.Id).ToListAsync(Cancellation);
    }

    public async Task<List<NotificationDelivery>> TicketDeliveriesAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().Where(d => d.Kind == NotificationKind.Ticket).OrderBy(d => d.Id).ToListAsync(Cancellation);
    }

    /// <summary>Gives the default calendar (Monday to Friday 09:00-18:00, Shanghai) holidays and make-up working days.</summary>
    public async Task SetHolidaysAsync(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpDays)
    {
        await using var db = App.CreateDbContext();
        var calendar = await db.BusinessCalendars.SingleAsync(c => c.Id == CalendarDefinition.DefaultId, Cancellation);
        calendar.Holidays = [.. holidays];
        calendar.MakeUpWorkingDays = [.. makeUpDays];
        await db.SaveChangesAsync(Cancellation);
    }

    /// <summary>Sets one target of a default policy through the policy service, as the console's policy editor does.</summary>
    public async Task EditDefaultPolicyAsync(int faultLevel, SlaClockKind clock, int minutes)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var policies = scope.ServiceProvider.GetRequiredService<SlaPolicyService>();
        var policy = (await policies.ListSharedAsync(Cancellation)).Single(p => p.Kind == SlaPolicyKind.Default && p.FaultLevel == faultLevel);
        var input = new SlaPolicyInput(
            [.. policy.Targets.Select(t => new SlaTargetInput(t.Clock.ToString(), t.Clock == clock ? minutes : t.Minutes, t.CalendarId))],
            policy.WarningPercents, policy.WarningNotify, policy.BreachNotify,
            [.. policy.Steps.Select(s => new SlaStepInput(s.Id, s.Clock.ToString(), s.Percent, s.AfterMinutes, s.Notify, s.RaiseLevel))],
            policy.Unassigned is { } unassigned ? new SlaTimerInput(unassigned.Minutes, unassigned.CalendarId, unassigned.Notify) : null,
            policy.Unaccepted is { } unaccepted ? new SlaTimerInput(unaccepted.Minutes, unaccepted.CalendarId, unaccepted.Notify) : null);
        var result = await policies.UpdateAsync(policy.Id, input, Cancellation);
        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.Errors[0].Message);
    }

    public async ValueTask DisposeAsync() => await Routing.DisposeAsync();

    private async Task ArrangeAsync()
    {
        OrganizationId = await Routing.Ledger.AddOrganizationAsync("某派出所");
        EngineerId = await Routing.AddUserAsync("li.engineer", "li@example.com");
        LeaderId = await Routing.AddUserAsync("wang.lead", "wang@example.com");
        await Routing.AddChannelAsync("运维邮箱", NotificationChannelKind.Email);

        // The shift lasts a day from an hour ago; tests that run longer keep the leader on duty with a long shift.
        await using var db = App.CreateDbContext();
        await Routing.AddShiftAsync(OrganizationId, LeaderId, EngineerId);
        var shift = await db.DutyShifts.SingleAsync(Cancellation);
        shift.EndAt = shift.StartAt.AddDays(60);
        await db.SaveChangesAsync(Cancellation);
    }

    private async Task<T> WithServiceAsync<T>(Func<TicketService, UserAccess, Task<T>> act)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserAccessService>().GetAsync(await AdminIdAsync(), Cancellation);
        using var unrestricted = OrganizationScope.BeginSystemWork();
        return await act(scope.ServiceProvider.GetRequiredService<TicketService>(), admin);
    }

    private async Task<string> AdminIdAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync(Cancellation);
    }
}
