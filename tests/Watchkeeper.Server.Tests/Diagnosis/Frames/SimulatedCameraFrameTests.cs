using System.Diagnostics;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Diagnosis.Frames;

/// <summary>Both frame sources against the simulator's cameras: their stream, their snapshots and their picture faults.</summary>
public sealed class SimulatedCameraFrameTests : IAsyncLifetime
{
    private SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await FrameSourceHarness.StartCamerasAsync(cameras: 5);

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Rtsp_SeveralFrames_ComeAnIntervalApart()
    {
        var camera = _fleet.Cameras[0].Info;
        var clock = Stopwatch.StartNew();

        var result = await FrameSourceHarness.Rtsp().GrabAsync(RtspRequest(camera, frames: 3, intervalSeconds: 0.5), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        result.Value.Images.Select(image => image.Name).ShouldBe(["rtsp frame 1", "rtsp frame 2", "rtsp frame 3"]);
        result.Value.Interval.ShouldBe(TimeSpan.FromSeconds(0.5));
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Rtsp_DahuaQueryPath_ReturnsFrame()
    {
        var dahua = _fleet.Cameras.First(camera => camera.Identity.Vendor == "Dahua").Info;

        var result = await FrameSourceHarness.Rtsp().GrabAsync(RtspRequest(dahua), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
    }

    [Fact]
    public async Task Rtsp_SignalLoss_FrameIsBlack()
    {
        var camera = _fleet.Cameras[1];
        camera.SetPictureFault(PictureFaultKind.SignalLoss);

        var result = await FrameSourceHarness.Rtsp().GrabAsync(RtspRequest(camera.Info), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        FrameSourceHarness.MeanBrightness(result.Value)[0].ShouldBeLessThan(20);
    }

    [Fact]
    public async Task Rtsp_StalledStream_TimesOutWhileStreaming()
    {
        var camera = _fleet.Cameras[2];
        camera.SetStreamStalled(true);

        var result = await FrameSourceHarness.Rtsp(FrameSourceHarness.Options(timeoutSeconds: 2)).GrabAsync(RtspRequest(camera.Info), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.Timeout);
        result.FirstError.Message.ShouldContain("sent no picture");
        result.FirstError.Message.ShouldNotContain(camera.Info.Password!);
    }

    [Fact]
    public async Task Rtsp_PasswordChangedOnCamera_AuthenticationFailed()
    {
        var camera = _fleet.Cameras[3];
        camera.ChangePassword("Changed-on-site-9");

        var result = await FrameSourceHarness.Rtsp().GrabAsync(RtspRequest(camera.Info), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.AuthenticationFailed);
    }

    [Fact]
    public async Task Snapshot_DigestCamera_ReturnsFramesInTurn()
    {
        var camera = _fleet.Cameras[0].Info;

        var result = await FrameSourceHarness.Snapshot().GrabAsync(SnapshotRequest(camera, frames: 2, intervalSeconds: 0.1), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        result.Value.Source.ShouldBe("snapshot");
        result.Value.Images.Count.ShouldBe(2);
        result.Value.Images[0].Bytes.ToArray().ShouldNotBe(result.Value.Images[1].Bytes.ToArray());
    }

    [Fact]
    public async Task Snapshot_SignalLoss_PictureIsBlack()
    {
        var camera = _fleet.Cameras[4];
        camera.SetPictureFault(PictureFaultKind.SignalLoss);

        var result = await FrameSourceHarness.Snapshot().GrabAsync(SnapshotRequest(camera.Info), TestContext.Current.CancellationToken);

        FrameSourceHarness.MeanBrightness(result.Value)[0].ShouldBeLessThan(20);
    }

    [Fact]
    public async Task Snapshot_WrongPassword_AuthenticationFailed()
    {
        var camera = _fleet.Cameras[0].Info;
        var request = SnapshotRequest(camera) with { Password = "not-the-password" };

        var result = await FrameSourceHarness.Snapshot().GrabAsync(request, TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.AuthenticationFailed);
        result.FirstError.Message.ShouldNotContain("not-the-password");
    }

    [Fact]
    public async Task Snapshot_UnknownPath_NotFound()
    {
        var camera = _fleet.Cameras[0].Info;
        var request = SnapshotRequest(camera) with { SnapshotUrl = new Uri($"http://{camera.IpAddress}:{camera.HttpPort}/no/such/picture.jpg") };

        var result = await FrameSourceHarness.Snapshot().GrabAsync(request, TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.StreamNotFound);
    }

    [Fact]
    public async Task Snapshot_LargerThanCap_TooLarge()
    {
        var options = FrameSourceHarness.Options();
        options.MaxSnapshotBytes = 1000;

        var result = await FrameSourceHarness.Snapshot(options).GrabAsync(SnapshotRequest(_fleet.Cameras[0].Info), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.TooLarge);
        result.FirstError.Message.ShouldContain("1000");
    }

    [Fact]
    public async Task Snapshot_HtmlPage_NotAnImage()
    {
        var page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\nConnection: close\r\n\r\n<html>login</html>\r\n"u8.ToArray();
        await using var server = ScriptedTcpServer.RespondAndClose(page);

        var result = await FrameSourceHarness.Snapshot().GrabAsync(FrameSourceHarness.Request(null, snapshotUrl: $"{server.BaseUri}snapshot.jpg"), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.NotAnImage);
        result.FirstError.Message.ShouldContain("text/html");
    }

    [Fact]
    public async Task Snapshot_SilentServer_TimesOut()
    {
        await using var server = ScriptedTcpServer.Silent();

        var result = await FrameSourceHarness.Snapshot(FrameSourceHarness.Options(timeoutSeconds: 1)).GrabAsync(
            FrameSourceHarness.Request(null, snapshotUrl: $"{server.BaseUri}snapshot.jpg"), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.Timeout);
    }

    [Fact]
    public async Task Composite_BothUrls_PrefersRtsp()
    {
        var camera = _fleet.Cameras[0].Info;
        var composite = new CompositeFrameSource(FrameSourceHarness.Rtsp(), FrameSourceHarness.Snapshot());
        var request = RtspRequest(camera) with { SnapshotUrl = new Uri(camera.SnapshotUrl!) };

        var result = await composite.GrabAsync(request, TestContext.Current.CancellationToken);

        result.Value.Source.ShouldBe("rtsp");
    }

    [Fact]
    public async Task Composite_SnapshotOnly_UsesSnapshot()
    {
        var composite = new CompositeFrameSource(FrameSourceHarness.Rtsp(), FrameSourceHarness.Snapshot());

        var result = await composite.GrabAsync(SnapshotRequest(_fleet.Cameras[0].Info), TestContext.Current.CancellationToken);

        result.Value.Source.ShouldBe("snapshot");
    }

    [Fact]
    public async Task Composite_NoUrl_SaysWhereToFillOne()
    {
        var composite = new CompositeFrameSource(FrameSourceHarness.Rtsp(), FrameSourceHarness.Snapshot());

        var result = await composite.GrabAsync(FrameSourceHarness.Request(null), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.NoSource);
        result.FirstError.Message.ShouldContain("ONVIF");
    }

    private static FrameRequest RtspRequest(SimulatedDeviceInfo camera, int frames = 1, double intervalSeconds = 0) =>
        FrameSourceHarness.Request(camera.RtspUrl, user: camera.UserName, password: camera.Password, frames: frames, intervalSeconds: intervalSeconds);

    private static FrameRequest SnapshotRequest(SimulatedDeviceInfo camera, int frames = 1, double intervalSeconds = 0) =>
        FrameSourceHarness.Request(null, snapshotUrl: camera.SnapshotUrl, user: camera.UserName, password: camera.Password, frames: frames, intervalSeconds: intervalSeconds);
}
