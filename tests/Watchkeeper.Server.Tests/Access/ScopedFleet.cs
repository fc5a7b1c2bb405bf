using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Access;

/// <summary>
/// Two sibling organizations 甲分局 (A) and 乙分局 (B) under a root, each with a camera, an alarm and a day of state
/// intervals, and engineers who belong to A, to the root, or to nothing.
/// </summary>
internal sealed class ScopedFleet
{
    public const string Password = "Scope-Test-1";
    public const string CodeA = "SCOPE-CAM-A";
    public const string CodeB = "SCOPE-CAM-B";
    public const string NameB = "乙分局";

    private ScopedFleet(WatchkeeperApp app) => App = app;

    public WatchkeeperApp App { get; }

    public long RootId { get; private set; }

    public long OrganizationA { get; private set; }

    public long OrganizationB { get; private set; }

    public long DeviceA { get; private set; }

    public long DeviceB { get; private set; }

    public long AlarmB { get; private set; }

    public static async Task<ScopedFleet> CreateAsync(WatchkeeperApp app)
    {
        var fleet = new ScopedFleet(app);
        var ledger = new TestLedger(app);
        fleet.RootId = await ledger.AddOrganizationAsync("某市公安局");
        fleet.OrganizationA = await ledger.AddOrganizationAsync("甲分局", fleet.RootId);
        fleet.OrganizationB = await ledger.AddOrganizationAsync(NameB, fleet.RootId);
        fleet.DeviceA = await ledger.AddDeviceAsync(CodeA, fleet.OrganizationA, state: HealthState.Online);
        fleet.DeviceB = await ledger.AddDeviceAsync(CodeB, fleet.OrganizationB, state: HealthState.Offline);
        await ledger.AddAlarmAsync(fleet.DeviceA, AlarmType.Offline, TestLedger.Start);
        fleet.AlarmB = await ledger.AddAlarmAsync(fleet.DeviceB, AlarmType.Offline, TestLedger.Start);
        await ledger.AddIntervalAsync(fleet.DeviceA, HealthState.Online, TestLedger.Start, null);
        await ledger.AddIntervalAsync(fleet.DeviceB, HealthState.Offline, TestLedger.Start, null);
        await using (var db = app.CreateDbContext())
        {
            var report = new TicketReport($"{CodeB} 无图像", "", 3, FaultCategory.Camera, TicketSource.Api, fleet.OrganizationB, "乙分局值班室", "");
            db.Tickets.Add(Ticket.Open(report, SlaTermsSnapshot.Empty(3), "admin", TestLedger.Start));
            db.ChangeRequests.Add(ChangeRequest.Create(new ChangeDraft(ChangeType.Minor, fleet.OrganizationB, $"{CodeB} 固件升级", "缺陷", "",
                TestLedger.Start.AddDays(1), TestLedger.Start.AddDays(1).AddHours(2), [fleet.DeviceB], []), "admin", TestLedger.Start));
            await db.SaveChangesAsync();
        }

        await fleet.AddUserAsync("engineer-a", fleet.OrganizationA);
        await fleet.AddUserAsync("engineer-root", fleet.RootId);
        await fleet.AddUserAsync("engineer-none", null);
        return fleet;
    }

    /// <summary>Returns a client with a bearer token of one of the fleet's users, or of the administrator.</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        if (userName == "admin")
        {
            return await App.CreateAdminClientAsync();
        }

        return await App.CreateClientAsAsync(userName, Password);
    }

    /// <summary>
    /// A custom role with every permission but the audit log's, so that scope, not a missing permission, decides
    /// each answer. (Administrator would see every organization.)
    /// </summary>
    public const string ScopedOperatorRole = "ScopedOperator";

    private async Task AddScopedOperatorRoleAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<ApplicationRole>>();
        if (await roles.RoleExistsAsync(ScopedOperatorRole))
        {
            return;
        }

        var role = new ApplicationRole { Name = ScopedOperatorRole };
        (await roles.CreateAsync(role)).Succeeded.ShouldBeTrue();
        foreach (var permission in Permission.All.Where(p => p.Capability != Capability.Audit))
        {
            await roles.AddClaimAsync(role, new System.Security.Claims.Claim(AccessClaims.Permission, permission.Name));
        }
    }

    private async Task AddUserAsync(string userName, long? organizationId)
    {
        await AddScopedOperatorRoleAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName };
        (await users.CreateAsync(user, Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, ScopedOperatorRole)).Succeeded.ShouldBeTrue();
        if (organizationId is { } id)
        {
            await using var db = App.CreateDbContext();
            db.UserOrganizations.Add(new UserOrganization { UserId = user.Id, OrganizationId = id });
            await db.SaveChangesAsync();
        }
    }

}

/// <summary>A server with the <see cref="ScopedFleet"/> per provider, shared by the tests of a class that only read it.</summary>
public sealed class SharedScopedFleet : SharedHarness
{
    internal async Task<(WatchkeeperApp App, ScopedFleet Fleet)> GetAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var started = await GetOrStartAsync(provider, StartAsync);
        return (started.App, started.Fleet);
    }

    private static async Task<FleetOnDatabase> StartAsync(DatabaseProvider provider)
    {
        var app = new AppOnDatabase(provider);
        return new FleetOnDatabase(app, await ScopedFleet.CreateAsync(app.App));
    }

    private sealed class FleetOnDatabase(AppOnDatabase app, ScopedFleet fleet) : IAsyncDisposable
    {
        public WatchkeeperApp App => app.App;

        public ScopedFleet Fleet => fleet;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
