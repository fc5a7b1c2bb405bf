using System.Diagnostics;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Diagnosis.Frames;

/// <summary>The ffmpeg grabber against GStreamer's RTSP server, hung and refusing peers, and a missing ffmpeg.</summary>
public sealed class RtspFrameSourceTests : IAsyncLifetime
{
    private const string Password = "Gst-pass:2024@x";

    private GstRtspServerPeer _peer = null!;

    public async ValueTask InitializeAsync() => _peer = await GstRtspServerPeer.StartAsync(RtspPeerAuthentication.Digest, "admin", Password);

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();

    [Fact]
    public async Task GrabAsync_GstreamerDigest_ReturnsDecodableFrame()
    {
        var source = FrameSourceHarness.Rtsp();

        var result = await source.GrabAsync(FrameSourceHarness.Request(_peer.Url, user: "admin", password: Password), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        result.Value.Source.ShouldBe("rtsp");
        result.Value.Images.Count.ShouldBe(1);
        FrameSourceHarness.MeanBrightness(result.Value).Count.ShouldBe(1);
    }

    [Fact]
    public async Task GrabAsync_JpegFormat_ReturnsJpeg()
    {
        var options = FrameSourceHarness.Options();
        options.Format = FrameFormat.Jpeg;
        var source = FrameSourceHarness.Rtsp(options);

        var result = await source.GrabAsync(FrameSourceHarness.Request(_peer.Url, user: "admin", password: Password, frames: 2, intervalSeconds: 0.2), TestContext.Current.CancellationToken);

        result.IsSuccess.ShouldBeTrue(result.IsSuccess ? "" : result.FirstError.Message);
        result.Value.Images.Count.ShouldBe(2);
        result.Value.Images[1].Bytes.Span[..2].ToArray().ShouldBe(new byte[] { 0xFF, 0xD8 });
    }

    [Fact]
    public async Task GrabAsync_WrongPassword_AuthenticationFailedWithoutPassword()
    {
        var source = FrameSourceHarness.Rtsp();

        var result = await source.GrabAsync(FrameSourceHarness.Request(_peer.Url, user: "admin", password: "Wrong-secret-77"), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.AuthenticationFailed);
        result.FirstError.Message.ShouldContain(new Uri(_peer.Url).Authority);
        result.FirstError.Message.ShouldNotContain("Wrong-secret-77");
    }

    [Fact]
    public async Task GrabAsync_UnknownPath_StreamNotFound()
    {
        var source = FrameSourceHarness.Rtsp();
        var url = new Uri(new Uri(_peer.Url), "/no-such-stream").ToString();

        var result = await source.GrabAsync(FrameSourceHarness.Request(url, user: "admin", password: Password), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.StreamNotFound);
        result.FirstError.Message.ShouldContain("/no-such-stream");
    }

    [Fact]
    public async Task GrabAsync_ClosedPort_ConnectionRefused()
    {
        var source = FrameSourceHarness.Rtsp();
        var port = LoopbackPorts.FreeTcpPort();

        var result = await source.GrabAsync(FrameSourceHarness.Request($"rtsp://127.0.0.1:{port}/camera"), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.ConnectionRefused);
    }

    [Fact]
    public async Task GrabAsync_SilentPeer_KilledAtTimeout()
    {
        await using var silent = ScriptedTcpServer.Silent();
        var source = FrameSourceHarness.Rtsp(FrameSourceHarness.Options(timeoutSeconds: 1.5));
        var url = $"rtsp://127.0.0.1:{silent.Port}/hung-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        var result = await source.GrabAsync(FrameSourceHarness.Request(url, user: "admin", password: "Silent-secret-1"), TestContext.Current.CancellationToken);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        result.FirstError.Code.ShouldBe(FrameErrors.Timeout);
        result.FirstError.Message.ShouldContain("1.5");
        result.FirstError.Message.ShouldContain("no RTSP answer");
        result.FirstError.Message.ShouldNotContain("Silent-secret-1");
        silent.Connections.ShouldBe(1);
        FrameSourceHarness.ProcessesMentioning(new Uri(url).AbsolutePath).ShouldBeEmpty();
    }

    [Fact]
    public async Task GrabAsync_ManyAtOnce_HonoursConcurrencyBound()
    {
        await using var silent = ScriptedTcpServer.Silent();
        var options = FrameSourceHarness.Options(timeoutSeconds: 1.5, maxConcurrentGrabs: 2);
        var gate = FrameSourceHarness.Gate(options);
        var source = FrameSourceHarness.Rtsp(options, gate);
        var url = $"rtsp://127.0.0.1:{silent.Port}/camera";

        var grabs = Enumerable.Range(0, 5).Select(_ => source.GrabAsync(FrameSourceHarness.Request(url), TestContext.Current.CancellationToken)).ToList();
        await silent.Accepted;
        await Task.Delay(TimeSpan.FromSeconds(0.8), TestContext.Current.CancellationToken);
        var connectedEarly = silent.Connections;
        var results = await Task.WhenAll(grabs);

        connectedEarly.ShouldBe(2);
        gate.Peak.ShouldBe(2);
        silent.Connections.ShouldBe(5);
        results.ShouldAllBe(result => !result.IsSuccess && result.FirstError.Code == FrameErrors.Timeout);
    }

    [Fact]
    public async Task GrabAsync_CallerCancels_Throws()
    {
        await using var silent = ScriptedTcpServer.Silent();
        var source = FrameSourceHarness.Rtsp();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(0.5));

        var grab = source.GrabAsync(FrameSourceHarness.Request($"rtsp://127.0.0.1:{silent.Port}/camera"), cancel.Token);

        await Should.ThrowAsync<OperationCanceledException>(grab);
    }

    [Fact]
    public async Task GrabAsync_AudioOnlyStream_NoVideoStream()
    {
        await using var server = ScriptedTcpServer.Start(AudioOnlyCameraAsync);

        var result = await FrameSourceHarness.Rtsp().GrabAsync(FrameSourceHarness.Request($"rtsp://127.0.0.1:{server.Port}/audio"), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.NoVideoStream);
    }

    [Fact]
    public async Task GrabAsync_FfmpegMissing_NamesDebianPackage()
    {
        var source = FrameSourceHarness.Rtsp(FrameSourceHarness.Options(ffmpegPath: "/nonexistent/bin/ffmpeg"));

        var result = await source.GrabAsync(FrameSourceHarness.Request(_peer.Url), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.FfmpegMissing);
        result.FirstError.Message.ShouldContain("apt-get install ffmpeg");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public async Task GrabAsync_FrameCountOutOfRange_Invalid(int frames)
    {
        var source = FrameSourceHarness.Rtsp();

        var result = await source.GrabAsync(FrameSourceHarness.Request(_peer.Url, frames: frames), TestContext.Current.CancellationToken);

        result.FirstError.Code.ShouldBe(FrameErrors.InvalidRequest);
    }

    /// <summary>An RTSP server whose only track is G.711 audio, as a door intercom's: it responds to every request and sends silence after PLAY.</summary>
    private static async Task AudioOnlyCameraAsync(ScriptedConnection connection)
    {
        const string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Audio\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:track1\r\n";
        while (true)
        {
            var head = await ScriptedTcpServer.ReadRequestHeadAsync(connection.Stream, connection.Stopping);
            if (head.Length == 0)
            {
                return;
            }

            var sequence = head.Split("\r\n").First(line => line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))[5..].Trim();
            var method = head[..head.IndexOf(' ', StringComparison.Ordinal)];
            var response = method switch
            {
                "DESCRIBE" => $"RTSP/1.0 200 OK\r\nCSeq: {sequence}\r\nContent-Base: rtsp://127.0.0.1/audio/\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}",
                "SETUP" => $"RTSP/1.0 200 OK\r\nCSeq: {sequence}\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 12345678\r\n\r\n",
                _ => $"RTSP/1.0 200 OK\r\nCSeq: {sequence}\r\nSession: 12345678\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n",
            };
            await connection.WriteAsync(response);
            if (method == "PLAY")
            {
                await SendSilenceAsync(connection);
                return;
            }
        }
    }

    /// <summary>Sends 20 ms PCMU packets of silence (RFC 3551 §4.5.14) interleaved on channel 0 until the client leaves.</summary>
    private static async Task SendSilenceAsync(ScriptedConnection connection)
    {
        var packet = new byte[4 + 12 + 160];
        packet[0] = (byte)'$';
        packet[3] = 12 + 160;
        packet[4] = 0x80;
        packet.AsSpan(16).Fill(0xFF);
        try
        {
            for (ushort sequence = 0; !connection.Stopping.IsCancellationRequested; sequence++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), sequence * 160u);
                await connection.WriteAsync(packet);
                await Task.Delay(20, connection.Stopping);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The client went away or the server stops.
        }
    }
}
