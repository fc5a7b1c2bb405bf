using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Access;
using Watchkeeper.Server.Tests.Audit;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tests.Monitoring;

namespace Watchkeeper.Server.Tests.Alarms;

/// <summary>
/// Close, link and unlink through the API, as operators do them. Tests that act only on their own camera's alarms, or
/// are rejected, share one server, because starting one costs seconds. Each camera gets its own code, so their alarms
/// never meet. Tests that count all links start their own.
/// </summary>
public sealed class AlarmActionApiTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly DateTimeOffset Start = TestLedger.Start;

    // The number of the last camera that AddCameraAsync added, in any test of the class.
    private static int s_lastCamera = 900;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Close_WithReason_ClosesAuditsAndPublishes(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        using var client = await app.CreateAdminClientAsync();
        var published = new List<AlarmChanged>();
        app.Services.GetRequiredService<MonitoringEvents>().Published += events => published.AddRange(events.OfType<AlarmChanged>());

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = " 设备已报废，待更换 " }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("state").GetString().ShouldBe("Closed");
        body.GetProperty("closedBy").GetString().ShouldBe("admin");
        body.GetProperty("closeReason").GetString().ShouldBe("设备已报废，待更换");
        body.GetProperty("resolvedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var closed = (await HistoryAsync(ledger, alarm)).Where(a => a.Action == AlarmAction.Closed).ShouldHaveSingleItem();
        closed.Actor.ShouldBe("admin");
        closed.Note.ShouldBe("设备已报废，待更换");
        published.ShouldHaveSingleItem().State.ShouldBe(AlarmState.Closed);
        published[0].AlarmId.ShouldBe(alarm);
        published[0].OrganizationId.ShouldNotBeNull();
        var audit = (await AuditHarness.EntriesAsync(app)).Where(e => e.EntityType == nameof(Alarm) && e.EntityId == alarm.ToString()).ToList();
        audit.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.EntityUpdate);
        audit[0].UserName.ShouldBe("admin");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Close_WithoutReason_Returns400(string? reason)
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().ShouldBe("alarm.close.reason_required");
        body.GetProperty("field").GetString().ShouldBe("reason");
        body.GetProperty("detail").GetString()!.ShouldContain("Closing an alarm needs a reason");
        (await HistoryAsync(ledger, alarm)).ShouldNotContain(a => a.Action == AlarmAction.Closed);
    }

    [Fact]
    public async Task Close_ReasonTooLong_Returns400()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = new string('故', 501) }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().ShouldBe("alarm.close.reason_too_long");
        body.GetProperty("detail").GetString()!.ShouldContain("501");
    }

    [Fact]
    public async Task Close_ResolvedOrClosedAlarm_Returns409()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var resolved = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start, resolved: true);
        var closed = await ledger.AddAlarmAsync(camera, AlarmType.ClockSkew, Start, change: a => a.Close("值班员", Start, "误报"));
        using var client = await app.CreateAdminClientAsync();

        foreach (var alarm in new[] { resolved, closed })
        {
            using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = "再次关闭" }, Token);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, $"alarm {alarm}");
            body.GetProperty("code").GetString().ShouldBe("alarm.state.not_active");
        }
    }

    [Fact]
    public async Task Close_AcknowledgedAlarm_Closes()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start, change: a => a.Acknowledge("值班员", Start));
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = "已派单处理" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("state").GetString().ShouldBe("Closed");
    }

    [Fact]
    public async Task Close_WithoutClosePermission_Returns403()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        await app.AddUserAsync("viewer-1", [BuiltInRoles.Viewer]);
        using var client = await app.CreateClientAsAsync("viewer-1");

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = "误报" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await HistoryAsync(ledger, alarm)).ShouldNotContain(a => a.Action == AlarmAction.Closed);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Close_ThenFaultClears_StaysClosedAndNextFaultOpensNewAlarm(DatabaseProvider provider)
    {
        await using var harness = await MonitoringHarness.StartAsync(provider);
        var port = await harness.StartCameraServerAsync();
        var camera = await harness.AddCameraAsync("CAM-CLOSE-1", port);
        await harness.ProbeAsync(camera);
        await harness.StopCameraServerAsync(port);
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);
        var alarm = (await harness.AlarmsAsync(camera, "open")).ShouldHaveSingleItem().GetProperty("id").GetInt64();

        using var close = await harness.Client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/close", new { reason = "已知故障，次日更换" }, Token);
        close.StatusCode.ShouldBe(HttpStatusCode.OK);
        await harness.ProbeAsync(camera);
        (await harness.AlarmsAsync(camera, "open")).ShouldBeEmpty();
        await harness.StartCameraServerAsync(port);
        await harness.ProbeAsync(camera);

        var afterRecovery = (await harness.AlarmsAsync(camera, "closed")).ShouldHaveSingleItem();
        afterRecovery.GetProperty("id").GetInt64().ShouldBe(alarm);
        afterRecovery.GetProperty("resolvedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await harness.AlarmsAsync(camera, "open")).ShouldBeEmpty();

        await harness.StopCameraServerAsync(port);
        await harness.ProbeAsync(camera);
        await harness.ProbeAsync(camera);

        var reopened = (await harness.AlarmsAsync(camera, "open")).ShouldHaveSingleItem();
        reopened.GetProperty("id").GetInt64().ShouldNotBe(alarm);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Link_TwoAlarms_ListsFromBothSidesAndRecordsHistory(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var (ledger, camera) = await AddCameraAsync(app);
        var first = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        var second = await ledger.AddAlarmAsync(camera, AlarmType.RecordingGap, Start.AddMinutes(3));
        using var client = await app.CreateAdminClientAsync();
        var published = new List<AlarmChanged>();
        app.Services.GetRequiredService<MonitoringEvents>().Published += events => published.AddRange(events.OfType<AlarmChanged>());

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{first}/links", new { alarmId = second, note = "同一次断电" }, Token);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var fromFirst = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{first}/links", Token);
        var fromSecond = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{second}/links", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.GetProperty("alarm").GetProperty("id").GetInt64().ShouldBe(second);
        created.GetProperty("note").GetString().ShouldBe("同一次断电");
        created.GetProperty("createdBy").GetString().ShouldBe("admin");
        fromFirst.EnumerateArray().Select(l => l.GetProperty("alarm").GetProperty("id").GetInt64()).ShouldBe([second]);
        fromSecond.EnumerateArray().Select(l => l.GetProperty("alarm").GetProperty("id").GetInt64()).ShouldBe([first]);
        (await HistoryAsync(ledger, first)).Where(a => a.Action == AlarmAction.Linked).ShouldHaveSingleItem().Note.ShouldBe($"alarm {second}: 同一次断电");
        (await HistoryAsync(ledger, second)).Where(a => a.Action == AlarmAction.Linked).ShouldHaveSingleItem().Note.ShouldBe($"alarm {first}: 同一次断电");
        published.Select(e => e.AlarmId).Order().ShouldBe([first, second]);
        (await AuditHarness.EntriesAsync(app)).ShouldContain(e => e.EntityType == nameof(AlarmLink) && e.Action == AuditActions.EntityCreate);
    }

    [Fact]
    public async Task Link_ToItself_Returns400()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/links", new { alarmId = alarm }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().ShouldBe("alarm.link.self");
        body.GetProperty("field").GetString().ShouldBe("alarmId");
    }

    [Fact]
    public async Task Link_WithoutAlarmId_Returns400()
    {
        var app = await shared.GetAsync();
        var (ledger, camera) = await AddCameraAsync(app);
        var alarm = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.PostAsJsonAsync($"/api/v1/alarms/{alarm}/links", new { note = "缺少编号" }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().ShouldBe("alarm.link.alarm_id_required");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Link_DuplicateInEitherDirection_Returns409(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var (ledger, camera) = await AddCameraAsync(app);
        var first = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        var second = await ledger.AddAlarmAsync(camera, AlarmType.RecordingGap, Start);
        using var client = await app.CreateAdminClientAsync();
        (await client.PostAsJsonAsync($"/api/v1/alarms/{first}/links", new { alarmId = second }, Token)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var again = await client.PostAsJsonAsync($"/api/v1/alarms/{first}/links", new { alarmId = second }, Token);
        using var reverse = await client.PostAsJsonAsync($"/api/v1/alarms/{second}/links", new { alarmId = first }, Token);

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        reverse.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reverse.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("code").GetString().ShouldBe("alarm.link.exists");
        await using var db = app.CreateDbContext();
        (await db.AlarmLinks.CountAsync(Token)).ShouldBe(1);
    }

    [Fact]
    public async Task Link_HiddenAlarm_Returns404()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var fleet = await ScopedFleet.CreateAsync(app);
        var alarmA = await new TestLedger(app).AddAlarmAsync(fleet.DeviceA, AlarmType.ClockSkew, Start);
        using var admin = await fleet.ClientForAsync("admin");
        (await admin.PostAsJsonAsync($"/api/v1/alarms/{alarmA}/links", new { alarmId = fleet.AlarmB, note = "管理员关联" }, Token))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using var client = await fleet.ClientForAsync("engineer-a");

        using var link = await client.PostAsJsonAsync($"/api/v1/alarms/{alarmA}/links", new { alarmId = fleet.AlarmB }, Token);
        using var unlink = await client.DeleteAsync($"/api/v1/alarms/{alarmA}/links/{fleet.AlarmB}", Token);
        var visible = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{alarmA}/links", Token);
        var body = await link.Content.ReadFromJsonAsync<JsonElement>(Token);

        link.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body.GetProperty("detail").GetString()!.ShouldContain($"Alarm {fleet.AlarmB} does not exist");
        unlink.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        visible.GetArrayLength().ShouldBe(0);
        await using var db = app.CreateDbContext();
        (await db.AlarmLinks.CountAsync(Token)).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Unlink_FromEitherSide_RemovesLinkAndRecordsHistory(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var (ledger, camera) = await AddCameraAsync(app);
        var first = await ledger.AddAlarmAsync(camera, AlarmType.Offline, Start);
        var second = await ledger.AddAlarmAsync(camera, AlarmType.RecordingGap, Start);
        using var client = await app.CreateAdminClientAsync();
        (await client.PostAsJsonAsync($"/api/v1/alarms/{first}/links", new { alarmId = second }, Token)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var unlink = await client.DeleteAsync($"/api/v1/alarms/{second}/links/{first}", Token);
        using var again = await client.DeleteAsync($"/api/v1/alarms/{second}/links/{first}", Token);

        unlink.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await again.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("code").GetString().ShouldBe("alarm.link.not_found");
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/alarms/{first}/links", Token)).GetArrayLength().ShouldBe(0);
        (await HistoryAsync(ledger, first)).Where(a => a.Action == AlarmAction.Unlinked).ShouldHaveSingleItem().Actor.ShouldBe("admin");
        (await HistoryAsync(ledger, second)).Where(a => a.Action == AlarmAction.Unlinked).ShouldHaveSingleItem().Note.ShouldBe($"alarm {first}");
    }

    [Fact]
    public async Task Links_UnknownAlarm_Returns404()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        using var response = await client.GetAsync("/api/v1/alarms/987654/links", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<(TestLedger Ledger, long Camera)> AddCameraAsync(WatchkeeperApp app)
    {
        var number = Interlocked.Increment(ref s_lastCamera);
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync($"人民路派出所{number}");
        return (ledger, await ledger.AddDeviceAsync($"CAM-{number}", organization));
    }

    private static Task<IReadOnlyList<AlarmActivity>> HistoryAsync(TestLedger ledger, long alarmId) =>
        ledger.QueryAsync<AlarmQueries, IReadOnlyList<AlarmActivity>>(q => q.ActivitiesAsync(alarmId, CancellationToken.None));
}
