using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms;

public sealed class IncidentApiTests
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Incidents_Filters_And_Detail(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var station = await ledger.AddOrganizationAsync("某派出所", city);
        var other = await ledger.AddOrganizationAsync("另一单位");
        var camera = await ledger.AddDeviceAsync("CAM-1", station);
        var otherCamera = await ledger.AddDeviceAsync("CAM-9", other);
        long running;
        long ended;
        long elsewhere;
        await using (var db = app.CreateDbContext())
        {
            // One transaction: the alarm timer ends a running incident that has no open alarm, and must never see the
            // incidents before their alarms.
            await using var transaction = await db.Database.BeginTransactionAsync(Token);
            var incidents = new[]
            {
                new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = station, Title = "某派出所", OpenedAt = Start.AddHours(2), AlarmCount = 1 },
                new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = station, Title = "old", OpenedAt = Start, EndedAt = Start.AddHours(1) },
                new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = other, Title = "other", OpenedAt = Start.AddHours(1) },
            };
            db.AlarmIncidents.AddRange(incidents);
            await db.SaveChangesAsync(Token);
            (running, ended, elsewhere) = (incidents[0].Id, incidents[1].Id, incidents[2].Id);
            var alarm = Alarm.Open(camera, AlarmType.Offline, "", "down", Start.AddHours(2));
            alarm.JoinIncident(running, Start.AddHours(2), "test");

            // Each running incident has an open alarm, because the alarm timer ends one without any.
            var otherAlarm = Alarm.Open(otherCamera, AlarmType.Offline, "", "down", Start.AddHours(1));
            otherAlarm.JoinIncident(elsewhere, Start.AddHours(1), "test");
            db.Alarms.AddRange(alarm, otherAlarm);
            await db.SaveChangesAsync(Token);
            await transaction.CommitAsync(Token);
        }

        using var client = await app.CreateAdminClientAsync();

        async Task<long[]> Ids(string query) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/incidents{query}", Token)).EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();

        (await Ids("")).ShouldBe([running, elsewhere, ended]);
        (await Ids("?active=true")).ShouldBe([running, elsewhere]);
        (await Ids("?active=false")).ShouldBe([ended]);
        (await Ids($"?organizationId={city}")).ShouldBe([running, ended]);

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/incidents/{running}", Token);
        detail.GetProperty("incident").GetProperty("organizationName").GetString().ShouldBe("某派出所");
        detail.GetProperty("alarms").EnumerateArray().ShouldHaveSingleItem().GetProperty("deviceCode").GetString().ShouldBe("CAM-1");

        (await client.GetAsync("/api/v1/alarms/incidents/987654", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
