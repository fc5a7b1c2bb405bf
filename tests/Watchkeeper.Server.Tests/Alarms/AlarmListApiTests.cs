using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

/// <summary>
/// The filters of <c>GET /api/v1/alarms</c> over a fixed set of alarms, one per state and flag. The validation cases
/// share one server, because starting one costs seconds and a rejected request writes nothing.
/// </summary>
public sealed class AlarmListApiTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task List_EachFilter_KeepsMatchingAlarms(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var fleet = await Fleet.CreateAsync(app);
        using var client = await app.CreateAdminClientAsync();

        async Task<long[]> Ids(string query)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?{query}", Token);
            return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Order().ToArray();
        }

        (await Ids("")).ShouldBe([fleet.ChildOffline, fleet.RecorderOffline, fleet.ClockAcknowledged]);
        (await Ids("state=open")).ShouldBe([fleet.ChildOffline, fleet.RecorderOffline, fleet.ClockAcknowledged]);
        (await Ids("state=acknowledged")).ShouldBe([fleet.ClockAcknowledged]);
        (await Ids("state=resolved")).ShouldBe([fleet.VideoLossResolved]);
        (await Ids("state=closed")).ShouldBe([fleet.DiskClosed]);
        (await Ids("state=all")).Length.ShouldBe(5);
        (await Ids("state=all&severity=Critical")).ShouldBe([fleet.RecorderOffline]);
        (await Ids("state=all&severity=Critical&severity=warning")).ShouldBe([fleet.RecorderOffline, fleet.ClockAcknowledged]);
        (await Ids("state=all&type=Offline,VideoLoss")).ShouldBe([fleet.ChildOffline, fleet.RecorderOffline, fleet.VideoLossResolved]);
        (await Ids($"state=all&organizationId={fleet.City}")).ShouldBe([fleet.ChildOffline, fleet.RecorderOffline, fleet.VideoLossResolved]);
        (await Ids($"state=all&deviceId={fleet.OtherCamera}")).ShouldBe([fleet.ClockAcknowledged, fleet.DiskClosed]);
        (await Ids("state=all&deviceKind=Recorder")).ShouldBe([fleet.RecorderOffline]);
        (await Ids("state=all&suppressed=true")).ShouldBe([fleet.ChildOffline]);
        (await Ids("state=all&suppressed=false")).Length.ShouldBe(4);
        (await Ids("state=all&flapping=true")).ShouldBe([fleet.RecorderOffline]);
        (await Ids($"state=all&incidentId={fleet.Incident}")).ShouldBe([fleet.RecorderOffline]);
        (await Ids($"state=all&causedByDeviceId={fleet.Recorder}")).ShouldBe([fleet.ChildOffline]);
        (await Ids("state=all&from=2026-11-02T09:30:00Z&to=2026-11-02T11:30:00Z")).ShouldBe([fleet.ClockAcknowledged, fleet.VideoLossResolved]);
        (await Ids("state=all&q=东门")).ShouldBe([fleet.ChildOffline, fleet.VideoLossResolved]);
        (await Ids("state=all&q=cam-b")).ShouldBe([fleet.ClockAcknowledged, fleet.DiskClosed]);
    }

    [Theory]
    [InlineData("state=bogus", "state", "bogus")]
    [InlineData("severity=Fatal", "severity", "Fatal")]
    [InlineData("type=Offline&type=Nope", "type", "Nope")]
    [InlineData("deviceKind=Toaster", "deviceKind", "Toaster")]
    [InlineData("suppressed=maybe", "suppressed", "maybe")]
    [InlineData("flapping=1", "flapping", "1")]
    [InlineData("from=yesterday", "from", "yesterday")]
    [InlineData("organizationId=abc", "organizationId", "abc")]
    [InlineData("incidentId=1.5", "incidentId", "1.5")]
    [InlineData("state=1", "state", "1")]
    [InlineData("pageSize=0", "pageSize", "pageSize 0")]
    [InlineData("from=2026-11-02T10:00:00Z&to=2026-11-02T09:00:00Z", "from", "2026-11-02 10:00:00Z")]
    public async Task List_InvalidValue_Returns400NamingIt(string query, string field, string value)
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var response = await client.GetAsync($"/api/v1/alarms?{query}", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(value);
    }

    /// <summary>
    /// Five alarms. A camera's Offline alarm is attributed to its offline recorder, whose own Offline alarm is critical,
    /// flapping and in an incident. A camera elsewhere has an acknowledged clock alarm and a closed disk alarm, and the
    /// first camera a resolved video-loss alarm. Last sightings are an hour apart from <see cref="Start"/>.
    /// </summary>
    private sealed record Fleet(long City, long Recorder, long OtherCamera, long Incident,
        long ChildOffline, long RecorderOffline, long ClockAcknowledged, long VideoLossResolved, long DiskClosed)
    {
        public static async Task<Fleet> CreateAsync(WatchkeeperApp app)
        {
            var ledger = new TestLedger(app);
            var city = await ledger.AddOrganizationAsync("某市公安局");
            var station = await ledger.AddOrganizationAsync("某派出所", city);
            var other = await ledger.AddOrganizationAsync("另一单位");
            var recorder = await ledger.AddDeviceAsync("NVR-1", city, DeviceKind.Recorder);
            var cameraA = await ledger.AddDeviceAsync("CAM-A", station, parentId: recorder);
            var cameraB = await ledger.AddDeviceAsync("CAM-B", other);
            await using var db = app.CreateDbContext();
            var device = await db.Devices.FindAsync([cameraA], Token);
            device!.Name = "东门摄像机";

            var incident = new AlarmIncident { Kind = AlarmIncidentKind.Manual, OrganizationId = city, Title = "test", OpenedAt = Start, AlarmCount = 1 };
            db.AlarmIncidents.Add(incident);
            await db.SaveChangesAsync(Token);

            var childOffline = Alarm.Open(cameraA, AlarmType.Offline, "", "down", Start, causedByDeviceId: recorder);
            var recorderOffline = Alarm.Open(recorder, AlarmType.Offline, "", "down", Start.AddHours(1));
            recorderOffline.ChangeSeverity(AlarmSeverity.Critical, Start.AddHours(1), "test rule");
            recorderOffline.StartFlapping(Start.AddHours(1), "test");
            recorderOffline.JoinIncident(incident.Id, Start.AddHours(1), "test");
            var clock = Alarm.Open(cameraB, AlarmType.ClockSkew, "", "skew", Start.AddHours(2));
            clock.Acknowledge("engineer", Start.AddHours(2));
            var videoLoss = Alarm.Open(cameraA, AlarmType.VideoLoss, "1", "lost", Start.AddHours(3));
            videoLoss.Resolve(Start.AddHours(3), "back");
            var disk = Alarm.Open(cameraB, AlarmType.DiskFull, "HDD 1", "full", Start.AddHours(4));
            disk.Close("engineer", Start.AddHours(4), "disk replaced next week");
            db.Alarms.AddRange(childOffline, recorderOffline, clock, videoLoss, disk);
            await db.SaveChangesAsync(Token);

            return new Fleet(city, recorder, cameraB, incident.Id, childOffline.Id, recorderOffline.Id, clock.Id, videoLoss.Id, disk.Id);
        }
    }
}
