using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// The server on a real database and a fake clock that starts at the current whole minute, with a city, a police
/// station under it holding a recorder with two channels, a campus camera outside the change, and one user per role of
/// the change workflow, each with an e-mail address and the station or the city in scope.
/// </summary>
internal sealed class ChangeHarness : IAsyncDisposable
{
    private ChangeHarness(WatchkeeperApp app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
    }

    public WatchkeeperApp App { get; }

    public FakeTimeProvider Time { get; }

    public long City { get; private set; }

    public long Station { get; private set; }

    public long Campus { get; private set; }

    public long Recorder { get; private set; }

    public long Channel1 { get; private set; }

    public long Channel2 { get; private set; }

    public long CampusCamera { get; private set; }

    public Dictionary<string, string> UserIds { get; } = [];

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ChangeHarness> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null)
    {
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>
        {
            ["Notifications:Enabled"] = "false",
            ["Alarms:Suppression:Enabled"] = "false",
            ["Alarms:Suppression:SafetyIntervalSeconds"] = "86400",

            // The clock moves days ahead within a test; tokens signed at the start stay valid.
            ["Jwt:TokenLifetimeMinutes"] = "14400",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new WatchkeeperApp(TestDatabase.Create(provider), all, services => services.AddSingleton<TimeProvider>(time));
        var harness = new ChangeHarness(app, time);
        await harness.ArrangeAsync();
        return harness;
    }

    public Task<HttpClient> ClientAsync(string role) => App.CreateClientAsAsync(role);

    public static async Task<JsonElement> SendAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    public static Task<JsonElement> ActAsync(HttpClient client, long id, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, $"/api/v1/changes/{id}/transitions", body, expected);

    public async Task<long> OpenAlarmAsync(long deviceId, AlarmType type = AlarmType.Offline)
    {
        await using var db = App.CreateDbContext();
        var alarm = Alarm.Open(deviceId, type, "", "test fault", Time.GetUtcNow());
        db.Alarms.Add(alarm);
        await db.SaveChangesAsync(Cancellation);
        return alarm.Id;
    }

    public async Task<Alarm> AlarmAsync(long id)
    {
        await using var db = App.CreateDbContext();
        return await db.Alarms.AsNoTracking().SingleAsync(a => a.Id == id, Cancellation);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    private async Task ArrangeAsync()
    {
        var ledger = new TestLedger(App);
        City = await ledger.AddOrganizationAsync("某市公安局");
        Station = await ledger.AddOrganizationAsync("城关派出所", City);
        Campus = await ledger.AddOrganizationAsync("某大学");
        Recorder = await ledger.AddDeviceAsync("NVR-03", Station, DeviceKind.Recorder);
        Channel1 = await ledger.AddDeviceAsync("CAM-0301", Station, DeviceKind.Camera, Recorder);
        Channel2 = await ledger.AddDeviceAsync("CAM-0302", Station, DeviceKind.Camera, Recorder);
        CampusCamera = await ledger.AddDeviceAsync("CAM-9001", Campus);

        (string Name, string Role, long Organization)[] users =
        [
            ("vendor", BuiltInRoles.Engineer, Station), ("tmu", BuiltInRoles.TechnicalManagementUnit, City),
            ("business", BuiltInRoles.BusinessDepartment, Station), ("leader", BuiltInRoles.Leadership, City),
            ("lead", BuiltInRoles.TeamLead, City), ("manager", BuiltInRoles.ProjectManager, City), ("deputy", BuiltInRoles.Viewer, City),
        ];
        foreach (var (name, role, organization) in users)
        {
            UserIds[name] = await App.AddUserAsync(name, [role], [organization]);
        }

        await using var db = App.CreateDbContext();
        foreach (var user in await db.Users.Where(u => UserIds.Values.Contains(u.Id)).ToListAsync(Cancellation))
        {
            user.Email = $"{user.UserName}@example.com";
        }

        await db.SaveChangesAsync(Cancellation);
    }
}
