using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Tests.Devices;

public sealed class DeviceRulesTests
{
    [Theory]
    [InlineData("192.168.1.10")]
    [InlineData("127.0.10.3")]
    [InlineData("0.0.0.0")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::10")]
    public void IsValidIpAddress_WellFormed_ReturnsTrue(string address) =>
        DeviceRules.IsValidIpAddress(address).ShouldBeTrue();

    [Theory]
    [InlineData("300.1.1.1")]
    [InlineData("1")]
    [InlineData("0x7f.1")]
    [InlineData("10.1.1")]
    [InlineData("10.1.1.1.1")]
    [InlineData("10.1.1.-1")]
    [InlineData("摄像机")]
    [InlineData("1234.1.1.1")]
    [InlineData("::g")]
    public void IsValidIpAddress_Malformed_ReturnsFalse(string address) =>
        DeviceRules.IsValidIpAddress(address).ShouldBeFalse();

    [Fact]
    public void CheckGbId_IpCameraId_IsValid() =>
        DeviceRules.CheckGbId("34020000001320000002").ShouldBeNull();

    [Theory]
    [InlineData("3402000000132000000")]
    [InlineData("340200000013200000021")]
    [InlineData("3402000000132000000A")]
    [InlineData("34020000001990000002")]
    public void CheckGbId_Invalid_ReturnsBilingualError(string id)
    {
        var error = DeviceRules.CheckGbId(id);

        error.ShouldNotBeNull();
        error.Field.ShouldBe("gbId");
        error.Chinese.ShouldContain("国标编码");
        error.English.ShouldContain(id);
    }

    [Theory]
    [InlineData("rtspUrl", "http://10.1.1.1/stream")]
    [InlineData("rtspUrl", "10.1.1.1/stream")]
    [InlineData("snapshotUrl", "rtsp://10.1.1.1/snap.jpg")]
    [InlineData("snapshotUrl", "http:///no-host")]
    public void CheckUrl_WrongSchemeOrNoHost_ReturnsError(string field, string url)
    {
        var schemes = field == "rtspUrl" ? new[] { "rtsp", "rtsps" } : new[] { "http", "https" };

        DeviceRules.CheckUrl(field, url, schemes).ShouldNotBeNull();
    }

    [Fact]
    public void CheckParentKind_ChannelWithoutParent_ReturnsError() =>
        DeviceRules.CheckParentKind(DeviceKind.Channel, null).ShouldNotBeNull();

    [Fact]
    public void CheckParentKind_ChannelUnderRecorder_IsValid() =>
        DeviceRules.CheckParentKind(DeviceKind.Channel, DeviceKind.Recorder).ShouldBeNull();

    [Fact]
    public void CheckParentKind_CameraUnderCamera_ReturnsError() =>
        DeviceRules.CheckParentKind(DeviceKind.Camera, DeviceKind.Camera).ShouldNotBeNull();

    [Fact]
    public void CheckParentKind_CameraUnderSwitch_IsValid() =>
        DeviceRules.CheckParentKind(DeviceKind.Camera, DeviceKind.Switch).ShouldBeNull();

    [Fact]
    public void CheckFormats_ValidDevice_HasNoErrors()
    {
        var device = new Device { Code = "CAM-1", Name = "人民路口", IpAddress = "10.1.1.1", RtspUrl = "rtsp://10.1.1.1/1", HttpPort = 80 };

        DeviceRules.CheckFormats(device).ShouldBeEmpty();
    }

    [Fact]
    public void CheckFormats_SeveralBadFields_ReportsEach()
    {
        var device = new Device { Code = "", Name = "x", IpAddress = "300.1.1.1", HttpPort = 70000, SnmpInterfaces = "a,b" };

        var fields = DeviceRules.CheckFormats(device).Select(e => e.Field).ToList();

        fields.ShouldBe(["code", "ipAddress", "httpPort", "snmpInterfaces"], ignoreOrder: true);
    }
}
