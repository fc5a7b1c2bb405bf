using System.Text;
using Watchkeeper.Protocols.Gb28181;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Gb28181;

/// <summary>MANSCDP bodies for tests: the captures' bodies and bodies written in a chosen encoding.</summary>
internal static class CaptureBodies
{
    /// <summary>Returns the bytes after the first blank line of a SIP capture, as stored.</summary>
    public static byte[] Read(string captureName)
    {
        var bytes = Fixtures.ReadCaptureBytes(captureName);
        var separator = bytes.AsSpan().IndexOf("\n\n"u8);
        separator.ShouldBeGreaterThan(0, $"{captureName} has no blank line between headers and body");
        return bytes[(separator + 2)..];
    }

    public static ManscdpMessage Parse(string captureName)
    {
        var result = ManscdpParser.Parse(Read(captureName));
        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        return result.Value;
    }

    public static byte[] Gb18030(string text) => ManscdpDecoder.Gb18030.GetBytes(text);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Returns a GB2312-declared catalog response with the given items' XML.</summary>
    public static string Catalog(int sumNum, params string[] items) =>
        $"""
        <?xml version="1.0" encoding="GB2312"?>
        <Response>
        <CmdType>Catalog</CmdType>
        <SN>17</SN>
        <DeviceID>34020000001180000001</DeviceID>
        <SumNum>{sumNum}</SumNum>
        <DeviceList Num="{items.Length}">
        {string.Join("\n", items)}
        </DeviceList>
        </Response>
        """;

    public static string CatalogItem(string deviceId, string name, string address = "Gate 1") =>
        $"""
        <Item>
        <DeviceID>{deviceId}</DeviceID>
        <Name>{name}</Name>
        <Manufacturer>Hikvision</Manufacturer>
        <Model>DS-2CD2T45</Model>
        <Owner>Owner</Owner>
        <CivilCode>340200</CivilCode>
        <Address>{address}</Address>
        <Parental>0</Parental>
        <ParentID>34020000001180000001</ParentID>
        <RegisterWay>1</RegisterWay>
        <Secrecy>0</Secrecy>
        <Status>ON</Status>
        </Item>
        """;

    public static string ChannelId(int index) => $"3402000000131{index:D7}";
}
