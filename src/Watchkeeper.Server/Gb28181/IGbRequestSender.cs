namespace Watchkeeper.Server.Gb28181;

/// <summary>How a request the platform sent to a device ended.</summary>
/// <param name="StatusCode">The final SIP status, or 0 when no response came.</param>
public sealed record GbSendResult(int StatusCode, string Detail)
{
    public bool Accepted => StatusCode is >= 200 and < 300;
}

/// <summary>Sends SIP requests to a registered device over the transport it registered on.</summary>
public interface IGbRequestSender
{
    /// <summary>Sends a MESSAGE with a MANSCDP body and waits for its final response or the transaction timeout.</summary>
    Task<GbSendResult> SendMessageAsync(GbSession session, byte[] body, CancellationToken cancellationToken);

    /// <summary>Sends a SUBSCRIBE for catalog events with the given expiry.</summary>
    Task<GbSendResult> SendSubscribeAsync(GbSession session, byte[] body, int expiresSeconds, CancellationToken cancellationToken);
}
