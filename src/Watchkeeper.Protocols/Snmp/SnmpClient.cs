using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>
/// Sends SNMPv2c GetRequests over UDP and waits for the matching Response, retrying once by default.
/// </summary>
/// <remarks>
/// An agent drops a request with an unknown community without any response (Net-SNMP 5.9 does, and
/// RFC 1157 section 4.1 has the message discarded), so a wrong community looks like a silent agent.
/// </remarks>
public sealed class SnmpClient
{
    public const int DefaultPort = 161;

    /// <summary>Largest UDP payload over IPv4, so no datagram is ever cut short by the receive buffer.</summary>
    private const int MaxDatagramBytes = 65_507;

    /// <summary>Sends one GetRequest for <paramref name="oids"/> and returns the agent's Response PDU.</summary>
    /// <param name="timeout">Total time for all attempts; each attempt gets an equal share.</param>
    /// <param name="retries">How many times the request is sent again after an attempt gets no response.</param>
    /// <exception cref="TimeoutException">No matching Response arrived in time.</exception>
    /// <exception cref="SnmpFormatException">Only malformed datagrams came back.</exception>
    /// <exception cref="SocketException">The network reported an error, e.g. port unreachable (ConnectionRefused).</exception>
    public async Task<SnmpPdu> GetAsync(
        IPEndPoint agent,
        string community,
        IReadOnlyList<ObjectIdentifier> oids,
        TimeSpan timeout,
        int retries,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentOutOfRangeException.ThrowIfLessThan(oids.Count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(retries);

        // Request ids are random so that a late response to an earlier probe of the same agent never matches.
        var requestId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var request = new SnmpMessage(SnmpVersion.V2c, community, SnmpPdu.GetRequest(requestId, oids)).Encode();

        using var socket = new Socket(agent.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        // A connected UDP socket only receives datagrams from the agent, and reports an ICMP port
        // unreachable as ConnectionRefused on the next receive.
        await socket.ConnectAsync(agent, cancellationToken).ConfigureAwait(false);

        var attempts = retries + 1;
        var attemptTimeout = timeout / attempts;
        var buffer = new byte[MaxDatagramBytes];
        var lastMalformed = new StrongBox<SnmpFormatException?>();

        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);

            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCancellation.CancelAfter(attemptTimeout);
            try
            {
                return await ReceiveMatchingAsync(socket, buffer, requestId, lastMalformed, attemptCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This attempt timed out. The next one resends the request with the same id, so that a late
                // response to either attempt still matches.
            }
        }

        if (lastMalformed.Value is not null)
        {
            // Something sent datagrams, but never a well-formed message. That explains the failure better
            // than a plain timeout would.
            throw lastMalformed.Value;
        }

        throw new TimeoutException($"no response from {agent} within {timeout.TotalSeconds:0.#} s ({attempts} attempts)");
    }

    /// <summary>Receives until a Response with <paramref name="requestId"/> arrives, skipping stray datagrams.</summary>
    private static async Task<SnmpPdu> ReceiveMatchingAsync(
        Socket socket, byte[] buffer, int requestId, StrongBox<SnmpFormatException?> lastMalformed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);

            SnmpMessage message;
            try
            {
                message = SnmpMessage.Decode(buffer.AsSpan(0, received));
            }
            catch (SnmpFormatException error)
            {
                // Keep listening, because a well-formed response may still follow.
                lastMalformed.Value = error;
                continue;
            }

            if (message.Pdu.Type == SnmpPduType.Response && message.Pdu.RequestId == requestId)
            {
                return message.Pdu;
            }
        }
    }
}
