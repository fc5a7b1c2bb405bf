using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Snmp;

/// <summary>
/// An SNMPv2c agent on UDP (RFC 3416 GetRequest, GetNextRequest and GetBulkRequest over a read-only view).
/// Requests with another version or a wrong community are dropped without a response, as agents do.
/// </summary>
internal sealed partial class SnmpAgent : SocketEndpoint
{
    /// <summary>The largest response sent: an Ethernet frame's UDP payload, as small agents use.</summary>
    public const int MaxResponseBytes = 1472;

    private const int MaxBulkBindings = 64;

    private readonly MibView _view;
    private readonly byte[] _community;
    private long _responded;
    private long _dropped;

    public SnmpAgent(EndpointBinding binding, MibView view, string community, ILogger logger)
        : base(binding, logger)
    {
        _view = view;
        _community = System.Text.Encoding.UTF8.GetBytes(community);
    }

    public long RequestsResponded => Interlocked.Read(ref _responded);

    /// <summary>Datagrams dropped: malformed, another SNMP version, or a wrong community.</summary>
    public long RequestsDropped => Interlocked.Read(ref _dropped);

    private protected override Socket CreateSocket() => new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    private protected override Task ServeAsync(Socket socket, CancellationToken stopping) => ReceiveLoopAsync(socket, stopping);

    /// <summary>Returns the encoded response to <paramref name="datagram"/>, or null when the agent stays silent.</summary>
    internal byte[]? BuildResponse(ReadOnlySpan<byte> datagram)
    {
        var request = SnmpRequest.TryDecode(datagram, out var error);
        if (request is null)
        {
            LogMalformed(Logger, Binding.DeviceCode, error!);
            return null;
        }

        if (request.Version != SnmpRequest.Version2c || !CryptographicOperations.FixedTimeEquals(request.Community, _community))
        {
            // As agents in the field do, a request with an unknown community or version is dropped without a response.
            return null;
        }

        return request.PduType switch
        {
            BerTag.GetRequest => Encode(request, request.Names.Select(name => new VariableBinding(name, _view.Get(name)))),
            BerTag.GetNextRequest => Encode(request, request.Names.Select(_view.GetNext)),
            BerTag.GetBulkRequest => EncodeBulk(request),
            BerTag.SetRequest => SnmpResponse.Encode(request, SnmpResponse.NoAccess, 1,
                request.Names.Select(name => new VariableBinding(name, SnmpValue.Null).Encode())),
            _ => null,
        };
    }

    private static byte[] Encode(SnmpRequest request, IEnumerable<VariableBinding> bindings)
    {
        var response = SnmpResponse.Encode(request, SnmpResponse.NoError, 0, bindings.Select(binding => binding.Encode()));

        // RFC 3416 §4.2.1: a response that does not fit is replaced by tooBig with no bindings.
        return response.Length <= MaxResponseBytes ? response : SnmpResponse.Encode(request, SnmpResponse.TooBig, 0, []);
    }

    /// <summary>RFC 3416 §4.2.3: non-repeaters get one GetNext each, the rest up to max-repetitions, cut to fit.</summary>
    private byte[] EncodeBulk(SnmpRequest request)
    {
        var nonRepeaters = Math.Clamp(request.NonRepeaters, 0, request.Names.Count);
        var repetitions = Math.Clamp(request.MaxRepetitions, 0, MaxBulkBindings);
        var encoded = new List<byte[]>();
        var budget = MaxResponseBytes - 64 - request.Community.Length;

        bool Add(VariableBinding binding)
        {
            var bytes = binding.Encode();
            if (bytes.Length > budget || encoded.Count >= MaxBulkBindings)
            {
                return false;
            }

            budget -= bytes.Length;
            encoded.Add(bytes);
            return true;
        }

        foreach (var name in request.Names.Take(nonRepeaters))
        {
            if (!Add(_view.GetNext(name)))
            {
                return SnmpResponse.Encode(request, SnmpResponse.NoError, 0, encoded);
            }
        }

        var cursors = request.Names.Skip(nonRepeaters).ToArray();
        for (var round = 0; round < repetitions && cursors.Length > 0; round++)
        {
            var ended = 0;
            for (var i = 0; i < cursors.Length; i++)
            {
                var next = _view.GetNext(cursors[i]);
                if (!Add(next))
                {
                    return SnmpResponse.Encode(request, SnmpResponse.NoError, 0, encoded);
                }

                cursors[i] = next.Oid;
                ended += next.Value.Tag == BerTag.EndOfMibView ? 1 : 0;
            }

            // Once every repeater is past the end of the view, further rounds would repeat endOfMibView.
            if (ended == cursors.Length)
            {
                break;
            }
        }

        return SnmpResponse.Encode(request, SnmpResponse.NoError, 0, encoded);
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[65536];
        EndPoint anyClient = new IPEndPoint(IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anyClient, stopping);
                var response = BuildResponse(buffer.AsSpan(0, received.ReceivedBytes));
                if (response is null)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                await socket.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint, stopping);
                Interlocked.Increment(ref _responded);
            }
            catch (Exception exception) when (stopping.IsCancellationRequested && exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // An ICMP error for an earlier reply, or an oversized datagram: this datagram is lost, the agent goes on.
                LogReceiveFailed(Logger, Binding.DeviceCode, Binding.EndPoint, exception.SocketErrorCode);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} SNMP agent dropped a malformed datagram: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string deviceCode, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} SNMP agent on {EndPoint}: receive or send failed with {SocketError}")]
    private static partial void LogReceiveFailed(ILogger logger, string deviceCode, IPEndPoint endPoint, SocketError socketError);
}
