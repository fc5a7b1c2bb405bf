using System.Text;
using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class ManscdpDecoderTests
{
    // 萳 (U+8433) is outside GB2312; GBK and GB18030 encode it as C8 6C.
    private const string NameOutsideGb2312 = "萳园路口东";

    [Fact]
    public void Parse_Gb18030Name_KeepsCharacterOutsideGb2312()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)));

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items[0].Name.ShouldBe(NameOutsideGb2312);
    }

    [Fact]
    public void Decode_Gb18030BodyDeclaredGb2312_UsesGb18030()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)));
        body.AsSpan().IndexOf([(byte)0xC8, (byte)0x6C]).ShouldBeGreaterThan(0);

        var decoded = ManscdpDecoder.Decode(body).Value;

        decoded.Encoding.CodePage.ShouldBe(54936);
        decoded.DeclaredEncoding.ShouldBe("GB2312");
        decoded.ReplacedSequences.ShouldBe(0);
    }

    [Fact]
    public void Decode_Utf8BodyDeclaredGb2312_UsesUtf8()
    {
        var body = CaptureBodies.Utf8(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)));

        var decoded = ManscdpDecoder.Decode(body).Value;

        decoded.Encoding.CodePage.ShouldBe(Encoding.UTF8.CodePage);
        decoded.Text.ShouldContain(NameOutsideGb2312);
    }

    [Fact]
    public void Parse_Utf8BodyDeclaredGb2312_ReadsName()
    {
        var body = CaptureBodies.Utf8(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "北门卡口", "北京路88号")));

        var item = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>().Items[0];

        item.Name.ShouldBe("北门卡口");
        item.Address.ShouldBe("北京路88号");
    }

    [Fact]
    public void Decode_GbkBytesWithoutDeclaration_UsesGb18030()
    {
        var body = CaptureBodies.Gb18030("<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>34020000001320000002</DeviceID><Status>正常</Status></Notify>");

        var decoded = ManscdpDecoder.Decode(body).Value;

        decoded.DeclaredEncoding.ShouldBeNull();
        decoded.Encoding.CodePage.ShouldBe(54936);
        decoded.Text.ShouldContain("正常");
    }

    [Fact]
    public void Decode_AsciiDeclaredGb2312_ReportsGb18030()
    {
        var decoded = ManscdpDecoder.Decode(CaptureBodies.Read("gb_dahua_sd_keepalive.sip")).Value;

        decoded.Encoding.CodePage.ShouldBe(54936);
    }

    [Fact]
    public void Decode_AsciiWithoutDeclaration_ReportsUtf8()
    {
        var decoded = ManscdpDecoder.Decode(CaptureBodies.Read("gb_exosip_catalog_query.sip")).Value;

        decoded.DeclaredEncoding.ShouldBeNull();
        decoded.Encoding.CodePage.ShouldBe(Encoding.UTF8.CodePage);
    }

    [Fact]
    public void Decode_BodiesInTurn_DecodeEachOnItsOwn()
    {
        var gb = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)));
        var utf8 = CaptureBodies.Utf8(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)));

        var names = new[] { gb, utf8, gb, utf8 }
            .Select(body => ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>().Items[0].Name)
            .ToList();

        names.ShouldAllBe(name => name == NameOutsideGb2312);
    }

    [Fact]
    public void Decode_ControlCharacters_AreStripped()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "Gate\u0001\u0002 North\u001F\u007F")) + "\u0000");

        var decoded = ManscdpDecoder.Decode(body).Value;

        decoded.StrippedControlCharacters.ShouldBe(5);
        decoded.Text.ShouldContain("<Name>Gate North</Name>");
    }

    [Fact]
    public void Parse_ControlCharactersInName_ReadsNameWithout()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "东\u0008门\u000B")));

        var item = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>().Items[0];

        item.Name.ShouldBe("东门");
    }

    [Fact]
    public void Decode_TabAndLineEnds_AreKept()
    {
        var decoded = ManscdpDecoder.Decode("<a>\t1\r\n2</a>"u8).Value;

        decoded.Text.ShouldBe("<a>\t1\r\n2</a>");
        decoded.StrippedControlCharacters.ShouldBe(0);
    }

    [Fact]
    public void Decode_Utf8ByteOrderMark_IsHonoured()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(CaptureBodies.Utf8(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)))).ToArray();

        var decoded = ManscdpDecoder.Decode(body).Value;

        decoded.HasByteOrderMark.ShouldBeTrue();
        decoded.Encoding.CodePage.ShouldBe(Encoding.UTF8.CodePage);
        decoded.Text.ShouldStartWith("<?xml");
    }

    [Fact]
    public void Parse_Utf16ByteOrderMark_ReadsBody()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), NameOutsideGb2312)))).ToArray();

        var item = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>().Items[0];

        item.Name.ShouldBe(NameOutsideGb2312);
    }

    [Fact]
    public void Decode_EmptyBody_IsRejected()
    {
        var result = ManscdpDecoder.Decode([]);

        result.FirstError.Code.ShouldBe(ManscdpErrors.EmptyBodyCode);
    }

    [Fact]
    public void Decode_BodyAboveLimit_IsRejected()
    {
        var result = ManscdpDecoder.Decode(new byte[ManscdpDecoder.MaxBodyBytes + 1]);

        result.FirstError.Code.ShouldBe(ManscdpErrors.TooLargeCode);
    }

    [Fact]
    public void ByteOffsetOf_Gb18030Text_MapsToBodyBytes()
    {
        var text = "<a><b>萳园</b><c>x</c></a>";
        var body = CaptureBodies.Gb18030(text);
        var decoded = ManscdpDecoder.Decode(body).Value;

        var offset = decoded.ByteOffsetOf(decoded.Text.IndexOf("<c>", StringComparison.Ordinal));

        offset.ShouldBe(body.AsSpan().IndexOf("<c>"u8));
    }
}
