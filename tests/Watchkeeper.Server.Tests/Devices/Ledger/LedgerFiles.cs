using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace Watchkeeper.Server.Tests.Devices.Ledger;

/// <summary>Builds ledger files the way users and scripts write them, and sends them to the import endpoint.</summary>
internal static class LedgerFiles
{
    public const string ImportPath = "/api/v1/devices/import";

    /// <summary>The template's headers, as the export and the template write them.</summary>
    public static readonly string[] Headers =
    [
        "设备编码", "设备名称", "设备类型", "所属组织", "安装位置", "IP地址", "HTTP端口", "RTSP端口", "SNMP端口", "RTSP地址", "ONVIF地址",
        "抓图地址", "HTTP接口地址", "厂商", "型号", "固件版本", "序列号", "国标编码", "上级设备编码", "安装日期", "质保到期", "维护人", "备注",
        "用户名", "密码", "SNMP团体名", "SNMP端口列表", "启用监测", "巡检间隔(秒)",
    ];

    /// <summary>Returns RFC 4180 CSV text with CRLF line ends, quoting what needs it.</summary>
    public static string Csv(IReadOnlyList<string> headers, params IReadOnlyList<string?>[] rows)
    {
        var text = new StringBuilder();
        foreach (var record in rows.Prepend(headers))
        {
            text.Append(string.Join(',', record.Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Returns an .xlsx workbook with one sheet holding the headers and rows as text cells.</summary>
    public static byte[] Xlsx(IReadOnlyList<string> headers, params IReadOnlyList<string?>[] rows)
    {
        var table = new System.Data.DataTable("设备台账");
        foreach (var header in headers)
        {
            table.Columns.Add(header, typeof(string));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(row.Select(cell => (object?)cell ?? DBNull.Value).ToArray());
        }

        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, table, sheetName: "设备台账");
        return stream.ToArray();
    }

    /// <summary>Reads every row of an .xlsx sheet as text, the header included.</summary>
    public static List<string?[]> ReadXlsx(byte[] workbook, string sheetName = "设备台账")
    {
        using var stream = new MemoryStream(workbook);
        return MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheetName)
            .Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(v => v?.ToString()).ToArray())
            .ToList();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync(ImportPath, form, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> ImportCsvAsync(HttpClient client, string csv) =>
        ImportAsync(client, Utf8(csv), "ledger.csv");

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    /// <summary>Returns the errors of a rejected import as (row, column, code) for assertions.</summary>
    public static List<(int? Row, string? Column, string Code)> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (
                e.GetProperty("row").ValueKind == JsonValueKind.Null ? (int?)null : e.GetProperty("row").GetInt32(),
                e.GetProperty("column").ValueKind == JsonValueKind.Null ? null : e.GetProperty("column").GetString(),
                e.GetProperty("code").GetString()!))
            .ToList();

    private static string Quote(string? cell)
    {
        if (cell is null)
        {
            return "";
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
