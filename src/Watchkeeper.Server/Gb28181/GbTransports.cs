using System.Net;
using Watchkeeper.Protocols.Sip;

namespace Watchkeeper.Server.Gb28181;

/// <summary>The way back to a device: its address on the server's UDP socket, or its TCP connection.</summary>
public interface IGbLink
{
    GbTransport Transport { get; }

    IPEndPoint Remote { get; }

    bool IsOpen { get; }

    ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken);
}

/// <summary>A device reached through the SIP server's UDP socket.</summary>
internal sealed class GbUdpLink(SipUdpChannel channel, IPEndPoint remote) : IGbLink
{
    public GbTransport Transport => GbTransport.Udp;

    public IPEndPoint Remote { get; } = remote;

    public bool IsOpen => true;

    public ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken) => channel.SendAsync(bytes, Remote, cancellationToken);
}

/// <summary>A device reached through the TCP connection it opened to the SIP server.</summary>
internal sealed class GbTcpLink(SipTcpConnection connection) : IGbLink
{
    public GbTransport Transport => GbTransport.Tcp;

    public IPEndPoint Remote => connection.RemoteEndPoint;

    public bool IsOpen => !connection.IsClosed;

    public ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken) => connection.SendAsync(bytes, cancellationToken);
}
