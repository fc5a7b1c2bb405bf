using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipStreamFramerTests
{
    private static readonly string Keepalive = Encoding.ASCII.GetString(
        SipCaptureParsingTests.ToCrlfHeaders(Fixtures.ReadCaptureBytes("gb_dahua_sd_keepalive.sip")));

    private static readonly string Register = Encoding.ASCII.GetString(
        SipCaptureParsingTests.ToCrlfHeaders(Fixtures.ReadCaptureBytes("gb_dahua_sd_register_noauth.sip")));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<List<SipFrame>> ReadAllAsync(Stream stream, SipFramerOptions? options = null)
    {
        using var framer = new SipStreamFramer(stream, options);
        var frames = new List<SipFrame>();
        while (true)
        {
            var frame = await framer.ReadAsync(Cancellation);
            frames.Add(frame);
            if (frame.Status is SipFrameStatus.EndOfStream or SipFrameStatus.StreamError)
            {
                return frames;
            }
        }
    }

    [Fact]
    public async Task Read_TwoMessagesInOneRead_ReturnsBoth()
    {
        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(Keepalive + Register)));

        frames.Count.ShouldBe(3);
        ((SipRequest)frames[0].Message!).Method.ShouldBe(SipMethods.Message);
        frames[0].Message!.Body.Length.ShouldBe(180);
        ((SipRequest)frames[1].Message!).Method.ShouldBe(SipMethods.Register);
        frames[2].Status.ShouldBe(SipFrameStatus.EndOfStream);
    }

    [Fact]
    public async Task Read_OneByteReads_ReassemblesMessages()
    {
        var stream = new TrickleStream(Encoding.ASCII.GetBytes(Keepalive + Register), chunkSize: 1);

        var frames = await ReadAllAsync(stream);

        frames.Select(frame => frame.Status).ShouldBe([SipFrameStatus.Message, SipFrameStatus.Message, SipFrameStatus.EndOfStream]);
        frames[0].Message!.Body.Length.ShouldBe(180);
        frames[1].Message!.CallId.ShouldBe("1881196343@192.168.6.71");
    }

    [Fact]
    public async Task Read_KeepaliveLineEndsBetweenMessages_AreSkipped()
    {
        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes("\r\n\r\n" + Keepalive + "\r\n\r\n\r\n" + Register + "\r\n\r\n")));

        frames.Count(frame => frame.Status == SipFrameStatus.Message).ShouldBe(2);
        frames[^1].Status.ShouldBe(SipFrameStatus.EndOfStream);
    }

    [Fact]
    public async Task Read_NoContentLength_TakesEmptyBodyAndNextMessage()
    {
        var withoutLength = Register.Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal);

        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(withoutLength + Keepalive)));

        frames[0].Message!.Body.ShouldBeEmpty();
        frames[1].Message!.Body.Length.ShouldBe(180);
    }

    [Fact]
    public async Task Read_UnparsableMessage_ContinuesWithNext()
    {
        var noCallId = Register.Replace("Call-ID: 1881196343@192.168.6.71\r\n", "", StringComparison.Ordinal);

        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(noCallId + Keepalive)));

        frames[0].Status.ShouldBe(SipFrameStatus.InvalidMessage);
        frames[0].Error!.Code.ShouldBe(SipErrors.HeaderMissingCode);
        frames[1].Status.ShouldBe(SipFrameStatus.Message);
    }

    [Fact]
    public async Task Read_OversizeHeaders_ReturnsHeaderTooLarge()
    {
        var options = new SipFramerOptions { MaxHeaderBytes = 1024 };
        var padded = Register.Replace("Expires: 3600\r\n", "Expires: 3600\r\nX-Pad: " + new string('p', 2000) + "\r\n", StringComparison.Ordinal);

        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(padded)), options);

        frames.Single().Error!.Code.ShouldBe(SipErrors.HeaderTooLargeCode);
    }

    [Fact]
    public async Task Read_EndlessHeaderLine_StopsAtLimit()
    {
        var options = new SipFramerOptions { MaxHeaderBytes = 4096 };
        var stream = new EndlessStream("MESSAGE sip:a@b SIP/2.0\r\nX-Endless: "u8.ToArray(), (byte)'x');

        var frames = await ReadAllAsync(stream, options);

        frames.Single().Error!.Code.ShouldBe(SipErrors.HeaderTooLargeCode);
        stream.BytesServed.ShouldBeLessThan(64 * 1024);
    }

    [Fact]
    public async Task Read_OversizeContentLength_ReturnsBodyTooLarge()
    {
        var options = new SipFramerOptions { MaxBodyBytes = 100 };

        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(Keepalive)), options);

        frames.Single().Error!.Code.ShouldBe(SipErrors.BodyTooLargeCode);
    }

    [Fact]
    public async Task Read_InvalidContentLength_ReturnsStreamError()
    {
        var text = Keepalive.Replace("Content-Length:   180", "Content-Length: lots", StringComparison.Ordinal);

        var frames = await ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)));

        frames.Single().Status.ShouldBe(SipFrameStatus.StreamError);
        frames.Single().Error!.Code.ShouldBe(SipErrors.ContentLengthInvalidCode);
    }

    [Fact]
    public async Task Read_StreamEndsMidBody_ReturnsEndedMidMessage()
    {
        var bytes = Encoding.ASCII.GetBytes(Keepalive);

        var frames = await ReadAllAsync(new MemoryStream(bytes, 0, bytes.Length - 20));

        frames.Single().Error!.Code.ShouldBe(SipErrors.StreamEndedCode);
    }

    [Fact]
    public async Task Read_PeerStopsMidBodyOnLoopback_TimesOut()
    {
        var (client, server) = await ConnectLoopbackPairAsync();
        using var clientConnection = client;
        using var serverConnection = server;
        var bytes = Encoding.ASCII.GetBytes(Keepalive);
        await client.GetStream().WriteAsync(bytes.AsMemory(0, bytes.Length - 50), Cancellation);
        var options = new SipFramerOptions { ReadTimeout = TimeSpan.FromMilliseconds(300) };
        using var framer = new SipStreamFramer(server.GetStream(), options);
        var watch = Stopwatch.StartNew();

        var frame = await framer.ReadAsync(Cancellation);

        frame.Error!.Code.ShouldBe(SipErrors.ReadTimeoutCode);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Read_SilentPeerOnLoopback_ReturnsIdleTimeout()
    {
        var (client, server) = await ConnectLoopbackPairAsync();
        using var clientConnection = client;
        using var serverConnection = server;
        var options = new SipFramerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        using var framer = new SipStreamFramer(server.GetStream(), options);

        var frame = await framer.ReadAsync(Cancellation);

        frame.Error!.Code.ShouldBe(SipErrors.IdleTimeoutCode);
    }

    [Fact]
    public async Task Read_LargeBodyInSmallChunks_ReadsWholeBody()
    {
        var body = new string('b', 200_000);
        var text = Keepalive[..(Keepalive.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)]
            .Replace("Content-Length:   180", "Content-Length: 200000", StringComparison.Ordinal) + body;

        var frames = await ReadAllAsync(new TrickleStream(Encoding.ASCII.GetBytes(text + Register), chunkSize: 1000));

        frames[0].Message!.Body.Length.ShouldBe(200_000);
        frames[1].Message!.CSeq.Method.ShouldBe(SipMethods.Register);
    }

    /// <summary>Connects a client to a server socket over real TCP on 127.0.0.1.</summary>
    private static async Task<(TcpClient Client, TcpClient Server)> ConnectLoopbackPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint, Cancellation);
        var server = await listener.AcceptTcpClientAsync(Cancellation);
        return (client, server);
    }

    /// <summary>A stream that returns at most <c>chunkSize</c> bytes per read, as a slow TCP peer does.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
    }

    /// <summary>A stream that sends a prefix and then the same byte forever, as a hostile peer does.</summary>
    private sealed class EndlessStream(byte[] prefix, byte filler) : Stream
    {
        public long BytesServed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesServed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = BytesServed + i < prefix.Length ? prefix[BytesServed + i] : filler;
            }

            BytesServed += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
