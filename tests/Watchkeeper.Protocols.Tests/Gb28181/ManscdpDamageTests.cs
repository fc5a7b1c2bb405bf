using System.Text;
using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class ManscdpDamageTests
{
    private const string RecorderId = "34020000001180000001";

    [Fact]
    public void Parse_RawBytesInAddress_BlanksAddressOnly()
    {
        var (body, damageAt) = CatalogWithRawBytesInAddress();

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items.Count.ShouldBe(2);
        catalog.Items[1].Address.ShouldBeNull();
        catalog.Items[1].Name.ShouldBe("南门");
        catalog.Items[1].Status.ShouldBe("ON");
        catalog.Items[0].Address.ShouldBe("Gate 1");
        var diagnostic = catalog.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Field.ShouldBe("Address");
        diagnostic.ItemDeviceId.ShouldBe(CaptureBodies.ChannelId(2));
        diagnostic.ByteOffset.ShouldBe(damageAt);
    }

    [Fact]
    public void Parse_BrokenEntityInName_BlanksName()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(2,
            CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "East & West"),
            CaptureBodies.CatalogItem(CaptureBodies.ChannelId(2), "North")));

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items[0].Name.ShouldBeNull();
        catalog.Items[0].Address.ShouldBe("Gate 1");
        catalog.Items[1].Name.ShouldBe("North");
        var diagnostic = catalog.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Field.ShouldBe("Name");
        diagnostic.ItemDeviceId.ShouldBe(CaptureBodies.ChannelId(1));
        diagnostic.ByteOffset.ShouldBe(body.AsSpan().IndexOf("& West"u8));
    }

    [Fact]
    public void Parse_StrayAngleBracketInName_BlanksName()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "A<B")));

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items[0].Name.ShouldBeNull();
        catalog.Diagnostics.ShouldHaveSingleItem().Field.ShouldBe("Name");
    }

    [Fact]
    public void Parse_EscapedEntityInName_IsNotDamage()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "East &amp; West")));

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items[0].Name.ShouldBe("East & West");
        catalog.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_RawBytesInRecordFilePath_BlanksFilePath()
    {
        var text = RecordInfoBody(2, RecordItem(1, "/rec/AAAA.mp4"), RecordItem(2, "/rec/one.mp4"));
        var body = CaptureBodies.Gb18030(text);
        var at = body.AsSpan().IndexOf("AAAA"u8);
        body[at] = 0xFF;
        body[at + 1] = 0x80;

        var records = ManscdpParser.Parse(body).Value.ShouldBeOfType<RecordInfoResponse>();

        records.Items[0].FilePath.ShouldBeNull();
        records.Items[1].FilePath.ShouldBe("/rec/one.mp4");
        records.Diagnostics.ShouldHaveSingleItem().ByteOffset.ShouldBe(at);
    }

    [Fact]
    public void Parse_BrokenTag_RejectedWithDeviceAndPosition()
    {
        var text = CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "North"))
            .Replace("<Status>ON</Status>", "<Status>ON</Stat>", StringComparison.Ordinal);
        var body = CaptureBodies.Gb18030(text);
        var brokenAt = body.AsSpan().IndexOf("</Stat>"u8);

        var result = ManscdpParser.Parse(body);

        result.IsSuccess.ShouldBeFalse();
        result.FirstError.Code.ShouldBe(ManscdpErrors.InvalidXmlCode);
        result.FirstError.Message.ShouldContain(RecorderId);
        var reported = long.Parse(result.FirstError.Message.Split("at byte ")[1].Split(' ')[0]);
        reported.ShouldBeInRange(brokenAt, brokenAt + "</Stat>".Length);
    }

    [Fact]
    public void Parse_RawBytesInStatus_RejectedNamingField()
    {
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(1, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "North")));
        var at = body.AsSpan().IndexOf("<Status>ON"u8) + "<Status>".Length;
        body[at] = 0xFF;

        var result = ManscdpParser.Parse(body);

        result.FirstError.Code.ShouldBe(ManscdpErrors.InvalidBytesCode);
        result.FirstError.Field.ShouldBe("Status");
        result.FirstError.Message.ShouldContain(RecorderId);
        result.FirstError.Message.ShouldContain($"at byte {at}");
    }

    [Fact]
    public void Parse_NotXml_IsRejectedWithoutDevice()
    {
        var result = ManscdpParser.Parse("hello, platform"u8);

        result.FirstError.Code.ShouldBe(ManscdpErrors.InvalidXmlCode);
        result.FirstError.Message.ShouldContain("unknown device");
    }

    [Fact]
    public void Parse_TruncatedBody_IsRejectedNamingDevice()
    {
        var body = CaptureBodies.Read("gb_dahua_sd_devicestatus_response.sip");

        var result = ManscdpParser.Parse(body.AsSpan(0, body.Length / 2));

        result.FirstError.Code.ShouldBe(ManscdpErrors.InvalidXmlCode);
        result.FirstError.Message.ShouldContain("34020000001320000002");
    }

    [Fact]
    public void Parse_DocumentTypeDeclaration_IsRejected()
    {
        var body = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>&e;</DeviceID></Notify>"""u8;

        var result = ManscdpParser.Parse(body);

        result.FirstError.Code.ShouldBe(ManscdpErrors.InvalidXmlCode);
    }

    [Fact]
    public void Parse_UnknownRoot_IsRejected()
    {
        var result = ManscdpParser.Parse("<Report><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>34020000001320000002</DeviceID></Report>"u8);

        result.FirstError.Code.ShouldBe(ManscdpErrors.UnknownRootCode);
    }

    [Fact]
    public void Parse_MissingDeviceId_IsRejected()
    {
        var result = ManscdpParser.Parse("<Notify><CmdType>Keepalive</CmdType><SN>1</SN></Notify>"u8);

        result.FirstError.Code.ShouldBe(ManscdpErrors.MissingFieldCode);
        result.FirstError.Field.ShouldBe("DeviceID");
    }

    [Fact]
    public void Parse_CatalogWithoutSn_IsRejected()
    {
        var result = ManscdpParser.Parse("<Response><CmdType>Catalog</CmdType><DeviceID>34020000001320000002</DeviceID><SumNum>0</SumNum></Response>"u8);

        result.FirstError.Field.ShouldBe("SN");
    }

    [Fact]
    public void Parse_KeepaliveWithoutSn_IsAcceptedWithDiagnostic()
    {
        var keepalive = ManscdpParser.Parse("<Notify><CmdType>Keepalive</CmdType><DeviceID>34020000001320000002</DeviceID><Status>OK</Status></Notify>"u8)
            .Value.ShouldBeOfType<KeepaliveNotify>();

        keepalive.Sn.ShouldBe(0);
        keepalive.Diagnostics.ShouldHaveSingleItem().Field.ShouldBe("SN");
    }

    [Fact]
    public void Parse_TooManyItems_IsRejected()
    {
        var items = Enumerable.Range(0, ManscdpParser.MaxItems + 1).Select(i => $"<Item><DeviceID>{i}</DeviceID></Item>");
        var text = $"<Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>{RecorderId}</DeviceID><SumNum>1</SumNum><DeviceList>{string.Concat(items)}</DeviceList></Response>";

        var result = ManscdpParser.Parse(Encoding.ASCII.GetBytes(text));

        result.FirstError.Code.ShouldBe(ManscdpErrors.TooManyItemsCode);
    }

    [Fact]
    public void Parse_CatalogOf500Items_ReadsAll()
    {
        var items = Enumerable.Range(1, 500).Select(i => CaptureBodies.CatalogItem(CaptureBodies.ChannelId(i), $"通道{i}")).ToArray();
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(500, items));
        body.Length.ShouldBeGreaterThan(64 * 1024);

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items.Count.ShouldBe(500);
        catalog.Items.Select(i => i.DeviceId).Distinct().Count().ShouldBe(500);
        catalog.Items[499].Name.ShouldBe("通道500");
        catalog.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_500ItemsOneDamaged_RecoversAll()
    {
        var items = Enumerable.Range(1, 500).Select(i => CaptureBodies.CatalogItem(CaptureBodies.ChannelId(i), $"通道{i}", i == 250 ? "@@@@" : "Gate 1")).ToArray();
        var body = CaptureBodies.Gb18030(CaptureBodies.Catalog(500, items));
        var at = body.AsSpan().IndexOf("@@@@"u8);
        body[at + 1] = 0xFF;

        var catalog = ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>();

        catalog.Items.Count.ShouldBe(500);
        catalog.Items[249].Address.ShouldBeNull();
        catalog.Items[250].Address.ShouldBe("Gate 1");
        var diagnostic = catalog.Diagnostics.ShouldHaveSingleItem();
        diagnostic.ItemDeviceId.ShouldBe(CaptureBodies.ChannelId(250));
        diagnostic.ByteOffset.ShouldBe(at + 1);
    }

    [Fact]
    public void Parse_EveryTruncationAndRandomBytes_NeverThrows()
    {
        var capture = CaptureBodies.Read("gb_dahua_sd_catalog_response_1item.sip");
        var random = new Random(28181);
        var bodies = Enumerable.Range(1, capture.Length - 1).Select(length => capture[..length]).ToList();
        for (var i = 0; i < 500; i++)
        {
            var mutated = (byte[])capture.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            bodies.Add(mutated);
        }

        var failures = bodies.Count(body => !ManscdpParser.Parse(body).IsSuccess);

        failures.ShouldBeGreaterThan(0);
    }

    private static (byte[] Body, long DamageAt) CatalogWithRawBytesInAddress()
    {
        var text = CaptureBodies.Catalog(2,
            CaptureBodies.CatalogItem(CaptureBodies.ChannelId(1), "北门"),
            CaptureBodies.CatalogItem(CaptureBodies.ChannelId(2), "南门", "Lane ##"));
        var body = CaptureBodies.Gb18030(text);
        var at = body.AsSpan().IndexOf("##"u8);

        // 0xFF is never valid in GB18030, and 0x81 followed by '<' cannot start a character.
        body[at] = 0xFF;
        body[at + 1] = 0x81;
        return (body, at);
    }

    private static string RecordInfoBody(int sumNum, params string[] items) =>
        $"""
        <?xml version="1.0" encoding="GB2312"?>
        <Response>
        <CmdType>RecordInfo</CmdType>
        <SN>5</SN>
        <DeviceID>{CaptureBodies.ChannelId(1)}</DeviceID>
        <Name>Camera 1</Name>
        <SumNum>{sumNum}</SumNum>
        <RecordList Num="{items.Length}">
        {string.Join("\n", items)}
        </RecordList>
        </Response>
        """;

    internal static string RecordItem(int hour, string filePath) =>
        $"""
        <Item>
        <DeviceID>{CaptureBodies.ChannelId(1)}</DeviceID>
        <Name>Camera 1</Name>
        <FilePath>{filePath}</FilePath>
        <Address>Store 1</Address>
        <StartTime>2024-05-17T{hour:D2}:00:00</StartTime>
        <EndTime>2024-05-17T{hour:D2}:59:59</EndTime>
        <Secrecy>0</Secrecy>
        <Type>time</Type>
        <RecorderID>{RecorderId}</RecorderID>
        <FileSize>1048576</FileSize>
        </Item>
        """;
}
