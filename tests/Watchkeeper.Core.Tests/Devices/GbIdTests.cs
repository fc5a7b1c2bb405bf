using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Tests.Devices;

public sealed class GbIdTests
{
    [Theory]
    [InlineData("34020000001320000002", 132)]
    [InlineData("34020000001310000001", 131)]
    [InlineData("34020000001180000001", 118)]
    public void TypeCode_TwentyDigits_ReadsDigitsElevenToThirteen(string id, int expected) =>
        GbId.TypeCode(id).ShouldBe(expected);

    [Fact]
    public void TypeCode_NotTwentyDigits_IsNull() =>
        GbId.TypeCode("1234").ShouldBeNull();

    [Theory]
    [InlineData(132, DeviceKind.Camera)]
    [InlineData(131, DeviceKind.Camera)]
    [InlineData(118, DeviceKind.Recorder)]
    [InlineData(111, DeviceKind.Recorder)]
    [InlineData(113, DeviceKind.Encoder)]
    [InlineData(134, DeviceKind.AlarmInput)]
    public void KindOf_DeviceTypeCodes_MapsToLedgerKind(int code, DeviceKind kind) =>
        GbId.KindOf(code).ShouldBe(kind);

    [Fact]
    public void KindOf_PlatformCode_IsNull() =>
        GbId.KindOf(200).ShouldBeNull();
}
