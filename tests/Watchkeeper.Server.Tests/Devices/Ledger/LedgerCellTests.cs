using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Devices.Ledger;

namespace Watchkeeper.Server.Tests.Devices.Ledger;

/// <summary>CSV tokenizing, decoding and cell values, without a server.</summary>
public sealed class LedgerCellTests
{
    private static readonly LedgerOptions Options = new();

    static LedgerCellTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Parse_MixedLineEnds_SplitsRecords()
    {
        var sheet = CsvLedgerFormat.Parse("a,b\r\n1,2\n3,4\r5,6", Options).Sheet!;

        sheet.Header.Cells.ShouldBe(["a", "b"]);
        sheet.Rows.Select(r => r.Cells).ShouldBe([["1", "2"], ["3", "4"], ["5", "6"]]);
        sheet.Rows.Select(r => r.Number).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public void Parse_QuotedField_KeepsDelimitersQuotesAndBreaks()
    {
        var sheet = CsvLedgerFormat.Parse("a,b\r\n\"x,\"\"y\"\"\r\nz\",w\r\n", Options).Sheet!;

        sheet.Rows.Single().Cells.ShouldBe(["x,\"y\"\r\nz", "w"]);
    }

    [Fact]
    public void Parse_TrailingComma_KeepsEmptyLastField()
    {
        var sheet = CsvLedgerFormat.Parse("a,b\n1,", Options).Sheet!;

        sheet.Rows.Single().Cells.ShouldBe(["1", ""]);
    }

    [Fact]
    public void Parse_BlankLines_KeepSpreadsheetRowNumbers()
    {
        var sheet = CsvLedgerFormat.Parse("\r\na,b\r\n\r\n,\r\n1,2\r\n", Options).Sheet!;

        sheet.Header.Number.ShouldBe(2);
        sheet.Rows.Single().Number.ShouldBe(5);
    }

    [Fact]
    public void Parse_TitleAboveHeader_IsSkipped()
    {
        var sheet = CsvLedgerFormat.Parse("某市视频监控设备台账,,\r\n设备编码,设备名称,设备类型\r\nCAM-001,人民路口,摄像机\r\n", Options).Sheet!;

        sheet.Header.Number.ShouldBe(2);
        sheet.Header.Cells[0].ShouldBe("设备编码");
        sheet.Rows.Single().Number.ShouldBe(3);
    }

    [Fact]
    public void Parse_SingleKnownHeader_IsNotTitle()
    {
        var sheet = CsvLedgerFormat.Parse("设备编码\r\nCAM-001\r\n", Options).Sheet!;

        sheet.Header.Number.ShouldBe(1);
    }

    [Fact]
    public void Parse_UnterminatedQuote_Fails()
    {
        var outcome = CsvLedgerFormat.Parse("a,b\r\n1,\"open\r\n2,3\r\n", Options);

        outcome.Sheet.ShouldBeNull();
        outcome.Error!.Code.ShouldBe("ledger.csv.unterminated_quote");
        outcome.Error.Row.ShouldBe(2);
    }

    [Fact]
    public void Parse_MoreRowsThanLimit_Fails()
    {
        var text = "a\n" + string.Concat(Enumerable.Repeat("1\n", 11));

        var outcome = CsvLedgerFormat.Parse(text, new LedgerOptions { MaxRows = 10 });

        outcome.Error!.Code.ShouldBe("ledger.file.too_many_rows");
    }

    [Fact]
    public void Parse_MoreColumnsThanLimit_Fails()
    {
        var outcome = CsvLedgerFormat.Parse("a,b,c\n1,2,3\n", new LedgerOptions { MaxColumns = 2 });

        outcome.Error!.Code.ShouldBe("ledger.file.too_many_columns");
    }

    [Fact]
    public void WriteRecord_ThenParse_ReturnsSameFields()
    {
        string?[] fields = ["plain", "with,comma", "with \"quote\"", "two\nlines", " padded ", null, "中文"];
        using var writer = new StringWriter();
        CsvLedgerFormat.WriteRecord(writer, ["h1", "h2", "h3", "h4", "h5", "h6", "h7"]);
        CsvLedgerFormat.WriteRecord(writer, fields);

        var sheet = CsvLedgerFormat.Parse(writer.ToString(), Options).Sheet!;

        sheet.Rows.Single().Cells.ShouldBe(fields.Select(f => f ?? "").ToArray());
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("GB18030")]
    [InlineData("GBK")]
    public void Decode_ChineseText_DetectsEncoding(string encoding)
    {
        var text = "设备编码,设备名称\r\nCAM-001,萳溪路口\r\n";

        var (decoded, error) = CsvLedgerFormat.Decode(Encoding.GetEncoding(encoding).GetBytes(text));

        error.ShouldBeNull();
        decoded.ShouldBe(text);
    }

    [Fact]
    public void Decode_Utf16WithByteOrderMark_Decodes()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("设备编码\r\n")).ToArray();

        CsvLedgerFormat.Decode(bytes).Text.ShouldBe("设备编码\r\n");
    }

    [Fact]
    public void Decode_Utf8ByteOrderMark_IsRemoved()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("设备编码")).ToArray();

        CsvLedgerFormat.Decode(bytes).Text.ShouldBe("设备编码");
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-5", "'-5")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("a=b", "a=b")]
    [InlineData("'quoted", "'quoted")]
    public void EscapeFormula_LeadingTrigger_IsQuoted(string text, string expected)
    {
        var escaped = LedgerValues.EscapeFormula(text);

        escaped.ShouldBe(expected);
        LedgerValues.UnescapeFormula(escaped!).ShouldBe(text);
    }

    [Theory]
    [InlineData("摄像机", DeviceKind.Camera)]
    [InlineData("NVR", DeviceKind.Recorder)]
    [InlineData("dvr", DeviceKind.Recorder)]
    [InlineData("录像机", DeviceKind.Recorder)]
    [InlineData("报警输入", DeviceKind.AlarmInput)]
    [InlineData("alarminput", DeviceKind.AlarmInput)]
    [InlineData("存储", DeviceKind.Storage)]
    public void ParseKind_KnownName_ReturnsKind(string text, DeviceKind expected)
    {
        var error = LedgerValues.ParseKind(LedgerColumns.Kind, text, out var kind);

        error.ShouldBeNull();
        kind.ShouldBe(expected);
    }

    [Theory]
    [InlineData("云台")]
    [InlineData("Camera,Recorder")]
    [InlineData("1")]
    public void ParseKind_UnknownName_Fails(string text)
    {
        LedgerValues.ParseKind(LedgerColumns.Kind, text, out _)!.Code.ShouldBe("ledger.kind.invalid");
    }

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("2024/5/1")]
    [InlineData("2024.05.01")]
    [InlineData("20240501")]
    [InlineData("2024年5月1日")]
    public void ParseDate_CommonForms_Parse(string text)
    {
        var error = LedgerValues.ParseDate(LedgerColumns.All.First(c => c.Key == "installDate"), text, out var date);

        error.ShouldBeNull();
        date.ShouldBe(new DateOnly(2024, 5, 1));
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("Yes", true)]
    [InlineData("0", false)]
    public void ParseBoolean_CommonForms_Parse(string text, bool expected)
    {
        var error = LedgerValues.ParseBoolean(LedgerColumns.All.First(c => c.Key == "monitoringEnabled"), text, out var value);

        error.ShouldBeNull();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("设备编码", "code")]
    [InlineData("CODE", "code")]
    [InlineData("巡检间隔（秒）", "probeIntervalSeconds")]
    [InlineData(" IP 地址 ", "ipAddress")]
    [InlineData("organizationPath", "organization")]
    public void FindByHeader_Variants_FindColumn(string header, string key)
    {
        LedgerColumns.FindByHeader(header)!.Key.ShouldBe(key);
    }
}
