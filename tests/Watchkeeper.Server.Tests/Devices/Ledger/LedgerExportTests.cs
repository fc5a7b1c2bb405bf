using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Devices.Ledger.LedgerFiles;

namespace Watchkeeper.Server.Tests.Devices.Ledger;

public sealed class LedgerExportTests
{
    /// <summary>A switch, a recorder with a channel and a camera, with every column filled in.</summary>
    private static string FullLedger() => Csv(LedgerFiles.Headers,
        ["SW-001", "汇聚交换机", "交换机", "某市公安局/城区分局", "机房 A 柜", "10.1.0.1", "80", "", "161", "", "", "", "http://10.1.0.1",
            "华为", "S5735", "V200R021", "SN-SW-1", "", "", "2023-01-15", "2026-01-14", "李工", "", "admin", "Switch-1", "private-rw", "1,2,24", "是", "60"],
        ["NVR-001", "一号录像机", "录像机", "某市公安局/城区分局", "机房 A 柜", "10.1.0.10", "80", "554", "", "rtsp://10.1.0.10/ch1", "",
            "", "http://10.1.0.10", "海康威视", "DS-7916N", "V4.1", "SN-NVR-1", "34020000001180000001", "SW-001", "2023-02-01", "2026-01-31",
            "李工", "16 路", "admin", "Nvr-1", "", "", "是", ""],
        ["CH-001", "一号通道", "通道", "某市公安局/城区分局/人民路派出所", "人民路口", "", "", "", "", "rtsp://10.1.0.10/Streaming/Channels/101",
            "", "", "", "", "", "", "", "34020000001310000001", "NVR-001", "", "", "", "", "", "", "", "", "否", "300"],
        ["CAM-001", "人民路口-01", "摄像机", "某市公安局/城区分局/人民路派出所", "人民路与解放路交叉口东北角", "10.1.0.100", "80", "554", "",
            "rtsp://10.1.0.100:554/Streaming/Channels/101", "http://10.1.0.100/onvif/device_service",
            "http://10.1.0.100/ISAPI/Streaming/channels/101/picture", "http://10.1.0.100", "大华", "DH-IPC-HFW", "V2.8", "SN-CAM-1",
            "34020000001320000001", "SW-001", "2024-05-01", "2027-04-30", "张工 13800000000", "第一行\n第二行, 含逗号", "admin", "Camera-1", "",
            "", "是", "60"]);

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ExportThenImport_Xlsx_ChangesNothing(DatabaseProvider provider)
    {
        await RoundTripAsync(provider, "xlsx");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ExportThenImport_Csv_ChangesNothing(DatabaseProvider provider)
    {
        await RoundTripAsync(provider, "csv");
    }

    [Fact]
    public async Task Export_Csv_NeverContainsSecrets()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, FullLedger());

        var csv = await ExportTextAsync(client, "/api/v1/devices/export?format=csv");

        csv.ShouldNotContain("Camera-1");
        csv.ShouldNotContain("Switch-1");
        csv.ShouldNotContain("private-rw");
        csv.ShouldContain("人民路与解放路交叉口东北角");
    }

    [Fact]
    public async Task Export_Xlsx_NeverContainsSecrets()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, FullLedger());

        var rows = ReadXlsx(await client.GetByteArrayAsync("/api/v1/devices/export?format=xlsx", TestContext.Current.CancellationToken));

        var password = Array.IndexOf(LedgerFiles.Headers, "密码");
        var community = Array.IndexOf(LedgerFiles.Headers, "SNMP团体名");
        rows.Count.ShouldBe(5);
        rows.Skip(1).ShouldAllBe(r => string.IsNullOrEmpty(r[password]) && string.IsNullOrEmpty(r[community]));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.invalid\",\"点我\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public async Task Export_FormulaText_IsQuotedAndImportsBack(string name)
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, Csv(["设备编码", "设备名称", "设备类型", "所属组织"], ["CAM-001", name, "摄像机", "某市"]));

        var csv = await ExportTextAsync(client, "/api/v1/devices/export?format=csv");
        var workbook = await client.GetByteArrayAsync("/api/v1/devices/export?format=xlsx", TestContext.Current.CancellationToken);
        var reimport = await ImportAsync(client, workbook, "export.xlsx");

        var line = csv.Split("\r\n")[1];
        line.Split(',')[1].TrimStart('"').ShouldStartWith("'" + name[0]);
        ReadXlsx(workbook)[1][1].ShouldBe("'" + name);
        reimport.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(reimport)).GetProperty("unchanged").GetInt32().ShouldBe(1);
        (await LedgerImportTests.LoadAsync(app, "CAM-001")).Name.ShouldBe(name);
    }

    [Fact]
    public async Task Export_KindFilter_ExportsOnlyThatKind()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, FullLedger());

        var csv = await ExportTextAsync(client, "/api/v1/devices/export?format=csv&kind=Camera");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[1].ShouldStartWith("CAM-001,");
        lines[1].ShouldContain(",SW-001,");
    }

    [Fact]
    public async Task Export_UnknownFormat_Returns400()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();

        var response = await client.GetAsync("/api/v1/devices/export?format=xls", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.format.invalid");
    }

    private static async Task RoundTripAsync(DatabaseProvider provider, string format)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        (await ImportCsvAsync(client, FullLedger())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await SnapshotAsync(app);

        var exported = await client.GetAsync($"/api/v1/devices/export?format={format}", TestContext.Current.CancellationToken);
        exported.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await exported.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var reimport = await ImportAsync(client, bytes, $"export.{format}");

        reimport.StatusCode.ShouldBe(HttpStatusCode.OK, await reimport.Content.ReadAsStringAsync());
        var report = await JsonAsync(reimport);
        report.GetProperty("unchanged").GetInt32().ShouldBe(4);
        report.GetProperty("updated").GetInt32().ShouldBe(0);
        var after = await SnapshotAsync(app);
        after.ShouldBe(before);
    }

    /// <summary>Every ledger field of every device, parents and organizations as codes and paths, for comparison.</summary>
    private static async Task<List<string>> SnapshotAsync(WatchkeeperApp app)
    {
        await using var db = app.CreateDbContext();
        var devices = await db.Devices.AsNoTracking().OrderBy(d => d.Code).ToListAsync(TestContext.Current.CancellationToken);
        var codes = devices.ToDictionary(d => d.Id, d => d.Code);
        return devices.Select(d => string.Join('|',
            d.Code, d.Name, d.Kind, d.OrganizationId, d.InstallLocation, d.IpAddress, d.HttpPort, d.RtspPort, d.SnmpPort, d.RtspUrl,
            d.OnvifUrl, d.SnapshotUrl, d.HttpApiUrl, d.Vendor, d.Model, d.FirmwareVersion, d.SerialNumber, d.GbId,
            d.ParentId is { } p ? codes[p] : "", d.InstallDate, d.WarrantyEnd, d.Maintainer, d.Notes, d.UserName, d.EncryptedPassword,
            d.EncryptedSnmpCommunity, d.SnmpInterfaces, d.MonitoringEnabled, d.ProbeIntervalSeconds, d.CredentialVersion, d.UpdatedAt))
            .ToList();
    }

    private static async Task<string> ExportTextAsync(HttpClient client, string path)
    {
        var bytes = await client.GetByteArrayAsync(path, TestContext.Current.CancellationToken);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }
}
