using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Devices.Ledger.LedgerFiles;

namespace Watchkeeper.Server.Tests.Devices.Ledger;

// Rejected imports and reads share one server, because starting one costs seconds and a rejected import writes
// nothing; imports that succeed start their own.
public sealed class LedgerImportTests(SharedApps shared) : IClassFixture<SharedApps>
{
    private static readonly string[] BasicHeaders = ["设备编码", "设备名称", "设备类型", "所属组织", "IP地址", "上级设备编码"];

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_ParentLaterInFile_CreatesTopologyAndOrganizations(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var csv = Csv(BasicHeaders,
            ["CAM-001", "人民路口-01", "摄像机", "某市公安局/城区分局/人民路派出所", "10.1.2.3", "SW-001"],
            ["CH-001", "通道 1", "通道", "某市公安局/城区分局/人民路派出所", "", "NVR-001"],
            ["NVR-001", "录像机", "NVR", "某市公安局/城区分局", "10.1.2.10", "SW-001"],
            ["SW-001", "汇聚交换机", "交换机", "某市公安局/城区分局", "10.1.2.1", ""]);

        var response = await ImportCsvAsync(client, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await JsonAsync(response);
        report.GetProperty("created").GetInt32().ShouldBe(4);
        report.GetProperty("organizationsCreated").GetInt32().ShouldBe(3);
        await using var db = app.CreateDbContext();
        var devices = await db.Devices.AsNoTracking().ToDictionaryAsync(d => d.Code, TestContext.Current.CancellationToken);
        devices["CAM-001"].ParentId.ShouldBe(devices["SW-001"].Id);
        devices["CH-001"].ParentId.ShouldBe(devices["NVR-001"].Id);
        devices["NVR-001"].Kind.ShouldBe(DeviceKind.Recorder);
        var station = await db.Organizations.SingleAsync(o => o.Name == "人民路派出所", TestContext.Current.CancellationToken);
        devices["CAM-001"].OrganizationId.ShouldBe(station.Id);
        var branch = await db.Organizations.SingleAsync(o => o.Name == "城区分局", TestContext.Current.CancellationToken);
        station.ParentId.ShouldBe(branch.Id);
        devices["SW-001"].OrganizationId.ShouldBe(branch.Id);
        var tree = await client.GetStringAsync("/api/v1/organizations", TestContext.Current.CancellationToken);
        tree.ShouldContain("某市公安局/城区分局/人民路派出所");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_BadRows_WritesNothingAndReportsEachCell(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        string[] headers = ["设备编码", "设备名称", "设备类型", "所属组织", "IP地址", "RTSP端口", "RTSP地址", "国标编码", "上级设备编码", "安装日期"];
        var csv = Csv(headers,
            ["CAM-001", "好的一行", "摄像机", "新组织/新站点", "10.0.0.1", "554", "rtsp://10.0.0.1/1", "34020000001320000001", "", "2024-05-01"],
            ["CAM-002", "坏 IP", "摄像机", "新组织", "10.0.0.256", "", "", "", "", ""],
            ["CAM-001", "重复编码", "摄像机", "新组织", "", "", "", "", "", ""],
            ["CAM-003", "未知上级", "摄像机", "新组织", "", "", "", "", "SW-404", ""],
            ["CAM-004", "坏国标", "摄像机", "新组织", "", "", "", "34020000001990000001", "", ""],
            ["CAM-005", "坏地址", "摄像机", "新组织", "", "", "http://10.0.0.5/1", "", "", ""],
            ["CAM-006", "坏端口", "摄像机", "新组织", "", "70000", "", "", "", ""],
            ["CAM-007", "坏日期", "摄像机", "新组织", "", "", "", "", "", "2024-13-45"],
            ["CAM-008", "坏类型", "云台", "新组织", "", "", "", "", "", ""],
            ["CAM-009", "坏组织", "摄像机", "///", "", "", "", "", "", ""],
            ["", "缺编码", "摄像机", "新组织", "", "", "", "", "", ""]);

        var response = await ImportCsvAsync(client, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await JsonAsync(response);
        var errors = Errors(problem);
        errors.ShouldContain((3, "IP地址", "device.ipAddress.invalid"));
        errors.ShouldContain((4, "设备编码", "ledger.code.duplicate"));
        errors.ShouldContain((5, "上级设备编码", "ledger.parentCode.not_found"));
        errors.ShouldContain((6, "国标编码", "device.gbId.invalid"));
        errors.ShouldContain((7, "RTSP地址", "device.rtspUrl.invalid"));
        errors.ShouldContain((8, "RTSP端口", "device.rtspPort.invalid"));
        errors.ShouldContain((9, "安装日期", "ledger.date.invalid"));
        errors.ShouldContain((10, "设备类型", "ledger.kind.invalid"));
        errors.ShouldContain((11, "所属组织", "ledger.organization.invalid"));
        errors.ShouldContain((12, "设备编码", "device.code.missing"));
        errors.ShouldNotContain(e => e.Row == 2);
        problem.GetProperty("badRowCount").GetInt32().ShouldBe(10);
        problem.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain(" / ");
        await using var db = app.CreateDbContext();
        (await db.Devices.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.Organizations.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_SameFileTwice_UpdatesInsteadOfDuplicating(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var first = Csv(BasicHeaders,
            ["SW-001", "交换机", "交换机", "某市公安局", "10.0.0.1", ""],
            ["CAM-001", "人民路口-01", "摄像机", "某市公安局", "10.0.0.2", "SW-001"]);
        var edited = Csv(BasicHeaders,
            ["SW-001", "交换机", "交换机", "某市公安局", "10.0.0.1", ""],
            ["CAM-001", "人民路口-01（改）", "摄像机", "某市公安局", "10.0.0.2", "SW-001"]);

        (await ImportCsvAsync(client, first)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await JsonAsync(await ImportCsvAsync(client, first));
        var changed = await JsonAsync(await ImportCsvAsync(client, edited));

        again.GetProperty("created").GetInt32().ShouldBe(0);
        again.GetProperty("unchanged").GetInt32().ShouldBe(2);
        changed.GetProperty("updated").GetInt32().ShouldBe(1);
        await using var db = app.CreateDbContext();
        (await db.Devices.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(2);
        (await db.Organizations.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        (await db.Devices.SingleAsync(d => d.Code == "CAM-001", TestContext.Current.CancellationToken)).Name.ShouldBe("人民路口-01（改）");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_BlankPassword_KeepsStoredPassword(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        string[] headers = ["设备编码", "设备名称", "设备类型", "所属组织", "用户名", "密码", "SNMP团体名"];
        var protector = app.Services.GetRequiredService<CredentialProtector>();

        await ImportCsvAsync(client, Csv(headers, ["CAM-001", "摄像机", "摄像机", "某市", "admin", "Secret-1", "public-ro"]));
        var stored = await LoadAsync(app, "CAM-001");
        await ImportCsvAsync(client, Csv(headers, ["CAM-001", "摄像机", "摄像机", "某市", "admin", "", ""]));
        var kept = await LoadAsync(app, "CAM-001");
        await ImportCsvAsync(client, Csv(headers, ["CAM-001", "摄像机", "摄像机", "某市", "admin", "Secret-2", ""]));
        var replaced = await LoadAsync(app, "CAM-001");

        protector.Unprotect(stored.EncryptedPassword, stored.Id).ShouldBe("Secret-1");
        protector.Unprotect(stored.EncryptedSnmpCommunity, stored.Id).ShouldBe("public-ro");
        kept.EncryptedPassword.ShouldBe(stored.EncryptedPassword);
        kept.EncryptedSnmpCommunity.ShouldBe(stored.EncryptedSnmpCommunity);
        kept.CredentialVersion.ShouldBe(stored.CredentialVersion);
        protector.Unprotect(replaced.EncryptedPassword, replaced.Id).ShouldBe("Secret-2");
        replaced.CredentialVersion.ShouldBe(stored.CredentialVersion + 1);
        replaced.EncryptedSnmpCommunity.ShouldBe(stored.EncryptedSnmpCommunity);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_ExistingLedgerParent_LinksToIt(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, Csv(BasicHeaders, ["NVR-001", "录像机", "录像机", "某市/城区", "10.0.0.9", ""]));

        var response = await ImportCsvAsync(client, Csv(BasicHeaders, ["CH-001", "通道 1", "Channel", "某市/城区", "", "NVR-001"]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var recorder = await LoadAsync(app, "NVR-001");
        (await LoadAsync(app, "CH-001")).ParentId.ShouldBe(recorder.Id);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_TopologyErrors_AreReported(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var csv = Csv(BasicHeaders,
            ["SW-A", "交换机 A", "交换机", "某市", "", "SW-B"],
            ["SW-B", "交换机 B", "交换机", "某市", "", "SW-A"],
            ["CH-001", "没有上级的通道", "通道", "某市", "", ""],
            ["CAM-001", "摄像机", "摄像机", "某市", "", "CAM-002"],
            ["CAM-002", "摄像机", "摄像机", "某市", "", ""],
            ["SW-C", "自己挂自己", "交换机", "某市", "", "SW-C"]);

        var errors = Errors(await JsonAsync(await ImportCsvAsync(client, csv)));

        errors.ShouldContain((2, "上级设备编码", "device.parentId.cycle"));
        errors.ShouldContain((3, "上级设备编码", "device.parentId.cycle"));
        errors.ShouldContain((4, "上级设备编码", "device.parentId.missing"));
        errors.ShouldContain((5, "上级设备编码", "device.parentId.kind"));
        errors.ShouldContain((7, "上级设备编码", "device.parentId.cycle"));
        errors.ShouldNotContain(e => e.Row == 6);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_FewerColumns_KeepsFieldsOfMissingColumns(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        string[] full = ["设备编码", "设备名称", "设备类型", "所属组织", "IP地址", "厂商", "巡检间隔(秒)"];
        await ImportCsvAsync(client, Csv(full, ["CAM-001", "摄像机", "摄像机", "某市", "10.0.0.1", "海康威视", "120"]));

        var response = await ImportCsvAsync(client, Csv(["code", "name", "kind", "organization", "vendor"], ["CAM-001", "改名", "Camera", "某市", ""]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var device = await LoadAsync(app, "CAM-001");
        device.Name.ShouldBe("改名");
        device.Vendor.ShouldBeNull();
        device.IpAddress.ShouldBe("10.0.0.1");
        device.ProbeIntervalSeconds.ShouldBe(120);
    }

    [Fact]
    public async Task Import_KindChangeUnderExistingChildren_IsRejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await ImportCsvAsync(client, Csv(BasicHeaders,
            ["NVR-001", "录像机", "录像机", "某市", "", ""],
            ["CH-001", "通道 1", "通道", "某市", "", "NVR-001"]));

        var response = await ImportCsvAsync(client, Csv(BasicHeaders, ["NVR-001", "录像机", "交换机", "某市", "", ""]));

        Errors(await JsonAsync(response)).ShouldBe([(2, "设备类型", "ledger.kind.children")]);
        (await LoadAsync(app, "NVR-001")).Kind.ShouldBe(DeviceKind.Recorder);
    }

    [Fact]
    public async Task OpenApi_DescribesLedgerEndpoints()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        document.ShouldContain("/api/v1/devices/import");
        document.ShouldContain("/api/v1/devices/export");
        document.ShouldContain("/api/v1/devices/import/template");
        document.ShouldContain("multipart/form-data");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Import_Success_ReloadsMonitoringOnce(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var control = new CountingMonitoringControl();
        await using var app = new WatchkeeperApp(database, configureServices: services =>
            services.AddSingleton<IMonitoringControl>(sp => control.Wrap(sp.GetRequiredService<ProbeScheduler>())));
        using var client = await app.CreateAdminClientAsync();

        await ImportCsvAsync(client, Csv(BasicHeaders, ["CAM-001", "摄像机", "摄像机", "某市", "10.0.0.300", ""]));
        await ImportCsvAsync(client, Csv(BasicHeaders, ["CAM-001", "摄像机", "摄像机", "某市", "10.0.0.3", ""]));

        control.LedgerReloads.ShouldBe(1);
    }

    [Fact]
    public async Task Import_EnglishHeadersAndKindNames_AreAccepted()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var csv = Csv(["code", "name", "kind", "organization", "ipAddress", "monitoringEnabled", "probeIntervalSeconds"],
            ["SRV-001", "Video server", "server", "Campus/Data center", "10.9.0.1", "no", "120"]);

        var response = await ImportCsvAsync(client, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var device = await LoadAsync(app, "SRV-001");
        device.Kind.ShouldBe(DeviceKind.Server);
        device.MonitoringEnabled.ShouldBeFalse();
        device.ProbeIntervalSeconds.ShouldBe(120);
    }

    [Fact]
    public async Task Import_UnknownColumn_IsReportedInHeaderRow()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var csv = Csv(["设备编码", "设备名称", "设备类型", "所属组织", "颜色"], ["CAM-001", "摄像机", "摄像机", "某市", "红"]);

        var response = await ImportCsvAsync(client, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Errors(await JsonAsync(response)).ShouldBe([(1, "颜色", "ledger.header.unknown")]);
    }

    [Fact]
    public async Task Import_MissingRequiredColumns_AreReportedOnceEach()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var csv = Csv(["设备编码", "设备名称"], ["CAM-001", "摄像机"], ["CAM-002", "摄像机"]);

        var errors = Errors(await JsonAsync(await ImportCsvAsync(client, csv)));

        errors.ShouldBe([(1, "设备类型", "ledger.header.missing"), (1, "所属组织", "ledger.header.missing")]);
    }

    [Fact]
    public async Task Import_WrongFileType_Returns415()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var response = await ImportAsync(client, Utf8("设备编码,设备名称\r\n"), "ledger.txt");

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var problem = await JsonAsync(response);
        problem.GetProperty("code").GetString().ShouldBe("ledger.file.type");
        problem.GetProperty("detail").GetString()!.ShouldContain(".txt");
    }

    [Fact]
    public async Task Import_TruncatedXlsx_ReturnsClearError()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        var workbook = Xlsx(BasicHeaders, ["CAM-001", "摄像机", "摄像机", "某市", "10.0.0.1", ""]);

        var response = await ImportAsync(client, workbook[..(workbook.Length / 2)], "ledger.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.xlsx.damaged");
    }

    [Fact]
    public async Task Import_CsvNamedXlsx_ReturnsClearError()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();

        var response = await ImportAsync(client, Utf8(Csv(BasicHeaders, ["CAM-001", "摄像机", "摄像机", "某市", "", ""])), "ledger.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.xlsx.damaged");
    }

    [Fact]
    public async Task Import_FileOverLimit_Returns413()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?> { ["Ledger:MaxFileBytes"] = "1024" });
        using var client = await app.CreateAdminClientAsync();
        var rows = Enumerable.Range(1, 100).Select(i => (IReadOnlyList<string?>)[$"CAM-{i:D3}", "摄像机", "摄像机", "某市", "", ""]).ToArray();

        var response = await ImportCsvAsync(client, Csv(BasicHeaders, rows));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.file.too_large");
    }

    [Fact]
    public async Task Import_NoFileInForm_Returns400()
    {
        var app = await shared.GetAsync();
        using var client = await app.CreateAdminClientAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };

        var response = await client.PostAsync(ImportPath, form, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().ShouldBe("ledger.file.missing");
    }

    [Theory]
    [InlineData("POST", "/api/v1/devices/import")]
    [InlineData("GET", "/api/v1/devices/export?format=csv")]
    [InlineData("GET", "/api/v1/devices/import/template?format=xlsx")]
    public async Task LedgerEndpoints_WithoutToken_Return401(string method, string path)
    {
        var app = await shared.GetAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new MultipartFormDataContent { { new ByteArrayContent(Utf8("a,b\r\n")), "file", "ledger.csv" } };
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var db = app.CreateDbContext();
        (await db.Devices.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    internal static async Task<Device> LoadAsync(WatchkeeperApp app, string code)
    {
        await using var db = app.CreateDbContext();
        return await db.Devices.AsNoTracking().SingleAsync(d => d.Code == code, TestContext.Current.CancellationToken);
    }

    /// <summary>Counts the ledger reloads an import requests and passes every call on to the real scheduler.</summary>
    private sealed class CountingMonitoringControl
    {
        private int _ledgerReloads;

        public int LedgerReloads => _ledgerReloads;

        public IMonitoringControl Wrap(IMonitoringControl inner) => new Forwarder(this, inner);

        private sealed class Forwarder(CountingMonitoringControl counter, IMonitoringControl inner) : IMonitoringControl
        {
            public void DeviceChanged(long deviceId) => inner.DeviceChanged(deviceId);

            public void DeviceRemoved(long deviceId) => inner.DeviceRemoved(deviceId);

            public void ProbeNow(long deviceId) => inner.ProbeNow(deviceId);

            public void LedgerReloaded()
            {
                Interlocked.Increment(ref counter._ledgerReloads);
                inner.LedgerReloaded();
            }
        }
    }
}
