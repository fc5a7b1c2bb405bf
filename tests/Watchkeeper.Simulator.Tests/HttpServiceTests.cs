using System.Xml.Linq;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The cameras' snapshot URLs and the recorders' ISAPI, checked with curl.</summary>
public sealed class HttpServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly XNamespace Storage10 = "http://www.hikvision.com/ver10/XMLSchema";
    private static readonly XNamespace Isapi20 = "http://www.isapi.org/ver20/XMLSchema";
    private static readonly XNamespace Hik20 = "http://www.hikvision.com/ver20/XMLSchema";

    private readonly string _folder = Directory.CreateTempSubdirectory("wk-sim-http-").FullName;
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 5, recorders: 1, switches: 1));

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Hikvision")]
    [InlineData("Dahua")]
    [InlineData("Uniview")]
    public async Task Snapshot_DigestCredentials_ServesJpegFfprobeDecodes(string vendor)
    {
        var camera = _fleet.Cameras.First(device => device.Identity.Vendor == vendor).Info;
        var file = Path.Combine(_folder, vendor + ".jpg");

        var curl = await DebianTool.CurlAsync("-s", "--digest", "-u", $"{camera.UserName}:{camera.Password}", "-o", file, "-w", "%{http_code} %{content_type}", camera.SnapshotUrl!);
        var probe = await DebianTool.FfprobeAsync("-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file);

        curl.Output.ShouldBe("200 image/jpeg");
        probe.Output.Trim().ShouldBe("mjpeg,640,360");
        new FileInfo(file).Length.ShouldBeLessThanOrEqualTo(40 * 1024);
    }

    [Fact]
    public async Task Snapshot_WrongPassword_Unauthorized()
    {
        var camera = _fleet.Cameras[0].Info;

        var curl = await DebianTool.CurlAsync("-s", "-o", "/dev/null", "--digest", "-u", $"{camera.UserName}:wrong", "-w", "%{http_code}", camera.SnapshotUrl!);

        curl.Output.ShouldBe("401");
    }

    [Fact]
    public async Task Snapshot_TwoRequests_ServeDifferentPictures()
    {
        var camera = _fleet.Cameras[0].Info;
        var first = Path.Combine(_folder, "first.jpg");
        var second = Path.Combine(_folder, "second.jpg");

        await DebianTool.CurlAsync("-s", "--digest", "-u", $"{camera.UserName}:{camera.Password}", "-o", first, camera.SnapshotUrl!, "-o", second, camera.SnapshotUrl!);

        File.ReadAllBytes(first).ShouldNotBe(File.ReadAllBytes(second));
    }

    [Fact]
    public async Task LoginPage_NoCredentials_Ok()
    {
        var camera = _fleet.Cameras[0].Info;

        var curl = await DebianTool.CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", $"http://{camera.IpAddress}:{camera.HttpPort}/");

        curl.Output.ShouldBe("200");
    }

    [Fact]
    public async Task Isapi_DeviceInfo_ParsesWithIdentity()
    {
        var recorder = _fleet.Recorders[0].Info;

        var document = await GetIsapiAsync(recorder, "/ISAPI/System/deviceInfo");

        var root = document.Root!;
        root.Name.ShouldBe(Isapi20 + "DeviceInfo");
        root.Element(Isapi20 + "model")!.Value.ShouldBe(recorder.Model);
        root.Element(Isapi20 + "serialNumber")!.Value.ShouldBe(recorder.SerialNumber);
        root.Element(Isapi20 + "firmwareVersion")!.Value.ShouldBe(recorder.FirmwareVersion);
        root.Element(Isapi20 + "deviceType")!.Value.ShouldBe("NVR");
        root.Element(Isapi20 + "deviceName")!.Value.ShouldBe(recorder.Name);
    }

    [Fact]
    public async Task Isapi_Storage_ListsDisksInCaptureLayout()
    {
        var recorder = _fleet.Recorders[0].Info;

        var document = await GetIsapiAsync(recorder, "/ISAPI/ContentMgmt/Storage");

        // The layout of a real DS-7608NXI: storage in ver20, hddList and its disks in ver10.
        var hddList = document.Root!.Element(Storage10 + "hddList")!;
        document.Root.Name.NamespaceName.ShouldBe("http://www.hikvision.com/ver20/XMLSchema");
        hddList.Attribute("size")!.Value.ShouldBe("8");
        var disks = hddList.Elements(Storage10 + "hdd").ToList();
        disks.Count.ShouldBe(4);
        disks.ShouldAllBe(disk => disk.Element(Storage10 + "status")!.Value == "ok");
        disks[0].Element(Storage10 + "capacity")!.Value.ShouldBe("3815447");
    }

    [Fact]
    public async Task Isapi_DiskFailedAndRepaired_StatusFollows()
    {
        var recorder = _fleet.Recorders[0];

        recorder.FailDisk(2).ShouldBeTrue();
        var failed = await DiskStatusesAsync(recorder.Info);
        recorder.RepairDisk(2).ShouldBeTrue();
        var repaired = await DiskStatusesAsync(recorder.Info);

        failed.ShouldBe(["ok", "error", "ok", "ok"]);
        repaired.ShouldBe(["ok", "ok", "ok", "ok"]);
    }

    [Fact]
    public void Isapi_UnknownDisk_Refused()
    {
        _fleet.Recorders[0].FailDisk(7).ShouldBeFalse();
    }

    [Fact]
    public async Task Isapi_WrongPassword_Unauthorized()
    {
        var recorder = _fleet.Recorders[0].Info;

        var curl = await DebianTool.CurlAsync("-s", "-o", "/dev/null", "--digest", "-u", $"{recorder.UserName}:wrong", "-w", "%{http_code}", recorder.HttpApiUrl + "/ISAPI/ContentMgmt/Storage");

        curl.Output.ShouldBe("401");
    }

    [Fact]
    public async Task Isapi_UnknownPath_ResponseStatusNotSupported()
    {
        var recorder = _fleet.Recorders[0].Info;

        var curl = await DebianTool.CurlAsync("-s", "--digest", "-u", $"{recorder.UserName}:{recorder.Password}", "-w", "\n%{http_code}", recorder.HttpApiUrl + "/ISAPI/System/reboot");

        var split = curl.Output.LastIndexOf('\n');
        curl.Output[(split + 1)..].ShouldBe("404");
        XDocument.Parse(curl.Output[..split]).Root!.Element(Isapi20 + "subStatusCode")!.Value.ShouldBe("notSupport");
    }

    [Fact]
    public async Task Isapi_SearchWithGap_ListsRecordingsAroundIt()
    {
        var recorder = _fleet.Recorders[0];
        var now = recorder.LocalNow;
        var hour = now.Date.AddHours(now.Hour);
        recorder.Recordings.Channel(1)!.SetGaps([new Watchkeeper.Simulator.Gb28181.GbRecordGap(hour.AddHours(-3).AddMinutes(10), hour.AddHours(-3).AddMinutes(40))], null);

        var result = await SearchAsync(recorder.Info, 101, hour.AddHours(-4), hour.AddHours(-2));

        var spans = result.Descendants(Hik20 + "timeSpan").Select(s => $"{s.Element(Hik20 + "startTime")!.Value}/{s.Element(Hik20 + "endTime")!.Value}").ToList();
        spans.ShouldBe([
            $"{hour.AddHours(-4):yyyy-MM-dd'T'HH:mm:ss}Z/{hour.AddHours(-3):yyyy-MM-dd'T'HH:mm:ss}Z",
            $"{hour.AddHours(-3):yyyy-MM-dd'T'HH:mm:ss}Z/{hour.AddHours(-3).AddMinutes(10):yyyy-MM-dd'T'HH:mm:ss}Z",
            $"{hour.AddHours(-3).AddMinutes(40):yyyy-MM-dd'T'HH:mm:ss}Z/{hour.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss}Z",
        ]);
        result.Root!.Element(Hik20 + "responseStatusStrg")!.Value.ShouldBe("OK");
    }

    [Fact]
    public async Task Isapi_SearchUnknownTrack_NoMatches()
    {
        var recorder = _fleet.Recorders[0];

        var result = await SearchAsync(recorder.Info, 9901, recorder.LocalNow.AddHours(-2), recorder.LocalNow);

        result.Root!.Element(Hik20 + "responseStatusStrg")!.Value.ShouldBe("NO MATCHES");
    }

    private async Task<XDocument> SearchAsync(Fleet.SimulatedDeviceInfo recorder, int track, DateTime start, DateTime end)
    {
        var body = $"<CMSearchDescription version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\"><searchID>T</searchID>"
            + $"<trackIDList><trackID>{track}</trackID></trackIDList><timeSpanList><timeSpan><startTime>{start:yyyy-MM-dd'T'HH:mm:ss}Z</startTime>"
            + $"<endTime>{end:yyyy-MM-dd'T'HH:mm:ss}Z</endTime></timeSpan></timeSpanList><maxResults>50</maxResults><searchResultPostion>0</searchResultPostion></CMSearchDescription>";
        var file = Path.Combine(_folder, "search.xml");
        await File.WriteAllTextAsync(file, body, TestContext.Current.CancellationToken);
        var curl = await DebianTool.CurlAsync("-s", "--fail", "--digest", "-u", $"{recorder.UserName}:{recorder.Password}", "-H", "Content-Type: application/xml",
            "--data-binary", "@" + file, recorder.HttpApiUrl + "/ISAPI/ContentMgmt/search");
        curl.ExitCode.ShouldBe(0, curl.ToString());
        return XDocument.Parse(curl.Output);
    }

    private async Task<List<string>> DiskStatusesAsync(Fleet.SimulatedDeviceInfo recorder)
    {
        var document = await GetIsapiAsync(recorder, "/ISAPI/ContentMgmt/Storage");
        return document.Descendants(Storage10 + "status").Select(status => status.Value).ToList();
    }

    private static async Task<XDocument> GetIsapiAsync(Fleet.SimulatedDeviceInfo recorder, string path)
    {
        var curl = await DebianTool.CurlAsync("-s", "--fail", "--digest", "-u", $"{recorder.UserName}:{recorder.Password}", recorder.HttpApiUrl + path);
        curl.ExitCode.ShouldBe(0, curl.ToString());
        return XDocument.Parse(curl.Output);
    }
}
