using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class ManscdpMessageTests
{
    [Fact]
    public void Parse_LowerCaseElementNames_ReadsFields()
    {
        var body = """
            <response><cmdtype>DeviceStatus</cmdtype><sn>4</sn><deviceid>34020000001320000002</deviceid>
            <online>ONLINE</online><record>ON</record><devicetime>2024-05-17 08:00:00</devicetime>
            <alarmstatus num="1"><item><deviceid>34020000001340000001</deviceid><dutystatus>ALARM</dutystatus></item></alarmstatus>
            </response>
            """u8;

        var status = ManscdpParser.Parse(body).Value.ShouldBeOfType<DeviceStatusResponse>();

        status.Sn.ShouldBe(4);
        status.IsRecording.ShouldBe(true);
        status.DeviceTime.ShouldBe(new DateTime(2024, 5, 17, 8, 0, 0));
        status.AlarmInputs.ShouldHaveSingleItem().DutyStatus.ShouldBe("ALARM");
    }

    [Fact]
    public void Parse_KeepaliveWithFaultyChannels_ListsThem()
    {
        var body = """
            <Notify><CmdType>Keepalive</CmdType><SN>2</SN><DeviceID>34020000001180000001</DeviceID><Status>ERROR</Status>
            <Info><DeviceID>34020000001310000003</DeviceID><DeviceID>34020000001310000007</DeviceID></Info></Notify>
            """u8;

        var keepalive = ManscdpParser.Parse(body).Value.ShouldBeOfType<KeepaliveNotify>();

        keepalive.IsStatusOk.ShouldBeFalse();
        keepalive.FaultyChannelIds.ShouldBe(["34020000001310000003", "34020000001310000007"]);
    }

    [Fact]
    public void Parse_CatalogNotify_ReadsEvents()
    {
        var body = """
            <?xml version="1.0" encoding="GB2312"?>
            <Notify><CmdType>Catalog</CmdType><SN>12</SN><DeviceID>34020000001180000001</DeviceID><SumNum>3</SumNum>
            <DeviceList Num="3">
            <Item><DeviceID>34020000001310000001</DeviceID><Event>VLOST</Event></Item>
            <Item><DeviceID>34020000001310000002</DeviceID><Event>DEL</Event></Item>
            <Item><DeviceID>34020000001340000001</DeviceID><Event>ADD</Event><Name>Door</Name><Status>ON</Status></Item>
            </DeviceList></Notify>
            """u8;

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.IsNotify.ShouldBeTrue();
        catalog.Items.Select(i => i.Event).ShouldBe([CatalogEvent.VideoLost, CatalogEvent.Delete, CatalogEvent.Add]);
        catalog.Items[2].Kind.ShouldBe(Watchkeeper.Core.Devices.DeviceKind.AlarmInput);
    }

    [Fact]
    public void Parse_CatalogItemWithoutDeviceId_IsLeftOutWithDiagnostic()
    {
        var body = """
            <Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>34020000001180000001</DeviceID><SumNum>2</SumNum>
            <DeviceList><Item><Name>Lost</Name></Item><Item><DeviceID>34020000001310000001</DeviceID></Item></DeviceList></Response>
            """u8;

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items.ShouldHaveSingleItem().DeviceId.ShouldBe("34020000001310000001");
        catalog.Diagnostics.ShouldHaveSingleItem().Field.ShouldBe("DeviceID");
    }

    [Fact]
    public void Parse_DeviceInfoWithOnlyRequiredFields_LeavesRestNull()
    {
        var body = "<Response><CmdType>DeviceInfo</CmdType><SN>9</SN><DeviceID>34020000001320000002</DeviceID><Result>OK</Result></Response>"u8;

        var info = ManscdpParser.Parse(body).Value.ShouldBeOfType<DeviceInfoResponse>();

        info.Result.ShouldBe("OK");
        info.Manufacturer.ShouldBeNull();
        info.Firmware.ShouldBeNull();
        info.MaxCamera.ShouldBeNull();
    }

    [Fact]
    public void Parse_DeviceControlResponse_IsUnknownWithCmdType()
    {
        var body = "<Response><CmdType>DeviceControl</CmdType><SN>21</SN><DeviceID>34020000001320000002</DeviceID><Result>OK</Result></Response>"u8;

        var message = ManscdpParser.Parse(body).Value.ShouldBeOfType<UnknownManscdpMessage>();

        message.CmdType.ShouldBe("DeviceControl");
        message.Root.ShouldBe(ManscdpRoot.Response);
        message.Result.ShouldBe("OK");
    }

    [Fact]
    public void Parse_RecordInfo_ReadsItems()
    {
        var body = $"""
            <Response><CmdType>RecordInfo</CmdType><SN>5</SN><DeviceID>34020000001310000001</DeviceID><Name>Camera 1</Name><SumNum>2</SumNum>
            <RecordList Num="1">{ManscdpDamageTests.RecordItem(7, "/rec/07.mp4")}</RecordList></Response>
            """;

        var records = ManscdpParser.Parse(CaptureBodies.Utf8(body)).Value.ShouldBeOfType<RecordInfoResponse>();

        records.Name.ShouldBe("Camera 1");
        records.SumNum.ShouldBe(2);
        var item = records.Items.ShouldHaveSingleItem();
        item.DeviceId.ShouldBe("34020000001310000001");
        item.FilePath.ShouldBe("/rec/07.mp4");
        item.Address.ShouldBe("Store 1");
        item.StartTime.ShouldBe(new DateTime(2024, 5, 17, 7, 0, 0));
        item.EndTime.ShouldBe(new DateTime(2024, 5, 17, 7, 59, 59));
        item.Secrecy.ShouldBe(0);
        item.Type.ShouldBe("time");
        item.RecorderId.ShouldBe("34020000001180000001");
        item.FileSize.ShouldBe(1048576);
    }
}
