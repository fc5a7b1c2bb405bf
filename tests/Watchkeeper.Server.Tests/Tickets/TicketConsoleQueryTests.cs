using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>
/// The ticket console's lookups and its live clocks, on a fake clock with the seeded default policies. Level 1 counts
/// 7×24; level 3 counts working time, Monday to Friday 09:00-18:00 China Standard Time (UTC+8).
/// </summary>
public sealed class TicketConsoleQueryTests
{
    // Friday 2026-12-11, 17:00 in China Standard Time: one working hour is left in the week.
    private static readonly DateTimeOffset s_fridayEvening = new(2026, 12, 11, 17, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task SuggestLevel_ChosenDevices_FollowsShippedCriteria(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var ledger = harness.Routing.Ledger;
        var camera = await ledger.AddDeviceAsync("CAM-01", harness.OrganizationId);
        var recorder = await ledger.AddDeviceAsync("NVR-01", harness.OrganizationId, DeviceKind.Recorder);
        var server = await ledger.AddDeviceAsync("SRV-01", harness.OrganizationId, DeviceKind.Server);
        await using var scope = harness.App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<TicketService>();

        (await service.SuggestLevelAsync([], TicketHarness.Cancellation)).ShouldBe(4);
        (await service.SuggestLevelAsync([camera], TicketHarness.Cancellation)).ShouldBe(3);
        (await service.SuggestLevelAsync([camera, recorder], TicketHarness.Cancellation)).ShouldBe(2);
        (await service.SuggestLevelAsync([camera, server], TicketHarness.Cancellation)).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Devices_OrganizationAndText_ListsSubtreeMatches(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var ledger = harness.Routing.Ledger;
        var site = await ledger.AddOrganizationAsync("东门卡口", harness.OrganizationId);
        var other = await ledger.AddOrganizationAsync("另一分局");
        var east = await ledger.AddDeviceAsync("CAM-EAST-01", site);
        var lobby = await ledger.AddDeviceAsync("CAM-LOBBY-01", harness.OrganizationId);
        await ledger.AddDeviceAsync("CAM-EAST-99", other);
        await using var scope = harness.App.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TicketConsoleQueries>();

        var all = await queries.DevicesAsync(harness.OrganizationId, null, TicketHarness.Cancellation);
        var matching = await queries.DevicesAsync(harness.OrganizationId, "EAST", TicketHarness.Cancellation);

        all.Select(d => d.Id).ShouldBe([east, lobby]);
        matching.Select(d => d.Id).ShouldBe([east]);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FindByNumber_KnownAndUnknown_ReturnsIdOrNull(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var id = await harness.OpenAsync(level: 1);
        var number = (await harness.GetAsync(id)).Number;
        await using var scope = harness.App.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TicketConsoleQueries>();

        (await queries.FindByNumberAsync($" {number} ", TicketHarness.Cancellation)).ShouldBe(id);
        (await queries.FindByNumberAsync("GD-20000101-000001", TicketHarness.Cancellation)).ShouldBeNull();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task LiveClock_AroundTheClock_MatchesServerAfterward(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var id = await harness.OpenAsync(level: 1);
        var live = await LiveClockAsync(harness, id, SlaClockKind.Response);
        live.Calendar.ShouldBeNull();

        harness.Time.Advance(TimeSpan.FromSeconds(90));
        var now = harness.Time.GetUtcNow();
        var server = (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Response);

        live.Elapsed(now).ShouldBe(TimeSpan.FromSeconds(90));
        ((long)live.Elapsed(now).TotalSeconds).ShouldBe(server.ElapsedSeconds);
        live.Remaining(now).ShouldBe(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(90));
        live.State(now).ShouldBe(SlaClockState.Running);
        live.State(now + TimeSpan.FromMinutes(14)).ShouldBe(SlaClockState.Breached);
        live.Remaining(now + TimeSpan.FromMinutes(14)).ShouldBe(TimeSpan.FromSeconds(-30));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task LiveClock_BusinessHours_CountsOnlyWorkingTime(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var id = await harness.OpenAsync(level: 3);
        var live = await LiveClockAsync(harness, id, SlaClockKind.Response);
        live.Calendar.ShouldNotBeNull();

        // Friday 17:00 to 20:00: only 17:00-18:00 is working time.
        harness.Time.Advance(TimeSpan.FromHours(3));
        var now = harness.Time.GetUtcNow();
        var server = (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Response);

        live.Elapsed(now).ShouldBe(TimeSpan.FromHours(1));
        ((long)live.Elapsed(now).TotalSeconds).ShouldBe(server.ElapsedSeconds);
        live.Remaining(now).ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task LiveClock_TicketPaused_CountsPausedTimeOnly(DatabaseProvider provider)
    {
        await using var harness = await TicketHarness.StartAsync(provider, s_fridayEvening);
        var id = await harness.OpenAsync(level: 1);
        await harness.ActAsync(id, new TicketTransitionInput("assign", AssigneeUserId: harness.EngineerId));
        await harness.ActAsync(id, new TicketTransitionInput("accept"));
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.ActAsync(id, new TicketTransitionInput("pause", PauseReason: "WaitingForParts"));
        var live = await LiveClockAsync(harness, id, SlaClockKind.Restoration);

        harness.Time.Advance(TimeSpan.FromSeconds(45));
        var now = harness.Time.GetUtcNow();
        var server = (await harness.GetAsync(id)).Clocks.Single(c => c.Kind == SlaClockKind.Restoration);

        live.IsPaused.ShouldBeTrue();
        live.Elapsed(now).ShouldBe(TimeSpan.FromMinutes(5));
        live.Paused(now).ShouldBe(TimeSpan.FromSeconds(45));
        ((long)live.Paused(now).TotalSeconds).ShouldBe(server.PausedSeconds);
        ((long)live.Elapsed(now).TotalSeconds).ShouldBe(server.ElapsedSeconds);
    }

    [Fact]
    public void Format_PositiveAndNegative_ShowsHoursMinutesSeconds()
    {
        TicketLiveClock.Format(TimeSpan.FromSeconds(93_913)).ShouldBe("26:05:13");
        TicketLiveClock.Format(TimeSpan.FromSeconds(-65)).ShouldBe("-0:01:05");
        TicketLiveClock.Format(TimeSpan.Zero).ShouldBe("0:00:00");
    }

    private static async Task<TicketLiveClock> LiveClockAsync(TicketHarness harness, long id, SlaClockKind kind)
    {
        var view = await harness.GetAsync(id);
        await using var scope = harness.App.Services.CreateAsyncScope();
        var calendars = await scope.ServiceProvider.GetRequiredService<TicketConsoleQueries>().CalendarsAsync(id, TicketHarness.Cancellation);
        return new TicketLiveClock(view.Clocks.Single(c => c.Kind == kind), harness.Time.GetUtcNow(), view.State == TicketState.Paused,
            calendars.GetValueOrDefault(kind));
    }
}
