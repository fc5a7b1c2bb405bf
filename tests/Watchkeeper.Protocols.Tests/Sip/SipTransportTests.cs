using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipTransportTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static byte[] CaptureOnWire(string name) => SipCaptureParsingTests.ToCrlfHeaders(Fixtures.ReadCaptureBytes(name));

    /// <summary>Answers every parsed request with 200 OK to where it came from, and records what it parsed.</summary>
    private sealed class AnsweringServer
    {
        public ConcurrentQueue<SipRequest> Requests { get; } = new();

        public SipUdpChannel? Channel { get; set; }

        public async ValueTask HandleAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
        {
            var result = SipParser.Parse(datagram.Span);
            if (!result.IsSuccess || result.Value is not SipRequest request)
            {
                return;
            }

            Requests.Enqueue(request);
            var response = SipResponse.For(request, remote, 200, "OK", "777");
            await Channel!.SendAsync(SipMessageWriter.Write(response), remote, cancellationToken);
        }
    }

    [Fact]
    public async Task UdpChannel_Keepalive_IsParsedAndAnswered()
    {
        var server = new AnsweringServer();
        await using var channel = SipUdpChannel.Start(AnyLoopbackPort, server.HandleAsync);
        server.Channel = channel;
        using var device = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await device.SendAsync(CaptureOnWire("gb_dahua_sd_keepalive.sip"), channel.LocalEndPoint, Cancellation);
        var received = await device.ReceiveAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        var response = (SipResponse)SipCaptureParsingTests.Parse(received.Buffer);

        server.Requests.Single().Body.Length.ShouldBe(180);
        response.StatusCode.ShouldBe(200);
        response.TopVia!.RPort.ShouldBe(((IPEndPoint)device.Client.LocalEndPoint!).Port);
        response.TopVia.Received.ShouldBe("127.0.0.1");
        response.CallId.ShouldBe("632317300@192.168.6.71");
    }

    [Fact]
    public async Task UdpChannel_HandlerThrows_KeepsReceiving()
    {
        var errors = new ConcurrentQueue<Exception>();
        var received = new ConcurrentQueue<int>();
        var options = new SipUdpChannelOptions { ReceiveLoops = 1, OnError = errors.Enqueue };
        await using var channel = SipUdpChannel.Start(AnyLoopbackPort, (datagram, _, _) =>
        {
            received.Enqueue(datagram.Length);
            return datagram.Length == 1 ? throw new InvalidOperationException("handler bug") : ValueTask.CompletedTask;
        }, options);
        using var device = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await device.SendAsync(new byte[1], channel.LocalEndPoint, Cancellation);
        await device.SendAsync(new byte[2], channel.LocalEndPoint, Cancellation);
        await WaitUntilAsync(() => received.Count == 2);

        errors.Single().ShouldBeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task UdpChannel_SipsakRegister_IsParsed()
    {
        var server = new AnsweringServer();
        await using var channel = SipUdpChannel.Start(new IPEndPoint(IPAddress.Loopback, LoopbackPorts.FreeFourDigitPort()), server.HandleAsync);
        server.Channel = channel;
        var file = Path.Combine(Path.GetTempPath(), $"sipsak-register-{Guid.NewGuid():N}.sip");
        await File.WriteAllBytesAsync(file, Fixtures.ReadCaptureBytes("gb_dahua_sd_register_noauth.sip"), Cancellation);
        try
        {
            // sipsak inserts CR before each LF itself and adds its own Via on top of the capture's.
            await using var sipsak = PeerProcess.Start("sipsak", ["-f", file, "-s", $"sip:34020000002000000010@127.0.0.1:{channel.LocalEndPoint.Port}", "-vv"]);
            await WaitUntilAsync(() => !server.Requests.IsEmpty);
            await sipsak.WaitForOutputAsync("SIP/2.0 200 OK", TimeSpan.FromSeconds(10));
        }
        finally
        {
            File.Delete(file);
        }

        var request = server.Requests.First();
        request.Method.ShouldBe(SipMethods.Register);
        request.From.Uri.User.ShouldBe("34020000001320000002");
        request.CSeq.ShouldBe(new SipCSeq(1, SipMethods.Register));
        request.Expires.ShouldBe(3600);
        request.Vias.Count.ShouldBe(2);
        request.Vias[1].Branch.ShouldBe("z9hG4bK1251336551");
        request.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task TcpListener_TwoMessagesInOneWrite_AnswersBothOnConnection()
    {
        var received = new ConcurrentQueue<SipMessage>();
        await using var listener = SipTcpListener.Start(AnyLoopbackPort, async (message, connection, token) =>
        {
            received.Enqueue(message);
            await connection.SendAsync(SipResponse.For((SipRequest)message, 200, "OK", "9"), token);
        });
        using var device = new TcpClient();
        await device.ConnectAsync(listener.LocalEndPoint, Cancellation);
        var stream = device.GetStream();

        var bytes = CaptureOnWire("gb_dahua_sd_keepalive.sip").Concat("\r\n\r\n"u8.ToArray()).Concat(CaptureOnWire("gb_dahua_sd_register_noauth.sip")).ToArray();
        await stream.WriteAsync(bytes, Cancellation);
        using var framer = new SipStreamFramer(stream, new SipFramerOptions { IdleTimeout = TimeSpan.FromSeconds(5) });
        var first = await framer.ReadAsync(Cancellation);
        var second = await framer.ReadAsync(Cancellation);

        received.Count.ShouldBe(2);
        first.Message!.CSeq.Method.ShouldBe(SipMethods.Message);
        second.Message!.CSeq.Method.ShouldBe(SipMethods.Register);
        ((SipResponse)second.Message).StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task TcpListener_SilentConnection_IsClosedAfterIdleTimeout()
    {
        var errors = new ConcurrentQueue<string>();
        var options = new SipTcpListenerOptions
        {
            Framer = new SipFramerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) },
            OnFrameError = (_, error) => errors.Enqueue(error.Code),
        };
        await using var listener = SipTcpListener.Start(AnyLoopbackPort, (_, _, _) => ValueTask.CompletedTask, options);
        using var device = new TcpClient();
        await device.ConnectAsync(listener.LocalEndPoint, Cancellation);

        var read = await device.GetStream().ReadAsync(new byte[16], Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        read.ShouldBe(0);
        errors.ShouldBe([SipErrors.IdleTimeoutCode]);
        await WaitUntilAsync(() => listener.ConnectionCount == 0);
    }

    [Fact]
    public async Task TcpListener_BeyondMaxConnections_ClosesNewConnection()
    {
        var options = new SipTcpListenerOptions { MaxConnections = 1 };
        await using var listener = SipTcpListener.Start(AnyLoopbackPort, (_, _, _) => ValueTask.CompletedTask, options);
        using var first = new TcpClient();
        await first.ConnectAsync(listener.LocalEndPoint, Cancellation);
        await WaitUntilAsync(() => listener.ConnectionCount == 1);
        using var second = new TcpClient();
        await second.ConnectAsync(listener.LocalEndPoint, Cancellation);

        var read = await second.GetStream().ReadAsync(new byte[16], Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        read.ShouldBe(0);
        listener.ConnectionCount.ShouldBe(1);
        listener.TryGetConnection((IPEndPoint)first.Client.LocalEndPoint!, out var kept).ShouldBeTrue();
        kept!.IsClosed.ShouldBeFalse();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true within 10 s.");
            }

            await Task.Delay(20, Cancellation);
        }
    }
}
