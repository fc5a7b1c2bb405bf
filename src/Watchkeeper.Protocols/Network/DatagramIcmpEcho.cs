using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Watchkeeper.Protocols.Network;

/// <summary>
/// Sends one ICMP echo request over an unprivileged ICMP datagram socket (Linux "ping socket", see icmp(7)),
/// for processes that may not open raw sockets but whose group is inside net.ipv4.ping_group_range.
/// </summary>
/// <remarks>
/// The kernel sets the identifier (the socket's port) and the checksum of what is sent, and delivers only
/// replies that match the identifier, without their IP header.
/// </remarks>
internal static class DatagramIcmpEcho
{
    private const int HeaderBytes = 8;
    private const int PayloadBytes = 32;
    private const byte EchoRequestV4 = 8;
    private const byte EchoReplyV4 = 0;
    private const byte EchoRequestV6 = 128;
    private const byte EchoReplyV6 = 129;

    /// <summary>Sends an echo request and waits for its reply; returns TimedOut when the token is cancelled first.</summary>
    /// <remarks>The caller tells its own cancellation apart from a timeout by checking its token.</remarks>
    public static async Task<IPStatus> SendAsync(IPAddress address, ushort sequence, CancellationToken cancellationToken)
    {
        var ipv4 = address.AddressFamily == AddressFamily.InterNetwork;
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ipv4 ? ProtocolType.Icmp : ProtocolType.IcmpV6);

        // Connecting scopes the replies (and ICMP errors, which arrive as socket errors) to this address.
        socket.Connect(new IPEndPoint(address, 0));

        var request = new byte[HeaderBytes + PayloadBytes];
        request[0] = ipv4 ? EchoRequestV4 : EchoRequestV6;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6), sequence);
        for (var i = HeaderBytes; i < request.Length; i++)
        {
            request[i] = (byte)('a' + (i % 26));
        }

        var reply = new byte[HeaderBytes + PayloadBytes + 64];
        try
        {
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(reply, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received >= HeaderBytes
                    && reply[0] == (ipv4 ? EchoReplyV4 : EchoReplyV6)
                    && BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6)) == sequence)
                {
                    return IPStatus.Success;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return IPStatus.TimedOut;
        }
        catch (SocketException exception) when (StatusOf(exception.SocketErrorCode) is { } status)
        {
            return status;
        }
    }

    private static IPStatus? StatusOf(SocketError error) => error switch
    {
        SocketError.HostUnreachable or SocketError.HostDown => IPStatus.DestinationHostUnreachable,
        SocketError.NetworkUnreachable => IPStatus.DestinationNetworkUnreachable,
        SocketError.ConnectionRefused => IPStatus.DestinationUnreachable,
        _ => null,
    };
}
