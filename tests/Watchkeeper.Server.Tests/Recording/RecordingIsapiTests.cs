using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Recording;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Server.Tests.Recording;

/// <summary>The recording check of ledger channels through the simulated Hikvision recorder's ISAPI search.</summary>
public sealed class RecordingIsapiTests : IAsyncDisposable
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static int _nextBlock;

    private SimulatedFleet? _fleet;
    private WatchkeeperApp? _app;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Check_RecorderChannelWithGap_StoresGapAndCompleteness(DatabaseProvider provider)
    {
        var (client, recorder, channelId, _) = await StartAsync(provider);
        var date = LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1);
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        recorder.Recordings.Channel(1)!.SetGaps([new GbRecordGap(midnight.AddHours(10), midnight.AddHours(11.25))], null);

        var day = await CheckAsync(client, channelId, date);

        day.GetProperty("outcome").GetString().ShouldBe("Checked", day.GetProperty("detail").GetString());
        day.GetProperty("source").GetString().ShouldBe("Isapi");
        day.GetProperty("recordedSeconds").GetInt64().ShouldBe(81_900);
        day.GetProperty("gaps")[0].GetProperty("start").GetDateTimeOffset().ShouldBe(new DateTimeOffset(midnight.AddHours(10), TimeSpan.FromHours(8)));
        day.GetProperty("segments").GetArrayLength().ShouldBe(2);
        var kpi = await client.GetFromJsonAsync<JsonElement>($"/api/v1/kpi/recording-completeness?from={date:yyyy-MM-dd}&to={date:yyyy-MM-dd}&channelId={channelId}",
            TestContext.Current.CancellationToken);
        kpi.GetProperty("completeness").GetDouble().ShouldBe(81_900.0 / 86_400, 1e-9);
        kpi.GetProperty("checkedChannelDays").GetInt32().ShouldBe(1);
        kpi.GetProperty("definition").GetString()!.ShouldContain("录像完整率");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Poll_RecorderKeepsTenDays_ReportsRetentionShortfallAndNextDueTime(DatabaseProvider provider)
    {
        var (client, recorder, channelId, organizationId) = await StartAsync(provider);
        recorder.Recordings.KeepDays(10);
        var policy = await client.PutAsJsonAsync($"/api/v1/organizations/{organizationId}/recording-policy", new { retentionDays = 30 }, TestContext.Current.CancellationToken);
        policy.EnsureSuccessStatusCode();

        await _app!.Services.GetRequiredService<RecordingWorker>().PollAsync(TestContext.Current.CancellationToken);

        var retention = await client.GetFromJsonAsync<JsonElement>($"/api/v1/kpi/retention-compliance?channelId={channelId}", TestContext.Current.CancellationToken);
        var channel = retention.GetProperty("channels")[0];
        channel.GetProperty("compliant").GetBoolean().ShouldBeFalse();
        channel.GetProperty("retainedDays").GetInt32().ShouldBe(10);
        channel.GetProperty("shortfallDays").GetInt32().ShouldBe(20);
        await using var db = _app.CreateDbContext();
        var state = await db.RecordingChannelStates.SingleAsync(s => s.DeviceId == channelId, TestContext.Current.CancellationToken);
        state.NextCheckAt.ShouldBe(LocalDay.NextOccurrence(DateTimeOffset.UtcNow, new TimeOnly(1, 30), China), TimeSpan.FromMinutes(1));
        state.LastCheckedDate.ShouldBe(LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1));
    }

    [Fact]
    public async Task Check_TruncatedSearchResponse_KeepsEarlierDayAndStoresNoGaps()
    {
        var (client, _, channelId, _) = await StartAsync(DatabaseProvider.Sqlite);
        var yesterday = LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1);
        await CheckAsync(client, channelId, yesterday);
        await using var broken = await LoopbackHttpServer.StartAsync(context =>
            context.Response.WriteAsync("<?xml version=\"1.0\"?><CMSearchResult><responseStatusStrg>OK</responseStatusStrg><matchList><searchMatchItem><timeSpan><startTime>2026-1",
                context.RequestAborted), TestContext.Current.CancellationToken);
        await using (var db = _app!.CreateDbContext())
        {
            var recorderId = await db.Devices.Where(d => d.Id == channelId).Select(d => d.ParentId).SingleAsync(TestContext.Current.CancellationToken);
            await db.Devices.Where(d => d.Id == recorderId).ExecuteUpdateAsync(u => u.SetProperty(d => d.HttpApiUrl, broken.BaseUri.ToString().TrimEnd('/')),
                TestContext.Current.CancellationToken);
        }

        var again = await CheckAsync(client, channelId, yesterday);
        var earlier = await CheckAsync(client, channelId, yesterday.AddDays(-1));

        again.GetProperty("outcome").GetString().ShouldBe("Checked");
        earlier.GetProperty("outcome").GetString().ShouldBe("Failed");
        earlier.GetProperty("detail").GetString()!.ShouldContain("not complete XML");
        await using var check = _app.CreateDbContext();
        (await check.RecordingGaps.CountAsync(g => g.Date == yesterday.AddDays(-1), TestContext.Current.CancellationToken)).ShouldBe(0);
        (await check.RecordingChannelStates.SingleAsync(s => s.DeviceId == channelId, TestContext.Current.CancellationToken)).LastFailure!.ShouldContain("not complete XML");
    }

    [Fact]
    public async Task Schedule_OfficeHours_ChangesScheduledSeconds()
    {
        var (client, _, channelId, _) = await StartAsync(DatabaseProvider.Sqlite);
        var date = LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1);
        var ranges = new[] { new { day = date.DayOfWeek.ToString(), start = "08:00", end = "18:00" } };

        var put = await client.PutAsJsonAsync($"/api/v1/recordings/{channelId}/schedule", new { ranges }, TestContext.Current.CancellationToken);
        var day = await CheckAsync(client, channelId, date);

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        day.GetProperty("scheduledSeconds").GetInt64().ShouldBe(36_000);
        day.GetProperty("completeness").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Schedule_BadRange_ProblemDetails()
    {
        var (client, _, channelId, _) = await StartAsync(DatabaseProvider.Sqlite);

        var put = await client.PutAsJsonAsync($"/api/v1/recordings/{channelId}/schedule",
            new { ranges = new[] { new { day = "Monday", start = "18:00", end = "08:00" } } }, TestContext.Current.CancellationToken);

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString().ShouldBe("recording.schedule.range");
    }

    [Fact]
    public async Task Policy_ChildOrganization_InheritsRetention()
    {
        var (client, _, _, organizationId) = await StartAsync(DatabaseProvider.Sqlite);
        var child = await (await client.PostAsJsonAsync("/api/v1/organizations", new { name = "分局", parentId = organizationId }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        await client.PutAsJsonAsync($"/api/v1/organizations/{organizationId}/recording-policy", new { retentionDays = 90, timeZone = "Asia/Shanghai" }, TestContext.Current.CancellationToken);

        var inherited = await client.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{child.GetProperty("id").GetInt64()}/recording-policy", TestContext.Current.CancellationToken);

        inherited.GetProperty("effectiveRetentionDays").GetInt32().ShouldBe(90);
        inherited.GetProperty("retentionDays").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app.Database.Dispose();
        }

        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    private async Task<(HttpClient Client, Simulator.Devices.SimulatedRecorder Recorder, long ChannelId, long OrganizationId)> StartAsync(DatabaseProvider provider)
    {
        var block = Interlocked.Increment(ref _nextBlock);
        var prefix = $"127.{250 + block / 200}.{(Environment.ProcessId + block) % 200 + 20}";
        var created = SimulatedFleet.Create(new FleetOptions
        {
            CameraCount = 0, RecorderCount = 1, SwitchCount = 0,
            CameraAddressBase = prefix, SwitchAddressBase = prefix, RecorderAddressBase = prefix,
        });
        created.IsSuccess.ShouldBeTrue(created.IsSuccess ? "" : created.FirstError.Message);
        _fleet = created.Value;
        var started = await _fleet.StartAsync();
        started.IsSuccess.ShouldBeTrue(started.Error?.Message);
        var recorder = _fleet.Recorders[0];

        _app = new WatchkeeperApp(TestDatabase.Create(provider), new Dictionary<string, string?> { ["Recording:TimeZone"] = "Asia/Shanghai" });
        var client = await _app.CreateAdminClientAsync();
        var organization = await PostAsync(client, "/api/v1/organizations", new { name = "录像测试单位" });
        var recorderId = await PostAsync(client, "/api/v1/devices", new
        {
            code = "NVR-REC-1", name = "录像机 1", kind = "Recorder", organizationId = organization, ipAddress = recorder.Info.IpAddress,
            httpApiUrl = recorder.Info.HttpApiUrl, userName = recorder.Info.UserName, password = recorder.Info.Password,
        });
        var channelId = await PostAsync(client, "/api/v1/devices", new
        {
            code = "NVR-REC-1-CH1", name = "通道 1", kind = "Channel", organizationId = organization, parentId = recorderId, recorderChannel = 1,
        });
        return (client, recorder, channelId, organization);
    }

    private static async Task<long> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, long channelId, DateOnly date)
    {
        var response = await client.PostAsync($"/api/v1/recordings/{channelId}/check?date={date:yyyy-MM-dd}", null, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }
}
