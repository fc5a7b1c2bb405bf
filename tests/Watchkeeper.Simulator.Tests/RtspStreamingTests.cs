using System.Buffers.Binary;
using System.Text;
using Watchkeeper.Simulator.Assets;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>
/// The cameras' media: SETUP, PLAY, PAUSE and TEARDOWN with RTP interleaved in the RTSP connection, checked byte by
/// byte and with Debian's ffmpeg, the session timeout, hostile clients and picture faults.
/// </summary>
public sealed class RtspStreamingTests : IAsyncLifetime
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(1.5);

    private SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync()
    {
        var options = TestAddresses.SmallFleet(cameras: 5, recorders: 0, switches: 0);
        options.RtspSessionTimeout = SessionTimeout;
        _fleet = await RunningFleet.StartAsync(options);
    }

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    // Uniview cameras accept Basic authentication, which a raw connection can send without a challenge round.
    private SimulatedCamera Uniview => _fleet.Cameras.First(camera => camera.Identity.Vendor == "Uniview");

    private string Basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uniview.Info.UserName}:{Uniview.Info.Password}"));

    [Fact]
    public async Task Ffmpeg_DigestOverTcp_DecodesStreetPicture()
    {
        var camera = _fleet.Cameras[0].Info;

        var brightness = await GrabBrightnessAsync(camera);

        brightness.ShouldBeInRange(60, 200);
    }

    [Fact]
    public async Task PictureFault_SignalLoss_StreamAndSnapshotBlackUntilRestored()
    {
        var camera = _fleet.Cameras[1];

        camera.SetPictureFault(PictureFaultKind.SignalLoss);
        var black = await GrabBrightnessAsync(camera.Info);
        var snapshot = await SnapshotAsync(camera.Info);
        camera.ClearPictureFault();
        var restored = await GrabBrightnessAsync(camera.Info);

        black.ShouldBeLessThan(20);
        snapshot.ShouldBe(SnapshotPictures.ForFault(PictureFaultKind.SignalLoss).ToArray());
        restored.ShouldBeGreaterThan(60);
    }

    [Fact]
    public async Task PictureFault_Blur_SnapshotIsBlurredPicture()
    {
        var camera = _fleet.Cameras[2];

        camera.SetPictureFault(PictureFaultKind.Blur);
        var first = await SnapshotAsync(camera.Info);
        var second = await SnapshotAsync(camera.Info);

        first.ShouldBe(SnapshotPictures.ForFault(PictureFaultKind.Blur).ToArray());
        second.ShouldBe(first);
    }

    [Fact]
    public async Task Play_Interleaved_KeyFrameFirstWithParameterSets()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);

        var play = await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");
        var (channel, first) = await connection.ReadInterleavedAsync();

        play.StatusCode.ShouldBe(200);
        play.Header("RTP-Info").ShouldNotBeNull().ShouldContain("seq=");
        channel.ShouldBe((byte)0);
        (first[0] >> 6).ShouldBe(2);
        (first[1] & 0x7F).ShouldBe(96);
        (first[12] & 0x1F).ShouldBe(7);
    }

    [Fact]
    public async Task Play_OneFrame_SequentialPacketsEndWithMarker()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        var packets = new List<byte[]>();
        do
        {
            packets.Add((await connection.ReadInterleavedAsync()).Data);
        }
        while ((packets[^1][1] & 0x80) == 0);

        var sequences = packets.Select(packet => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2))).ToList();
        sequences.Zip(sequences.Skip(1)).ShouldAllBe(pair => (ushort)(pair.First + 1) == pair.Second);
        packets.Select(packet => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4))).Distinct().Count().ShouldBe(1);
        packets.ShouldContain(packet => (packet[12] & 0x1F) == 28);
        packets.ShouldAllBe(packet => packet.Length <= 12 + 1400);
    }

    [Fact]
    public async Task Teardown_WhilePlaying_MediaStops()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");
        await connection.ReadInterleavedAsync();

        var teardown = await RequestAsync(connection, "TEARDOWN", Uniview.Info.RtspUrl!, 4, $"Session: {session}");
        connection.Discard();
        var mediaAfter = await connection.ReceivesWithinAsync(TimeSpan.FromMilliseconds(500));

        teardown.StatusCode.ShouldBe(200);
        mediaAfter.ShouldBeFalse();
    }

    [Fact]
    public async Task Play_AfterTeardown_SessionNotFound()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "TEARDOWN", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        var play = await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 4, $"Session: {session}");

        play.StatusCode.ShouldBe(454);
    }

    [Fact]
    public async Task Session_SilentClient_ClosedAfterTimeout()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        var started = DateTime.UtcNow;
        var closed = await connection.IsClosedByServerAsync();

        closed.ShouldBeTrue();
        (DateTime.UtcNow - started).ShouldBeGreaterThan(SessionTimeout - TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public async Task Session_GetParameterKeepalives_StaysOpen()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        for (var sequence = 4; sequence < 10; sequence++)
        {
            await Task.Delay(SessionTimeout / 3, TestContext.Current.CancellationToken);
            var keepalive = await RequestAsync(connection, "GET_PARAMETER", Uniview.Info.RtspUrl!, sequence, $"Session: {session}");
            keepalive.StatusCode.ShouldBe(200);
        }

        connection.SkippedFrames.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Session_ClientRtcpReports_KeepAlive()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        // An RTCP receiver report (RFC 3550 §6.4.2) without report blocks, on the RTCP channel.
        byte[] report = [(byte)'$', 1, 0, 8, 0x80, 201, 0, 1, 0, 0, 0, 1];
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(SessionTimeout / 3, TestContext.Current.CancellationToken);
            await connection.SendAsync(report);
        }

        var options = await RequestAsync(connection, "OPTIONS", "*", 9);
        options.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task StreamStalled_Play_SucceedsWithoutMedia()
    {
        Uniview.SetStreamStalled(true);
        try
        {
            await using var connection = await OpenAsync();
            var session = await SetupAsync(connection);

            var play = await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");
            var media = await connection.ReceivesWithinAsync(TimeSpan.FromMilliseconds(700));

            play.StatusCode.ShouldBe(200);
            media.ShouldBeFalse();
        }
        finally
        {
            Uniview.SetStreamStalled(false);
        }
    }

    [Fact]
    public async Task Setup_UdpTransport_UnsupportedTransport()
    {
        await using var connection = await OpenAsync();

        var setup = await RequestAsync(connection, "SETUP", Uniview.Info.RtspUrl + "/trackID=1", 2, "Transport: RTP/AVP;unicast;client_port=5000-5001");

        setup.StatusCode.ShouldBe(461);
    }

    [Fact]
    public async Task Setup_WithoutCredentials_Unauthorized()
    {
        await using var connection = await OpenAsync();

        await connection.SendAsync($"SETUP {Uniview.Info.RtspUrl}/trackID=1 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        var setup = await connection.ReadResponseAsync();

        setup.StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task Setup_UnknownStream_NotFound()
    {
        await using var connection = await OpenAsync();
        var url = $"rtsp://{Uniview.Info.IpAddress}:{Uniview.Info.RtspPort}/no/such/stream/trackID=1";

        var setup = await RequestAsync(connection, "SETUP", url, 2, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");

        setup.StatusCode.ShouldBe(404);
    }

    [Fact]
    public async Task Setup_BeyondSessionLimit_Rejected()
    {
        await using var connection = await OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await SetupAsync(connection, sequence: 10 + i);
        }

        var fifth = await RequestAsync(connection, "SETUP", Uniview.Info.RtspUrl + "/trackID=1", 20, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");

        fifth.StatusCode.ShouldBe(453);
    }

    [Fact]
    public async Task Play_WithoutSession_SessionNotFound()
    {
        await using var connection = await OpenAsync();

        var play = await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 2);

        play.StatusCode.ShouldBe(454);
    }

    [Fact]
    public async Task Play_SessionOfOtherConnection_SessionNotFound()
    {
        await using var owner = await OpenAsync();
        var session = await SetupAsync(owner);
        await using var intruder = await OpenAsync();

        var play = await RequestAsync(intruder, "PLAY", Uniview.Info.RtspUrl!, 2, $"Session: {session}");

        play.StatusCode.ShouldBe(454);
    }

    [Fact]
    public async Task Interleaved_TruncatedAtClose_ServerCarriesOn()
    {
        await using (var bad = await OpenAsync())
        {
            await bad.SendAsync([(byte)'$', 0, 0xFF, 0xFF, 1, 2, 3]);
        }

        await using var good = await OpenAsync();
        var options = await RequestAsync(good, "OPTIONS", "*", 1);

        options.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task Pause_WhilePlaying_MediaStopsAndPlayResumes()
    {
        await using var connection = await OpenAsync();
        var session = await SetupAsync(connection);
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 3, $"Session: {session}");

        var pause = await RequestAsync(connection, "PAUSE", Uniview.Info.RtspUrl!, 4, $"Session: {session}");
        connection.Discard();
        var mediaWhilePaused = await connection.ReceivesWithinAsync(TimeSpan.FromMilliseconds(400));
        await RequestAsync(connection, "PLAY", Uniview.Info.RtspUrl!, 5, $"Session: {session}");
        var (channel, _) = await connection.ReadInterleavedAsync();

        pause.StatusCode.ShouldBe(200);
        mediaWhilePaused.ShouldBeFalse();
        channel.ShouldBe((byte)0);
    }

    private Task<RawConnection> OpenAsync() => RawConnection.OpenAsync(Uniview.Info.IpAddress, Uniview.Info.RtspPort!.Value);

    private async Task<RawResponse> RequestAsync(RawConnection connection, string method, string url, int sequence, params string[] headers)
    {
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(url).Append(" RTSP/1.0\r\nCSeq: ").Append(sequence).Append("\r\nAuthorization: ").Append(Basic).Append("\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        await connection.SendAsync(text.Append("\r\n").ToString());
        return await connection.ReadResponseAsync();
    }

    private async Task<string> SetupAsync(RawConnection connection, int sequence = 2)
    {
        var setup = await RequestAsync(connection, "SETUP", Uniview.Info.RtspUrl + "/trackID=1", sequence, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        setup.StatusCode.ShouldBe(200);
        setup.Header("Transport").ShouldNotBeNull().ShouldStartWith("RTP/AVP/TCP;unicast;interleaved=0-1");
        return setup.Header("Session").ShouldNotBeNull().Split(';')[0];
    }

    /// <summary>Grabs one frame with ffmpeg and returns its mean brightness, 0-255, by scaling it to one grey pixel.</summary>
    private static async Task<int> GrabBrightnessAsync(SimulatedDeviceInfo camera)
    {
        var url = camera.RtspUrl!.Replace("rtsp://", $"rtsp://{camera.UserName}:{camera.Password}@", StringComparison.Ordinal);
        var output = Path.GetTempFileName();
        try
        {
            var result = await DebianTool.RunAsync("ffmpeg", "ffmpeg", [
                "-v", "error", "-y", "-rtsp_transport", "tcp", "-i", url,
                "-frames:v", "1", "-vf", "scale=1:1:flags=area,format=gray", "-f", "rawvideo", output,
            ]);
            result.ExitCode.ShouldBe(0, result.ToString());
            var bytes = await File.ReadAllBytesAsync(output);
            return bytes.ShouldHaveSingleItem();
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<byte[]> SnapshotAsync(SimulatedDeviceInfo camera)
    {
        var output = Path.GetTempFileName();
        try
        {
            var result = await DebianTool.CurlAsync("-sS", "--digest", "-u", $"{camera.UserName}:{camera.Password}", "-o", output, camera.SnapshotUrl!);
            result.ExitCode.ShouldBe(0, result.ToString());
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
