namespace Watchkeeper.Simulator.Networking;

internal enum MessageProtocol
{
    /// <summary>RTSP/1.0 (RFC 2326): connections persist until the client closes them.</summary>
    Rtsp,

    /// <summary>HTTP/1.1 (RFC 9112), serving HTTP/1.0 requests too.</summary>
    Http,
}

/// <summary>Serves the requests that a <see cref="MessageServer"/> reads from its connections.</summary>
internal interface IMessageHandler
{
    MessageProtocol Protocol { get; }

    /// <summary>Builds the response to one request. Framing, keep-alive and Content-Length are the server's.</summary>
    ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken);
}
