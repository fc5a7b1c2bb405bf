using System.Globalization;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>DeviceInfo, DeviceStatus and RecordInfo queries, alarms and catalog subscriptions.</summary>
public sealed class GbQueryTests
{
    private const string RecorderId = "34020000001180000003";
    private const string FirstChannelId = "34020000001310030001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DeviceInfo_Recorder_ReturnsIdentityAndChannels()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 8, alarmInputs: 2);

        var response = await QueryAsync(platform, "DeviceInfo", RecorderId);

        response.Element("Result").ShouldBe("OK");
        response.Element("DeviceType").ShouldBe("NVR");
        response.Element("Manufacturer").ShouldBe("Hikvision");
        response.Element("Channel").ShouldBe("8");
        response.Element("MaxAlarm").ShouldBe("2");
    }

    [Fact]
    public async Task DeviceStatus_RecordAndEncodeOff_Reported()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync();
        device.RecordEnabled = false;
        device.EncodeEnabled = false;

        var response = await QueryAsync(platform, "DeviceStatus", device.DeviceId);

        response.Element("Record").ShouldBe("OFF");
        response.Element("Encode").ShouldBe("OFF");
        response.Element("Online").ShouldBe("ONLINE");
    }

    [Fact]
    public async Task DeviceStatus_ClockSkew_InDeviceTime()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync();
        device.ClockSkew = TimeSpan.FromMinutes(-10);

        var response = await QueryAsync(platform, "DeviceStatus", device.DeviceId);

        var deviceTime = DateTime.ParseExact(response.Element("DeviceTime")!, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var chinaNow = DateTime.UtcNow.AddHours(8);
        (deviceTime - chinaNow).TotalMinutes.ShouldBeInRange(-10.2, -9.8);
    }

    [Fact]
    public async Task DeviceStatus_AlarmInputs_Listed()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 2, alarmInputs: 2);

        var response = await QueryAsync(platform, "DeviceStatus", RecorderId);

        response.Text.ShouldContain("<Alarmstatus Num=\"2\">");
        response.Elements("DutyStatus").Count.ShouldBe(2);
    }

    [Fact]
    public async Task RecordInfo_Gaps_SegmentsAroundThem()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 2, alarmInputs: 0);
        var day = new DateTime(2024, 5, 17);
        device.SetRecordGaps([new GbRecordGap(day.AddHours(2), day.AddHours(2.5))], repeatEvery: TimeSpan.FromDays(1));

        var responses = await QueryRecordsAsync(platform, "2024-05-17T00:00:00", "2024-05-17T04:00:00", expected: 7);

        var spans = responses.SelectMany(message => message.Elements("StartTime").Zip(message.Elements("EndTime"))).OrderBy(span => span.First).ToList();
        spans.Count.ShouldBe(7);
        spans.ShouldContain(("2024-05-17T01:30:00", "2024-05-17T02:00:00"));
        spans.ShouldContain(("2024-05-17T02:30:00", "2024-05-17T03:00:00"));
        spans.ShouldNotContain(span => span.First == "2024-05-17T02:00:00");
    }

    [Fact]
    public async Task RecordInfo_ManySegments_SeveralPerMessageWithSumNum()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 1, alarmInputs: 0);

        var responses = await QueryRecordsAsync(platform, "2024-05-17T00:00:00", "2024-05-18T00:00:00", expected: 48);

        responses.Count.ShouldBe(12);
        responses.ShouldAllBe(message => message.Element("SumNum") == "48" && message.Count("Item") == 4);
        responses.ShouldAllBe(message => message.Element("DeviceID") == FirstChannelId);
    }

    [Fact]
    public async Task RecordInfo_UnknownChannel_EmptyList()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 1, alarmInputs: 0);

        var body = "<?xml version=\"1.0\"?>\r\n<Query>\r\n<CmdType>RecordInfo</CmdType>\r\n<SN>5</SN>\r\n<DeviceID>34020000001310039999</DeviceID>\r\n" +
            "<StartTime>2024-05-17T00:00:00</StartTime>\r\n<EndTime>2024-05-17T04:00:00</EndTime>\r\n</Query>\r\n";
        await platform.SendRequestAsync("MESSAGE", RecorderId, body);
        await platform.WaitUntilAsync(_ => platform.Messages("RecordInfo").Count >= 1, Wait);

        var response = platform.Messages("RecordInfo").ShouldHaveSingleItem();
        response.Element("SumNum").ShouldBe("0");
    }

    [Fact]
    public async Task Query_UnknownTarget_Answered404()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 1, alarmInputs: 0);

        var branch = await platform.QueryAsync("DeviceInfo", "34020000001320099999", sn: 6);
        await platform.WaitUntilAsync(messages => messages.Any(message => !message.IsRequest && message.Branch == branch), Wait);

        platform.Received.Single(message => !message.IsRequest && message.Branch == branch).StatusCode.ShouldBe(404);
    }

    [Fact]
    public async Task Alarm_OnDemand_MessageWithAlarmFields()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 2, alarmInputs: 1);

        var delivered = await device.SendAlarmAsync(new GbAlarm(FirstChannelId, Priority: 2, Method: 6, Type: 1, Time: new DateTime(2024, 5, 17, 14, 24, 54)), cancellationToken: TestContext.Current.CancellationToken);

        delivered.ShouldBeTrue();
        var alarm = platform.Messages("Alarm").ShouldHaveSingleItem();
        alarm.Element("DeviceID").ShouldBe(FirstChannelId);
        alarm.Element("AlarmPriority").ShouldBe("2");
        alarm.Element("AlarmMethod").ShouldBe("6");
        alarm.Element("AlarmType").ShouldBe("1");
        alarm.Element("AlarmTime").ShouldBe("2024-05-17T14:24:54");
    }

    [Fact]
    public async Task Subscribe_Catalog_AnsweredAndNotifyCarriesEvents()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 2, alarmInputs: 0);
        var body = $"<?xml version=\"1.0\"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>9</SN>\r\n<DeviceID>{RecorderId}</DeviceID>\r\n</Query>\r\n";
        var branch = await platform.SendRequestAsync("SUBSCRIBE", RecorderId, body, headers: [("Event", "Catalog;id=1"), ("Expires", "600")]);
        await platform.WaitUntilAsync(messages => messages.Any(message => !message.IsRequest && message.Branch == branch), Wait);

        var delivered = await device.NotifyCatalogAsync([new GbCatalogEvent(FirstChannelId, GbCatalogEventType.VideoLost)], TestContext.Current.CancellationToken);

        delivered.ShouldBeTrue();
        var answer = platform.Received.Single(message => !message.IsRequest && message.Branch == branch);
        answer.StatusCode.ShouldBe(200);
        answer.Header("Expires").ShouldBe("600");
        var notify = platform.Requests("NOTIFY").ShouldHaveSingleItem();
        notify.Header("Event").ShouldBe("Catalog;id=1");
        notify.Header("Subscription-State").ShouldStartWith("active");
        notify.Element("Event").ShouldBe("VLOST");
        notify.Element("Status").ShouldBe("OFF");
    }

    [Fact]
    public async Task NotifyCatalog_NoSubscription_SentAsMessage()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await GbCatalogTests.StartRecorderAsync(platform, channels: 2, alarmInputs: 0);

        var delivered = await device.NotifyCatalogAsync([new GbCatalogEvent(FirstChannelId, GbCatalogEventType.Add)], TestContext.Current.CancellationToken);

        delivered.ShouldBeTrue();
        var message = platform.Messages("Catalog").ShouldHaveSingleItem();
        message.Text.ShouldContain("<Notify>");
        message.Element("Event").ShouldBe("ADD");
    }

    private static async Task<PeerMessage> QueryAsync(TestSipPlatform platform, string cmdType, string targetId)
    {
        await platform.QueryAsync(cmdType, targetId, sn: 21);
        await platform.WaitUntilAsync(_ => platform.Messages(cmdType).Count >= 1, Wait);
        return platform.Messages(cmdType).ShouldHaveSingleItem();
    }

    private static async Task<IReadOnlyList<PeerMessage>> QueryRecordsAsync(TestSipPlatform platform, string start, string end, int expected)
    {
        await platform.QueryAsync("RecordInfo", FirstChannelId, sn: 31, $"<StartTime>{start}</StartTime>\r\n<EndTime>{end}</EndTime>\r\n<Type>all</Type>\r\n");
        await platform.WaitUntilAsync(_ => platform.Messages("RecordInfo").Sum(message => message.Count("Item")) >= expected, Wait);
        return platform.Messages("RecordInfo");
    }
}
