using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Server.Tests.Gb28181;

public sealed class GbCatalogTests
{
    private const string Recorder = "34020000001180000201";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Catalog_ConcurrentOneItemMessages_StoresEveryChannelUnderRecorder(DatabaseProvider provider)
    {
        await using var harness = await GbHarness.StartAsync(provider);
        var device = await harness.StartDeviceAsync(Recorder, o =>
        {
            o.ChannelCount = 40;
            o.AlarmInputCount = 2;
        });
        device.SetFault(GbFault.CatalogConcurrentOutOfOrder);

        var result = await QueryCatalogAsync(harness, Recorder);

        result.GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.Complete));
        result.GetProperty("received").GetInt32().ShouldBe(42);
        await using var db = harness.App.CreateDbContext();
        var recorder = await db.Devices.SingleAsync(d => d.GbId == Recorder);
        recorder.Kind.ShouldBe(DeviceKind.Recorder);
        var children = await db.Devices.Where(d => d.ParentId == recorder.Id).ToListAsync();
        children.Count(d => d.Kind == DeviceKind.Camera).ShouldBe(40);
        children.Count(d => d.Kind == DeviceKind.AlarmInput).ShouldBe(2);
        (await db.GbChannels.CountAsync()).ShouldBe(42);
    }

    [Fact]
    public async Task Catalog_NamesOutsideGb2312_KeepEveryCharacter()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 3);
        device.SetFault(GbFault.NamesOutsideGb2312);

        await QueryCatalogAsync(harness, Recorder);

        var expected = device.Catalog.Select(c => c.Name).Where(n => n.Contains('萳')).ToList();
        expected.ShouldNotBeEmpty();
        await using var db = harness.App.CreateDbContext();
        var names = await db.GbChannels.Select(c => c.Name).ToListAsync();
        names.ShouldBeSubsetOf(device.Catalog.Select(c => c.Name));
        names.Count(n => n.Contains('萳')).ShouldBe(expected.Count);
    }

    [Fact]
    public async Task Catalog_Utf8BodiesDeclaredGb2312_DecodesNames()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 3);
        device.SetFault(GbFault.Utf8BodiesDeclaredGb2312);

        await QueryCatalogAsync(harness, Recorder);

        await using var db = harness.App.CreateDbContext();
        var names = await db.GbChannels.OrderBy(c => c.ChannelGbId).Select(c => c.Name).ToListAsync();
        names.ShouldBe(device.Catalog.OrderBy(c => c.DeviceId).Select(c => c.Name).ToList());
    }

    [Fact]
    public async Task Catalog_DamagedAddress_RecoversItemWithBlankAddress()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 4);
        device.SetFault(GbFault.DamagedCatalogItem);

        var result = await QueryCatalogAsync(harness, Recorder);

        result.GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.Complete));
        await using var db = harness.App.CreateDbContext();
        (await db.GbChannels.CountAsync()).ShouldBe(device.Catalog.Count);
        (await harness.HealthOfAsync(Recorder)).ShouldNotBe(HealthState.Offline);
    }

    [Fact]
    public async Task Catalog_NeverCompletes_IsPartialWithCount()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o =>
        {
            o.ChannelCount = 12;
            o.CatalogItemsPerMessage = 1;
        });
        device.SetFault(GbFault.CatalogIncomplete);

        var result = await QueryCatalogAsync(harness, Recorder);

        result.GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.Partial));
        result.GetProperty("expected").GetInt32().ShouldBe(12);
        result.GetProperty("received").GetInt32().ShouldBeLessThan(12);
        var detail = await harness.GetDeviceAsync(Recorder);
        detail.GetProperty("summary").GetProperty("catalog").GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.Partial));
    }

    [Fact]
    public async Task Catalog_QueriesUnanswered_IsNeverAnswered()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 2);
        device.SetFault(GbFault.QueriesUnanswered);

        var result = await QueryCatalogAsync(harness, Recorder);

        result.GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.NeverAnswered));
    }

    [Fact]
    public async Task CatalogEvent_ChannelOff_ChannelGoesOfflineAndListKeepsIt()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 3);
        await QueryCatalogAsync(harness, Recorder);
        var channel = device.Catalog.First(c => c.TypeCode == "131").DeviceId;
        await harness.WaitForHealthAsync(channel, HealthState.Online);
        await GbHarness.EventuallyAsync(() => Task.FromResult(device.IsSubscribed("Catalog")), "the platform subscribes to catalog events");

        (await device.NotifyCatalogAsync([new GbCatalogEvent(channel, GbCatalogEventType.Off)])).ShouldBeTrue();

        await harness.WaitForHealthAsync(channel, HealthState.Offline);
        await using var db = harness.App.CreateDbContext();
        (await db.GbChannels.CountAsync()).ShouldBe(3);
        (await db.GbChannels.SingleAsync(c => c.ChannelGbId == channel)).LastEvent.ShouldBe("OFF");
    }

    [Fact]
    public async Task CatalogEvent_VideoLost_OpensVideoLossOnChannel()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 2);
        await QueryCatalogAsync(harness, Recorder);
        var channel = device.Catalog.First(c => c.TypeCode == "131").DeviceId;
        await harness.WaitForHealthAsync(channel, HealthState.Online);
        await GbHarness.EventuallyAsync(() => Task.FromResult(device.IsSubscribed("Catalog")), "the platform subscribes to catalog events");

        (await device.NotifyCatalogAsync([new GbCatalogEvent(channel, GbCatalogEventType.VideoLost)])).ShouldBeTrue();

        await GbHarness.EventuallyAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            var id = await db.Devices.Where(d => d.GbId == channel).Select(d => d.Id).SingleAsync();
            return await db.Alarms.AnyAsync(a => a.DeviceId == id && a.Type == AlarmType.VideoLoss && a.State == AlarmState.Open);
        }, "a VideoLoss alarm opens on the channel", describe: () => ChannelStateAsync(harness, channel));
    }

    /// <summary>Describes a channel's stored catalog status and latest GB/T 28181 probe result, for a failure message.</summary>
    private static async Task<string> ChannelStateAsync(GbHarness harness, string channel)
    {
        await using var db = harness.App.CreateDbContext();
        var stored = await db.GbChannels.Where(c => c.ChannelGbId == channel).Select(c => c.Status + " " + c.LastEvent).FirstOrDefaultAsync();
        var id = await db.Devices.Where(d => d.GbId == channel).Select(d => d.Id).SingleAsync();
        var result = await db.LatestProbeResults.Where(r => r.DeviceId == id).Select(r => r.Kind + " " + r.Status + " " + r.Detail + " " + r.Findings).FirstOrDefaultAsync();
        return $"stored status {stored}, latest probe {result}";
    }

    [Fact]
    public async Task Recorder_KeepalivesStop_ChannelsGoOfflineWithIt()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 2);
        await QueryCatalogAsync(harness, Recorder);
        var channel = device.Catalog.First(c => c.TypeCode == "131").DeviceId;
        await harness.WaitForHealthAsync(channel, HealthState.Online);

        device.SetFault(GbFault.KeepalivesStopped);

        await harness.WaitForHealthAsync(Recorder, HealthState.Offline);
        await harness.WaitForHealthAsync(channel, HealthState.Offline);
        await using var db = harness.App.CreateDbContext();
        var channelId = await db.Devices.Where(d => d.GbId == channel).Select(d => d.Id).SingleAsync();
        var alarm = await db.Alarms.SingleAsync(a => a.DeviceId == channelId && a.Type == AlarmType.Offline);
        alarm.CausedByDeviceId.ShouldNotBeNull();
    }

    [Fact]
    public async Task AlarmNotify_DiskFull_OpensDiskFullAlarm()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        await harness.WaitForHealthAsync(Recorder, HealthState.Online);

        (await device.SendAlarmAsync(new GbAlarm(Method: 2, Type: 3, Description: "硬盘满"))).ShouldBeTrue();

        await GbHarness.EventuallyAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            return await db.Alarms.AnyAsync(a => a.Type == AlarmType.DiskFull && a.State == AlarmState.Open);
        }, "a DiskFull alarm opens");
    }

    [Fact]
    public async Task Records_GapInRange_StoresSegmentsAroundIt()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Recorder, o =>
        {
            o.ChannelCount = 1;
            o.RecordItemsPerMessage = 3;
            o.RecordSegmentLength = TimeSpan.FromMinutes(10);
        });
        var channel = device.Catalog.First(c => c.TypeCode == "131").DeviceId;
        var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var to = from.AddHours(4);
        var local = TimeZoneInfo.ConvertTime(from, TimeZoneInfo.Local).DateTime;
        device.SetRecordGaps([new GbRecordGap(local.AddHours(1), local.AddHours(2))]);

        var response = await harness.Client.PostAsJsonAsync($"/api/v1/gb28181/devices/{Recorder}/records", new { channelId = channel, from, to });

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("query").GetProperty("outcome").GetString().ShouldBe(nameof(GbQueryOutcome.Complete));
        var records = body.GetProperty("records").EnumerateArray().ToList();
        records.Count.ShouldBe(18);
        var recorded = records.Sum(r => (r.GetProperty("end").GetDateTimeOffset() - r.GetProperty("start").GetDateTimeOffset()).TotalMinutes);
        recorded.ShouldBe(180);
    }

    [Fact]
    public async Task Records_InvalidRange_IsRejected()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);

        var response = await harness.Client.PostAsJsonAsync($"/api/v1/gb28181/devices/{Recorder}/records",
            new { channelId = Recorder, from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddHours(-1) });

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("gb28181.records.range");
    }

    private static async Task<JsonElement> QueryCatalogAsync(GbHarness harness, string gbId)
    {
        var response = await harness.Client.PostAsync($"/api/v1/gb28181/devices/{gbId}/catalog", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
