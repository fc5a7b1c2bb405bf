using System.Data;
using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Watchkeeper.Server.Devices.Ledger;

namespace Watchkeeper.Benchmarks.Ledger;

/// <summary>
/// Writes a ledger as a city's public-security project keeps it: sites of 48 cameras, one recorder and one
/// switch each, under 10 branch offices, every column filled as the template describes.
/// </summary>
internal static class LedgerFileGenerator
{
    public const int DevicesPerSite = 50;

    private const int CamerasPerSite = DevicesPerSite - 2;

    private static readonly string[] Roads = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "萳溪路", "迎宾大道"];

    private static readonly (string Vendor, string Model, string Firmware)[] CameraModels =
    [
        ("海康威视", "DS-2CD3T46WDV3-I3", "V5.7.3 build 220112"),
        ("大华", "DH-IPC-HFW2433M-I1", "V2.840.0000000.23.R"),
        ("宇视", "IPC2124LB-SF40KM-G", "IPC_G6103-B5027P12D1907"),
    ];

    /// <summary>Returns the rows in template column order, each switch after the devices that hang on it.</summary>
    /// <param name="nameSuffix">Appended to every name, so that a second file changes every device.</param>
    public static List<string?[]> Rows(int count, string nameSuffix = "")
    {
        var rows = new List<string?[]>(count);
        for (var site = 1; rows.Count < count; site++)
        {
            var organization = $"某市公安局/第{(site - 1) % 10 + 1}分局/{Roads[site % Roads.Length]}第{site}派出所";
            var network = $"10.{site / 250 % 256}.{site % 250}";
            for (var n = 1; n <= CamerasPerSite && rows.Count < count; n++)
            {
                rows.Add(Camera(site, n, organization, network, nameSuffix));
            }

            if (rows.Count < count)
            {
                rows.Add(Recorder(site, organization, network, nameSuffix));
            }

            if (rows.Count < count)
            {
                rows.Add(Switch(site, organization, network, nameSuffix));
            }
        }

        return rows;
    }

    public static byte[] Csv(List<string?[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(true), leaveOpen: true))
        {
            CsvLedgerFormat.WriteRecord(writer, LedgerColumns.All.Select(c => c.Header));
            foreach (var row in rows)
            {
                CsvLedgerFormat.WriteRecord(writer, row);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Xlsx(List<string?[]> rows)
    {
        var table = new DataTable(XlsxLedgerFormat.SheetName);
        foreach (var column in LedgerColumns.All)
        {
            table.Columns.Add(column.Header, typeof(string));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(row.Select(cell => cell ?? (object)DBNull.Value).ToArray());
        }

        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, table, sheetName: XlsxLedgerFormat.SheetName);
        return buffer.ToArray();
    }

    private static string?[] Camera(int site, int n, string organization, string network, string nameSuffix)
    {
        var ip = $"{network}.{n + 10}";
        var (vendor, model, firmware) = CameraModels[(site + n) % CameraModels.Length];
        var serial = (site - 1) * CamerasPerSite + n;
        return Row(new()
        {
            ["code"] = $"CAM-{site:D4}-{n:D2}",
            ["name"] = $"{Roads[site % Roads.Length]}{site}号路口-{n:D2}{nameSuffix}",
            ["kind"] = "摄像机",
            ["organization"] = organization,
            ["installLocation"] = $"{Roads[site % Roads.Length]}与{Roads[(site + n) % Roads.Length]}交叉口{(n % 2 == 0 ? "东北角" : "西南角")}",
            ["ipAddress"] = ip,
            ["httpPort"] = "80",
            ["rtspPort"] = "554",
            ["rtspUrl"] = $"rtsp://{ip}:554/Streaming/Channels/101",
            ["onvifUrl"] = $"http://{ip}/onvif/device_service",
            ["snapshotUrl"] = $"http://{ip}/ISAPI/Streaming/channels/101/picture",
            ["httpApiUrl"] = $"http://{ip}",
            ["vendor"] = vendor,
            ["model"] = model,
            ["firmwareVersion"] = firmware,
            ["serialNumber"] = $"{model}{20230000 + serial}",
            ["gbId"] = $"34020000001320{serial:D6}",
            ["parentCode"] = $"SW-{site:D4}",
            ["installDate"] = new DateOnly(2023, 1, 1).AddDays(site % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["warrantyEnd"] = new DateOnly(2026, 1, 1).AddDays(site % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["maintainer"] = $"张工 138{site % 10_000:D4}{n:D4}",
            ["notes"] = n == 1 ? "立杆高 6 米，朝北，\n夜间补光" : null,
            ["userName"] = "admin",
            ["password"] = $"Cam#{site}x{n}",
            ["monitoringEnabled"] = "是",
            ["probeIntervalSeconds"] = "60",
        });
    }

    private static string?[] Recorder(int site, string organization, string network, string nameSuffix) => Row(new()
    {
        ["code"] = $"NVR-{site:D4}",
        ["name"] = $"{Roads[site % Roads.Length]}第{site}派出所录像机{nameSuffix}",
        ["kind"] = "录像机",
        ["organization"] = organization,
        ["installLocation"] = "派出所机房 1 号机柜",
        ["ipAddress"] = $"{network}.2",
        ["httpPort"] = "80",
        ["rtspPort"] = "554",
        ["httpApiUrl"] = $"http://{network}.2",
        ["vendor"] = "海康威视",
        ["model"] = "DS-9664N-I16",
        ["firmwareVersion"] = "V4.71.010",
        ["serialNumber"] = $"DS-9664N-I16{20220000 + site}",
        ["gbId"] = $"34020000001180{site:D6}",
        ["parentCode"] = $"SW-{site:D4}",
        ["installDate"] = "2023-01-01",
        ["warrantyEnd"] = "2026-01-01",
        ["maintainer"] = "李工",
        ["userName"] = "admin",
        ["password"] = $"Nvr#{site}",
        ["monitoringEnabled"] = "是",
    });

    private static string?[] Switch(int site, string organization, string network, string nameSuffix) => Row(new()
    {
        ["code"] = $"SW-{site:D4}",
        ["name"] = $"{Roads[site % Roads.Length]}第{site}派出所接入交换机{nameSuffix}",
        ["kind"] = "交换机",
        ["organization"] = organization,
        ["installLocation"] = "派出所机房 1 号机柜",
        ["ipAddress"] = $"{network}.1",
        ["snmpPort"] = "161",
        ["vendor"] = "华为",
        ["model"] = "S5735-L48T4S-A1",
        ["firmwareVersion"] = "V200R021C10",
        ["serialNumber"] = $"2102351{site:D6}",
        ["installDate"] = "2023-01-01",
        ["maintainer"] = "李工",
        ["snmpCommunity"] = "wk-ro",
        ["snmpInterfaces"] = string.Join(',', Enumerable.Range(1, 48)),
        ["monitoringEnabled"] = "是",
        ["probeIntervalSeconds"] = "30",
    });

    private static string?[] Row(Dictionary<string, string?> values) =>
        LedgerColumns.All.Select(column => values.GetValueOrDefault(column.Key)).ToArray();
}
