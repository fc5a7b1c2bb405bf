using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class AlarmNotifyTests
{
    [Theory]
    [InlineData(1, null, AlarmCategory.PhoneAlarm)]
    [InlineData(2, null, AlarmCategory.DeviceAlarm)]
    [InlineData(2, 1, AlarmCategory.VideoLoss)]
    [InlineData(2, 2, AlarmCategory.Tamper)]
    [InlineData(2, 3, AlarmCategory.DiskFull)]
    [InlineData(2, 4, AlarmCategory.HighTemperature)]
    [InlineData(2, 5, AlarmCategory.LowTemperature)]
    [InlineData(2, 9, AlarmCategory.DeviceAlarm)]
    [InlineData(3, null, AlarmCategory.SmsAlarm)]
    [InlineData(4, null, AlarmCategory.GpsAlarm)]
    [InlineData(5, null, AlarmCategory.VideoAlarm)]
    [InlineData(5, 1, AlarmCategory.ManualVideoAlarm)]
    [InlineData(5, 2, AlarmCategory.MotionDetection)]
    [InlineData(5, 3, AlarmCategory.LeftObject)]
    [InlineData(5, 4, AlarmCategory.ObjectRemoved)]
    [InlineData(5, 5, AlarmCategory.Tripwire)]
    [InlineData(5, 6, AlarmCategory.Intrusion)]
    [InlineData(5, 7, AlarmCategory.Retrograde)]
    [InlineData(5, 8, AlarmCategory.Loitering)]
    [InlineData(5, 9, AlarmCategory.FlowCount)]
    [InlineData(5, 10, AlarmCategory.DensityDetection)]
    [InlineData(5, 11, AlarmCategory.VideoAbnormal)]
    [InlineData(5, 12, AlarmCategory.FastMoving)]
    [InlineData(5, 13, AlarmCategory.ImageOcclusion)]
    [InlineData(6, null, AlarmCategory.DeviceFault)]
    [InlineData(6, 1, AlarmCategory.DiskFault)]
    [InlineData(6, 2, AlarmCategory.FanFault)]
    [InlineData(7, null, AlarmCategory.OtherAlarm)]
    [InlineData(7, 1, AlarmCategory.OtherAlarm)]
    [InlineData(null, 1, AlarmCategory.Unknown)]
    [InlineData(8, null, AlarmCategory.Unknown)]
    public void Category_MethodAndType_MapsToTable(int? method, int? type, AlarmCategory expected)
    {
        var message = ManscdpParser.Parse(CaptureBodies.Gb18030(AlarmBody(method, type))).Value.ShouldBeOfType<AlarmNotify>();

        message.Category.ShouldBe(expected);
    }

    [Theory]
    [InlineData(AlarmCategory.DiskFault, true)]
    [InlineData(AlarmCategory.FanFault, true)]
    [InlineData(AlarmCategory.VideoLoss, true)]
    [InlineData(AlarmCategory.VideoAbnormal, true)]
    [InlineData(AlarmCategory.DiskFull, true)]
    [InlineData(AlarmCategory.HighTemperature, true)]
    [InlineData(AlarmCategory.DeviceFault, true)]
    [InlineData(AlarmCategory.MotionDetection, false)]
    [InlineData(AlarmCategory.Tamper, false)]
    [InlineData(AlarmCategory.PhoneAlarm, false)]
    public void IsDeviceFault_Category_SeparatesFaultsFromEvents(AlarmCategory category, bool expected)
    {
        category.IsDeviceFault().ShouldBe(expected);
    }

    [Fact]
    public void Parse_AlarmNotify_ReadsFields()
    {
        var message = ManscdpParser.Parse(CaptureBodies.Gb18030(AlarmBody(5, 6))).Value.ShouldBeOfType<AlarmNotify>();

        message.DeviceId.ShouldBe("34020000001310000001");
        message.Sn.ShouldBe(88);
        message.AlarmPriority.ShouldBe(2);
        message.AlarmMethod.ShouldBe(5);
        message.AlarmType.ShouldBe(6);
        message.EventType.ShouldBe(1);
        message.AlarmTime.ShouldBe(new DateTime(2024, 5, 17, 14, 30, 1));
        message.AlarmTime!.Value.Kind.ShouldBe(DateTimeKind.Unspecified);
        message.AlarmDescription.ShouldBe("西门入侵");
        message.Longitude.ShouldBe(117.2);
        message.Latitude.ShouldBe(31.8);
    }

    [Fact]
    public void Parse_AlarmResponse_IsUnknownMessage()
    {
        var body = "<Response><CmdType>Alarm</CmdType><SN>3</SN><DeviceID>34020000001310000001</DeviceID><Result>OK</Result></Response>"u8;

        var message = ManscdpParser.Parse(body).Value.ShouldBeOfType<UnknownManscdpMessage>();

        message.CmdType.ShouldBe("Alarm");
        message.Result.ShouldBe("OK");
    }

    private static string AlarmBody(int? method, int? type)
    {
        var methodElement = method is null ? "" : $"<AlarmMethod>{method}</AlarmMethod>";
        var info = type is null ? "" : $"<Info><AlarmType>{type}</AlarmType><AlarmTypeParam><EventType>1</EventType></AlarmTypeParam></Info>";
        return $"""
            <?xml version="1.0" encoding="GB2312"?>
            <Notify>
            <CmdType>Alarm</CmdType>
            <SN>88</SN>
            <DeviceID>34020000001310000001</DeviceID>
            <AlarmPriority>2</AlarmPriority>
            {methodElement}
            <AlarmTime>2024-05-17T14:30:01</AlarmTime>
            <AlarmDescription>西门入侵</AlarmDescription>
            <Longitude>117.2</Longitude>
            <Latitude>31.8</Latitude>
            {info}
            </Notify>
            """;
    }
}
