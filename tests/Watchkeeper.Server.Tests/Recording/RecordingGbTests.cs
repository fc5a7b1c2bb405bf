using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Gb28181;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Server.Tests.Recording;

/// <summary>The recording check of GB/T 28181 channels against simulated GB/T 28181 recorders over real SIP.</summary>
public sealed class RecordingGbTests
{
    private const string Recorder = "34020000001180000301";
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Recording:TimeZone"] = "Asia/Shanghai",
        ["Recording:GapAlarmMinutes"] = "10",
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Check_GapInYesterday_StoresGapAndOpensAlarmUntilCleanDay(DatabaseProvider provider)
    {
        await using var harness = await GbHarness.StartAsync(provider, Settings);
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 2);
        var channelId = await CatalogChannelAsync(harness, device);
        var (date, window) = Yesterday();
        device.SetRecordGaps([DeviceGap(window.Start.AddHours(2), window.Start.AddHours(2.5))]);

        var day = await CheckAsync(harness, channelId, date);

        day.GetProperty("outcome").GetString().ShouldBe("Checked", day.GetProperty("detail").GetString());
        day.GetProperty("scheduledSeconds").GetInt64().ShouldBe(86_400);
        day.GetProperty("recordedSeconds").GetInt64().ShouldBe(84_600);
        var gaps = day.GetProperty("gaps");
        gaps.GetArrayLength().ShouldBe(1);
        gaps[0].GetProperty("start").GetDateTimeOffset().ShouldBe(window.Start.AddHours(2));
        gaps[0].GetProperty("durationSeconds").GetInt64().ShouldBe(1800);
        var subject = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await GbHarness.EventuallyAsync(async () => await ActiveGapAlarmsAsync(harness, channelId, subject) == 1, "a RecordingGap alarm for the day opens",
            describe: () => DescribeProbesAsync(harness, channelId));

        device.SetRecordGaps([]);
        var clean = await CheckAsync(harness, channelId, date);

        clean.GetProperty("gaps").GetArrayLength().ShouldBe(0);
        await GbHarness.EventuallyAsync(async () => await ActiveGapAlarmsAsync(harness, channelId, subject) == 0, "the alarm resolves after a clean check");
    }

    [Fact]
    public async Task Gaps_StoredDay_ReturnsSegmentsAndCompleteness()
    {
        await using var harness = await GbHarness.StartAsync(settings: Settings);
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        var channelId = await CatalogChannelAsync(harness, device);
        var (date, window) = Yesterday();
        device.SetRecordGaps([DeviceGap(window.Start.AddHours(-1), window.Start.AddHours(1)), DeviceGap(window.End.AddHours(-1), window.End.AddHours(1))]);
        await CheckAsync(harness, channelId, date);

        var day = await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/recordings/{channelId}/gaps?date={date:yyyy-MM-dd}", TestContext.Current.CancellationToken);

        day.GetProperty("segments").GetArrayLength().ShouldBe(1);
        day.GetProperty("segments")[0].GetProperty("start").GetDateTimeOffset().ShouldBe(window.Start.AddHours(1));
        day.GetProperty("completeness").GetDouble().ShouldBe(22.0 / 24, 1e-9);
        day.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");
    }

    [Fact]
    public async Task Check_DeviceOffline_StoresFailedDayWithReason()
    {
        await using var harness = await GbHarness.StartAsync(settings: Settings);
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        var channelId = await CatalogChannelAsync(harness, device);
        device.SetFault(GbFault.KeepalivesStopped, true);
        await harness.WaitForHealthAsync(Recorder, HealthState.Offline);
        var (date, _) = Yesterday();

        var day = await CheckAsync(harness, channelId, date);

        day.GetProperty("outcome").GetString().ShouldBe("Failed");
        day.GetProperty("detail").GetString()!.ShouldContain("is not online");
        await using var db = harness.App.CreateDbContext();
        (await db.RecordingGaps.CountAsync(g => g.DeviceId == channelId, TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Fact]
    public async Task Check_RecorderItself_NotFound()
    {
        await using var harness = await GbHarness.StartAsync(settings: Settings);
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        await CatalogChannelAsync(harness, device);
        await using var db = harness.App.CreateDbContext();
        var recorderId = await db.Devices.Where(d => d.GbId == Recorder).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);

        var response = await harness.Client.PostAsync($"/api/v1/recordings/{recorderId}/check", null, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("yesterday")]
    [InlineData("2026/12/01")]
    public async Task Gaps_BadDate_ProblemDetails(string date)
    {
        await using var harness = await GbHarness.StartAsync(settings: Settings);

        var response = await harness.Client.GetAsync($"/api/v1/recordings/1/gaps?date={date}", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString().ShouldBe("recording.date.invalid");
    }

    private static (DateOnly Date, TimeInterval Window) Yesterday()
    {
        var date = LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1);
        return (date, LocalDay.Window(date, China));
    }

    /// <summary>Returns a gap on the simulated device's wall clock, which runs on the test host's zone.</summary>
    private static GbRecordGap DeviceGap(DateTimeOffset start, DateTimeOffset end)
    {
        var offset = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);
        return new GbRecordGap(start.UtcDateTime + offset, end.UtcDateTime + offset);
    }

    private static async Task<long> CatalogChannelAsync(GbHarness harness, SimulatedGbDevice device)
    {
        var response = await harness.Client.PostAsync($"/api/v1/gb28181/devices/{Recorder}/catalog", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var channelGbId = device.Catalog.First(c => c.TypeCode is "131" or "132").DeviceId;
        await using var db = harness.App.CreateDbContext();
        return await db.Devices.Where(d => d.GbId == channelGbId).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> CheckAsync(GbHarness harness, long channelId, DateOnly date)
    {
        var response = await harness.Client.PostAsync($"/api/v1/recordings/{channelId}/check?date={date:yyyy-MM-dd}", null, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task<string> DescribeProbesAsync(GbHarness harness, long channelId)
    {
        await using var db = harness.App.CreateDbContext();
        var results = await db.LatestProbeResults.Where(r => r.DeviceId == channelId).ToListAsync();
        return string.Join("; ", results.Select(r => $"{r.Kind} {r.Status} {r.Detail}"));
    }

    private static async Task<int> ActiveGapAlarmsAsync(GbHarness harness, long channelId, string subject)
    {
        await using var db = harness.App.CreateDbContext();
        return await db.Alarms.CountAsync(a => a.DeviceId == channelId && a.Type == AlarmType.RecordingGap && a.Subject == subject && a.State != AlarmState.Resolved);
    }
}
