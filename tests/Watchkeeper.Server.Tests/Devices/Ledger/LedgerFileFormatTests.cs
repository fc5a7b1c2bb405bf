using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Devices.Ledger.LedgerFiles;

namespace Watchkeeper.Server.Tests.Devices.Ledger;

/// <summary>
/// Ledger files as Excel, WPS and scripts write them: encodings, quoting, workbooks and the template. Rejected imports
/// and reads share one server, because starting one costs seconds and a rejected import writes nothing. Imports that
/// succeed start their own.
/// </summary>
public sealed class LedgerFileFormatTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly string[] Headers = ["设备编码", "设备名称", "设备类型", "所属组织", "备注"];

    static LedgerFileFormatTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_Gb18030Csv_KeepsChineseText(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();

        // 萳 is in GBK but not in GB2312, and 䶮 (CJK Extension A) needs GB18030's four-byte form.
        var csv = Csv(Headers, ["CAM-001", "萳溪路口-01", "摄像机", "某市公安局/萳溪派出所", "刘䶮 维护"]);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(csv);
        bytes.Length.ShouldBeLessThan(Encoding.UTF8.GetByteCount(csv));

        var response = await ImportAsync(client, bytes, "ledger.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var device = await LedgerImportTests.LoadAsync(app, "CAM-001");
        device.Name.ShouldBe("萳溪路口-01");
        device.Notes.ShouldBe("刘䶮 维护");
        await using var db = app.CreateDbContext();
        (await db.Organizations.AnyAsync(o => o.Name == "萳溪派出所", TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task Import_GbkCsv_KeepsChineseText()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var bytes = Encoding.GetEncoding(936).GetBytes(Csv(Headers, ["CAM-001", "萳溪路口-01", "录像机", "某市公安局", "机房"]));

        var response = await ImportAsync(client, bytes, "ledger.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await LedgerImportTests.LoadAsync(app, "CAM-001")).Name.ShouldBe("萳溪路口-01");
    }

    [Fact]
    public async Task Import_Utf8WithByteOrderMark_ReadsFirstHeader()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Utf8(Csv(Headers, ["CAM-001", "人民路口-01", "摄像机", "某市", ""]))];

        var response = await ImportAsync(client, bytes, "ledger.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await LedgerImportTests.LoadAsync(app, "CAM-001")).Name.ShouldBe("人民路口-01");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_QuotedCells_KeepCommasQuotesAndLineBreaks(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var csv = "设备编码,设备名称,设备类型,所属组织,备注\r\n" +
                  "CAM-001,\"路口,东北角\",摄像机,某市,\"第一行\r\n第二行，含\"\"引号\"\"\"\r\n" +
                  "CAM-002,第二台,摄像机,某市,\n";

        var response = await ImportCsvAsync(client, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var first = await LedgerImportTests.LoadAsync(app, "CAM-001");
        first.Name.ShouldBe("路口,东北角");
        first.Notes.ShouldBe("第一行\r\n第二行，含\"引号\"");
        (await LedgerImportTests.LoadAsync(app, "CAM-002")).Name.ShouldBe("第二台");
    }

    [Fact]
    public async Task Import_RowAfterMultilineCell_IsNumberedAsSpreadsheetRow()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var csv = "设备编码,设备名称,设备类型,所属组织,备注\r\n" +
                  "CAM-001,第一台,摄像机,某市,\"多\n行\n备注\"\r\n" +
                  "\r\n" +
                  "CAM-002,第二台,云台,某市,\r\n";

        var errors = Errors(await JsonAsync(await ImportCsvAsync(client, csv)));

        errors.ShouldBe([(4, "设备类型", "ledger.kind.invalid")]);
    }

    [Fact]
    public async Task Import_UnterminatedQuote_ReportsItsRow()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var csv = "设备编码,设备名称,设备类型,所属组织\r\nCAM-001,第一台,摄像机,某市\r\nCAM-002,\"第二台,摄像机,某市\r\n";

        var errors = Errors(await JsonAsync(await ImportCsvAsync(client, csv)));

        errors.ShouldBe([(3, null, "ledger.csv.unterminated_quote")]);
    }

    [Fact]
    public async Task Import_BinaryBytesAsCsv_ReturnsEncodingError()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        byte[] bytes = [.. Utf8("设备编码,设备名称\r\n"), 0x81, 0x20, 0xFF, 0xFF];

        var response = await ImportAsync(client, bytes, "ledger.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.csv.encoding");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_Xlsx_ReadsTextAndNumberCells(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var table = new System.Data.DataTable("设备台账");
        table.Columns.Add("设备编码", typeof(string));
        table.Columns.Add("设备名称", typeof(string));
        table.Columns.Add("设备类型", typeof(string));
        table.Columns.Add("所属组织", typeof(string));
        table.Columns.Add("RTSP端口", typeof(int));
        table.Columns.Add("安装日期", typeof(DateTime));
        table.Rows.Add("CAM-001", "人民路口-01", "摄像机", "某市/城区", 554, new DateTime(2024, 5, 1));
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, table, sheetName: "设备台账");

        var response = await ImportAsync(client, stream.ToArray(), "台账.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var device = await LedgerImportTests.LoadAsync(app, "CAM-001");
        device.RtspPort.ShouldBe(554);
        device.InstallDate.ShouldBe(new DateOnly(2024, 5, 1));
    }

    [Fact]
    public async Task Import_XlsxGbIdStoredAsNumber_ExplainsLostDigits()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var table = new System.Data.DataTable("设备台账");
        foreach (var header in new[] { "设备编码", "设备名称", "设备类型", "所属组织" })
        {
            table.Columns.Add(header, typeof(string));
        }

        table.Columns.Add("国标编码", typeof(double));
        table.Rows.Add("CAM-001", "人民路口-01", "摄像机", "某市", 34020000001320000001d);
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, table, sheetName: "设备台账");

        var errors = Errors(await JsonAsync(await ImportAsync(client, stream.ToArray(), "ledger.xlsx")));

        errors.ShouldBe([(2, "国标编码", "ledger.gbId.number")]);
    }

    [Fact]
    public async Task Import_DataUnderBlankHeader_IsReported()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var csv = "设备编码,设备名称,设备类型,所属组织,\r\nCAM-001,摄像机,摄像机,某市,\r\nCAM-002,摄像机,摄像机,某市,遗漏的数据\r\nCAM-003,摄像机,摄像机,某市,更多\r\n";

        var errors = Errors(await JsonAsync(await ImportCsvAsync(client, csv)));

        errors.ShouldBe([(3, null, "ledger.header.blank")]);
    }

    [Fact(Timeout = 120_000)]
    public async Task Import_XlsxDeclaredFullWidth_ImportsWithoutStalling()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var rows = Enumerable.Range(1, 200).Select(i => (IReadOnlyList<string?>)[$"CAM-{i:D3}", "摄像机", "摄像机", "某市", ""]).ToArray();
        var workbook = WithDimension(Xlsx(Headers, rows), "A1:XFD201");

        var response = await ImportAsync(client, workbook, "ledger.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await JsonAsync(response)).GetProperty("created").GetInt32().ShouldBe(200);
    }

    [Fact]
    public async Task Import_XlsxWiderThanLimit_IsRejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Ledger:MaxColumns"] = "4" });
        using var client = await app.CreateAdminClientAsync();

        var response = await ImportAsync(client, Xlsx(Headers, ["CAM-001", "摄像机", "摄像机", "某市", "备注"]), "ledger.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.file.too_many_columns");
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task Template_FilledIn_ImportsCleanly(string format)
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();

        var template = await client.GetAsync($"/api/v1/devices/import/template?format={format}", TestContext.Current.CancellationToken);
        template.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await template.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var headers = format == "xlsx"
            ? ReadXlsx(bytes).Single().Select(h => h!).ToList()
            : Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').TrimEnd('\r', '\n').Split(',').ToList();
        headers.ShouldBe(LedgerFiles.Headers);
        var row = Row(headers, new()
        {
            ["设备编码"] = "CAM-001",
            ["设备名称"] = "人民路口-01",
            ["设备类型"] = "摄像机",
            ["所属组织"] = "某市公安局/城区分局",
            ["IP地址"] = "192.168.1.64",
            ["RTSP地址"] = "rtsp://192.168.1.64:554/Streaming/Channels/101",
            ["国标编码"] = "34020000001320000001",
            ["安装日期"] = "2024-05-01",
            ["密码"] = "Secret-1",
            ["启用监测"] = "是",
            ["巡检间隔(秒)"] = "60",
        });
        var filled = format == "xlsx" ? Xlsx(headers, row) : Utf8(Csv(headers, row));

        var response = await ImportAsync(client, filled, $"template.{format}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await JsonAsync(response)).GetProperty("created").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Template_Xlsx_ExplainsEveryColumn()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var bytes = await client.GetByteArrayAsync("/api/v1/devices/import/template", TestContext.Current.CancellationToken);

        var instructions = ReadXlsx(bytes, "填写说明");
        instructions.Count.ShouldBe(LedgerFiles.Headers.Length + 1);
        instructions.Skip(1).Select(r => r[0]).ShouldBe(LedgerFiles.Headers);
    }

    private static string?[] Row(IReadOnlyList<string> headers, Dictionary<string, string> values) =>
        headers.Select(h => values.GetValueOrDefault(h)).ToArray();

    /// <summary>Rewrites the first sheet's declared range, as some tools leave it after a whole row was formatted.</summary>
    private static byte[] WithDimension(byte[] workbook, string range)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            xml = Regex.IsMatch(xml, "<x:dimension ref=\"[^\"]*\"")
                ? Regex.Replace(xml, "<x:dimension ref=\"[^\"]*\"", $"<x:dimension ref=\"{range}\"")
                : xml.Replace("<x:sheetData>", $"<x:dimension ref=\"{range}\" /><x:sheetData>", StringComparison.Ordinal);
            xml.ShouldContain(range);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }

        return stream.ToArray();
    }
}
