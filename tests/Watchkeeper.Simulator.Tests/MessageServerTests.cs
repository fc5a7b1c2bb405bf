using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Watchkeeper.Simulator.Networking;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The limits of the RTSP/HTTP listener against slow, greedy and oversized clients.</summary>
public sealed class MessageServerTests : IAsyncLifetime
{
    private readonly string _address = TestAddresses.NextBase() + ".1";
    private MessageServer _server = null!;

    public ValueTask InitializeAsync()
    {
        var options = new MessageServerOptions { MaxConnections = 2, RequestTimeout = TimeSpan.FromMilliseconds(500) };
        _server = new MessageServer(
            new EndpointBinding("TEST-01", "HTTP", new IPEndPoint(IPAddress.Parse(_address), 18080), "HttpPort"),
            new EchoHandler(),
            options,
            NullLogger.Instance);
        _server.Start().IsSuccess.ShouldBeTrue();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.StopAsync();

    [Fact]
    public async Task Request_IncompleteHeader_ClosedAfterTimeout()
    {
        await using var connection = await Open();

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n");

        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Connection_Idle_ClosedAfterTimeout()
    {
        await using var connection = await Open();

        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Connections_BeyondLimit_ClosedAtOnce()
    {
        await using var first = await Open();
        await using var second = await Open();
        await first.SendAsync("GET / HTTP/1.1\r\n\r\n");
        await first.ReadResponseAsync();
        await second.SendAsync("GET / HTTP/1.1\r\n\r\n");
        await second.ReadResponseAsync();

        var thirdClosed = await IsClosedAtOnceAsync();

        thirdClosed.ShouldBeTrue();
        _server.OpenConnections.ShouldBe(2);
    }

    [Fact]
    public async Task Request_BodyBeyondLimit_RequestEntityTooLarge()
    {
        await using var connection = await Open();

        await connection.SendAsync("POST /onvif/device_service HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(413);
        response.Header("Connection").ShouldBe("close");
    }

    [Fact]
    public async Task Request_ChunkedBody_NotImplemented()
    {
        await using var connection = await Open();

        await connection.SendAsync("POST /onvif/device_service HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(501);
    }

    [Fact]
    public async Task Request_InvalidContentLength_BadRequest()
    {
        await using var connection = await Open();

        await connection.SendAsync("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Request_ExpectContinue_GetsInterimResponse()
    {
        await using var connection = await Open();

        await connection.SendAsync("POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.ReadResponseAsync();
        await connection.SendAsync("hello");
        var final = await connection.ReadResponseAsync();

        interim.StatusCode.ShouldBe(100);
        final.StatusCode.ShouldBe(200);
        final.BodyText.ShouldBe("hello");
    }

    [Fact]
    public async Task Request_Http10_ClosedAfterResponse()
    {
        await using var connection = await Open();

        await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        response.Header("Connection").ShouldBe("close");
        (await connection.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Start_SecondServerOnSamePort_FailsInUse()
    {
        var twin = new MessageServer(
            new EndpointBinding("TEST-02", "HTTP", new IPEndPoint(IPAddress.Parse(_address), 18080), "HttpPort"),
            new EchoHandler(),
            new MessageServerOptions(),
            NullLogger.Instance);

        var started = twin.Start();

        started.IsSuccess.ShouldBeFalse();
        started.Error!.Code.ShouldBe("simulator.endpoint.in_use");
    }

    [Fact]
    public async Task Handler_Throws_InternalServerErrorAndClose()
    {
        var address = TestAddresses.NextBase() + ".1";
        var server = new MessageServer(
            new EndpointBinding("TEST-03", "HTTP", new IPEndPoint(IPAddress.Parse(address), 18080), "HttpPort"),
            new ThrowingHandler(),
            new MessageServerOptions(),
            NullLogger.Instance);
        server.Start().IsSuccess.ShouldBeTrue();
        try
        {
            await using var connection = await RawConnection.OpenAsync(address, 18080);
            await connection.SendAsync("GET / HTTP/1.1\r\n\r\n");
            var response = await connection.ReadResponseAsync();

            response.StatusCode.ShouldBe(500);
            (await connection.IsClosedByServerAsync()).ShouldBeTrue();
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private Task<RawConnection> Open() => RawConnection.OpenAsync(_address, 18080);

    // The server resets a connection beyond its limit, which the client sees in its connect or in its first read.
    private async Task<bool> IsClosedAtOnceAsync()
    {
        try
        {
            await using var connection = await Open();
            return await connection.IsClosedByServerAsync();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    /// <summary>Fails every request, as a handler with a bug would.</summary>
    private sealed class ThrowingHandler : IMessageHandler
    {
        public MessageProtocol Protocol => MessageProtocol.Http;

        public ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("handler bug");
    }

    /// <summary>Returns the request body; the server, not the handler, is under test here.</summary>
    private sealed class EchoHandler : IMessageHandler
    {
        public MessageProtocol Protocol => MessageProtocol.Http;

        public ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new MessageResponse(200, "OK").WithBody(request.Body, "text/plain"));
    }
}
