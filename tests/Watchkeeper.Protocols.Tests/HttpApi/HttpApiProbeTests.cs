using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.HttpApi;

/// <summary>The HTTP API probe against loopback servers that serve the real captures behind Digest authentication.</summary>
public sealed class HttpApiProbeTests
{
    private const string IsapiDeviceInfo = "/ISAPI/System/deviceInfo";
    private const string IsapiStorage = "/ISAPI/ContentMgmt/Storage";
    private const string DahuaSystemInfo = "/cgi-bin/magicBox.cgi?action=getSystemInfo";
    private const string DahuaSoftware = "/cgi-bin/magicBox.cgi?action=getSoftwareVersion";
    private const string DahuaStorage = "/cgi-bin/storageDevice.cgi?action=getDeviceAllInfo";

    private readonly HttpApiProbe _probe = new();

    [Fact]
    public async Task Run_HikvisionRecorderCaptures_ReachableWithFacts()
    {
        await using var device = await HikvisionRecorderAsync();

        var outcome = await _probe.RunAsync(Target(device, "海康威视"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.Model].ShouldBe("DS-7608NXI-I2/8P/S");
        outcome.Facts[ProbeFacts.FirmwareVersion].ShouldBe("V4.62.210 build 230612");
        outcome.Detail.ShouldContain("ISAPI");
        outcome.Detail.ShouldContain("2 of 2 storage units healthy");
        device.Digest.Challenges.ShouldBeGreaterThan(0);
        device.Served.ShouldBe([IsapiDeviceInfo, IsapiStorage]);
    }

    [Fact]
    public async Task Run_HddError_DiskAbnormalFinding()
    {
        await using var device = await HikvisionRecorderAsync(storage: Capture("isapi_hik_nvr_storage_hdd_and_nas.xml")
            .Replace("<status>ok</status>\n      <capacity>30436", "<status>error</status>\n      <capacity>30436", StringComparison.Ordinal));

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.DiskAbnormal);
        finding.Subject.ShouldBe("HDD 1");
        finding.Detail.ShouldStartWith("HDD 1 status: error");
        outcome.Status.ShouldBe(ProbeStatus.Reachable);
    }

    [Fact]
    public async Task Run_RecorderWithoutDisks_DiskMissingFinding()
    {
        await using var device = await HikvisionRecorderAsync(storage: "<storage><hddList/><nasList/><workMode>group</workMode></storage>");

        var outcome = await _probe.RunAsync(Target(device, "HIKVISION"), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.DiskMissing);
        finding.Detail.ShouldContain("no disk at all");
    }

    [Fact]
    public async Task Run_CameraWithoutCard_NoFinding()
    {
        await using var device = await HikvisionRecorderAsync(
            deviceInfo: "<DeviceInfo><model>DS-2CD2143G2-I</model><deviceType>IPCamera</deviceType></DeviceInfo>",
            storage: "<storage><hddList/></storage>");

        var outcome = await _probe.RunAsync(Target(device, "Hikvision", DeviceKind.Camera), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_EmptySlot_DiskMissingForThatSlot()
    {
        await using var device = await HikvisionRecorderAsync(storage: "<storage><hddList><hdd><id>1</id><status>ok</status></hdd><hdd><id>2</id><status>notexist</status></hdd></hddList></storage>");

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.DiskMissing);
        finding.Subject.ShouldBe("HDD 2");
    }

    [Fact]
    public async Task Run_WrongPassword_AuthenticationFailedFinding()
    {
        await using var device = await HikvisionRecorderAsync();

        var outcome = await _probe.RunAsync(Target(device, "Hikvision", password: "wrong"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Subject.ShouldBe("HTTP API");
        finding.Detail.ShouldContain("HTTP 401");
        finding.Detail.ShouldNotContain("wrong");
        device.Digest.Rejected.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Run_NoCredentials_AuthenticationFailedSaysSo()
    {
        await using var device = await HikvisionRecorderAsync();

        var outcome = await _probe.RunAsync(Target(device, "Hikvision", userName: null), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldHaveSingleItem().Detail.ShouldContain("the ledger has none");
    }

    [Fact]
    public async Task Run_StorageForbidden_ReachableWithNote()
    {
        await using var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);
        device.Route(IsapiDeviceInfo, Capture("isapi_hik_nvr_deviceinfo.xml"))
            .Route(IsapiStorage, "<ResponseStatus><statusCode>4</statusCode><statusString>Invalid Operation</statusString><subStatusCode>lowPrivilege</subStatusCode></ResponseStatus>", status: 403);

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Detail.ShouldContain("storage not read: HTTP 403 Forbidden (Invalid Operation (lowPrivilege))");
    }

    [Fact]
    public async Task Run_DahuaSdCardCapture_ReachableWithFacts()
    {
        await using var device = await DahuaCameraAsync(Capture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt"));

        var outcome = await _probe.RunAsync(Target(device, "大华", DeviceKind.Camera), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts[ProbeFacts.Model].ShouldBe("IPC-HFW2431S-S-S2");
        outcome.Facts[ProbeFacts.SerialNumber].ShouldBe("4J0123PAZ00001");
        outcome.Facts[ProbeFacts.FirmwareVersion].ShouldBe("2.800.0000000.16.R,build:2021-06-23");
        outcome.Detail.ShouldContain("Dahua CGI");
    }

    [Fact]
    public async Task Run_DahuaCardError_DiskAbnormalFinding()
    {
        await using var device = await DahuaCameraAsync(Capture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt")
            .Replace("State=Success", "State=Error", StringComparison.Ordinal));

        var outcome = await _probe.RunAsync(Target(device, "Dahua", DeviceKind.Camera), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.DiskAbnormal);
        finding.Subject.ShouldBe("/dev/mmc0");
        finding.Detail.ShouldStartWith("/dev/mmc0 status: Error");
    }

    [Fact]
    public async Task Run_DahuaStorageErrorReply_ReachableWithNote()
    {
        await using var device = await DahuaCameraAsync("Error\r\nBad Request!\r\n");

        var outcome = await _probe.RunAsync(Target(device, "Dahua", DeviceKind.Camera), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Detail.ShouldContain("storage not read");
        outcome.Detail.ShouldContain("Error Bad Request!");
    }

    [Fact]
    public async Task Run_UnknownVendor_FallsBackToDahua()
    {
        await using var device = await DahuaCameraAsync(Capture("dahua_cgi_storagedevice_getdeviceallinfo_sdcard.txt"));

        var outcome = await _probe.RunAsync(Target(device, vendor: null, DeviceKind.Camera), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Detail.ShouldContain("Dahua CGI");
        device.Served.First().ShouldBe(IsapiDeviceInfo);
    }

    [Fact]
    public async Task Run_UnknownVendorNeitherApi_Skipped()
    {
        await using var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, vendor: "Uniview", DeviceKind.Camera), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
        outcome.Detail.ShouldContain("does not offer ISAPI");
        outcome.Detail.ShouldContain("does not offer Dahua CGI");
    }

    [Fact]
    public async Task Run_HikvisionWithoutIsapi_UnexpectedStatus()
    {
        await using var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        outcome.Detail.ShouldContain("HTTP 404");
        outcome.Detail.ShouldContain("check the HTTP API URL and port");
    }

    [Fact]
    public async Task Run_IsapiReturnsWebPage_ProtocolError()
    {
        await using var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);
        device.Route(IsapiDeviceInfo, "<!DOCTYPE html><html><body>login</body></html>", "text/html");

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not XML");
    }

    [Fact]
    public async Task Run_ServerError_UnexpectedStatus()
    {
        await using var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);
        device.Route(IsapiDeviceInfo, "busy", "text/plain", status: 503);

        var outcome = await _probe.RunAsync(Target(device, "Hikvision"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        outcome.Detail.ShouldContain("HTTP 503");
    }

    [Fact]
    public async Task Run_NoAddress_Skipped()
    {
        var outcome = await _probe.RunAsync(new ProbeTarget { DeviceId = 9, Code = "NVR-9", Kind = DeviceKind.Recorder }, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
    }

    [Theory]
    [InlineData("海康威视", null, "ISAPI")]
    [InlineData("HIKVISION", null, "ISAPI")]
    [InlineData("大华股份", null, "Dahua CGI")]
    [InlineData("Zhejiang Dahua", null, "Dahua CGI")]
    [InlineData(null, "http://10.0.0.5/ISAPI/System/deviceInfo", "ISAPI")]
    [InlineData(null, "http://10.0.0.5/cgi-bin/magicBox.cgi", "Dahua CGI")]
    [InlineData("Uniview", "http://10.0.0.5/", null)]
    public void ChooseApi_VendorOrUrl_PicksFlavour(string? vendor, string? url, string? expected)
    {
        var target = new ProbeTarget { DeviceId = 1, Code = "X", Kind = DeviceKind.Recorder, Vendor = vendor, HttpApiUrl = url };

        HttpApiProbe.ChooseApi(target)?.Name.ShouldBe(expected);
    }

    [Fact]
    public void BaseUri_UrlWithUserInfo_KeepsServerOnly()
    {
        var target = new ProbeTarget { DeviceId = 1, Code = "X", Kind = DeviceKind.Recorder, HttpApiUrl = "https://admin:secret@10.0.0.5:8443/ISAPI/" };

        HttpApiProbe.BaseUri(target)!.ToString().ShouldBe("https://10.0.0.5:8443/");
    }

    [Fact]
    public void BaseUri_AddressAndPort_BuildsHttpUrl()
    {
        var target = new ProbeTarget { DeviceId = 1, Code = "X", Kind = DeviceKind.Recorder, IpAddress = "10.0.0.5", HttpPort = 8080 };

        HttpApiProbe.BaseUri(target)!.ToString().ShouldBe("http://10.0.0.5:8080/");
    }

    private static async Task<DeviceWebServer> HikvisionRecorderAsync(string? deviceInfo = null, string? storage = null)
    {
        var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);
        device.Route(IsapiDeviceInfo, deviceInfo ?? Capture("isapi_hik_nvr_deviceinfo.xml"))
            .Route(IsapiStorage, storage ?? Capture("isapi_hik_nvr_storage_hdd_and_nas.xml"));
        return device;
    }

    /// <summary>Serves Dahua's key=value replies; the magicBox bodies are written in that format, as no capture of them is at hand.</summary>
    private static async Task<DeviceWebServer> DahuaCameraAsync(string storage)
    {
        var device = await DeviceWebServer.StartAsync(TestContext.Current.CancellationToken);
        device.Route(DahuaSystemInfo, "deviceType=IPC-HFW2431S-S-S2\r\nhardwareVersion=1.00\r\nprocessor=S2L55M\r\nserialNumber=4J0123PAZ00001\r\nupdateSerial=IPC-HFW2431S-S-S2\r\n", "text/plain")
            .Route(DahuaSoftware, "version=2.800.0000000.16.R,build:2021-06-23\r\n", "text/plain")
            .Route(DahuaStorage, storage, "text/plain");
        return device;
    }

    private static string Capture(string name) => Fixtures.ReadCapture(name);

    private static ProbeTarget Target(
        DeviceWebServer device,
        string? vendor,
        DeviceKind kind = DeviceKind.Recorder,
        string? userName = DeviceWebServer.UserName,
        string password = DeviceWebServer.Password) => new()
    {
        DeviceId = 7,
        Code = "NVR-07",
        Kind = kind,
        HttpApiUrl = device.BaseUri.ToString(),
        Vendor = vendor,
        UserName = userName,
        Password = userName is null ? null : password,
        Timeout = TimeSpan.FromSeconds(5),
    };
}
