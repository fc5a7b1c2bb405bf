using System.Net;
using System.Net.Sockets;
using Watchkeeper.Protocols.Snmp;

namespace Watchkeeper.Protocols.Tests.Snmp;

/// <summary>
/// A UDP peer on 127.0.0.1 that replies to each datagram with whatever a test script returns, for the agent
/// behaviour a real snmpd cannot be made to show: a port that is down, garbage, stray request ids, silence.
/// </summary>
internal sealed class ScriptedSnmpAgent : IAsyncDisposable
{
    private readonly UdpClient _socket;
    private readonly Func<SnmpMessage?, byte[], int, IEnumerable<byte[]>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _received;

    /// <param name="script">Takes the decoded request (null when undecodable), its bytes and its 1-based number; returns the datagrams to send back.</param>
    public ScriptedSnmpAgent(Func<SnmpMessage?, byte[], int, IEnumerable<byte[]>> script)
    {
        _script = script;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint Endpoint { get; }

    public int RequestsReceived => Volatile.Read(ref _received);

    /// <summary>Builds the Response a correct agent would send, with one value per requested OID.</summary>
    public static byte[] Respond(SnmpMessage request, Func<ObjectIdentifier, SnmpValue> valueOf, int? requestId = null) =>
        new SnmpMessage(request.Version, request.Community, new SnmpPdu(
            SnmpPduType.Response,
            requestId ?? request.Pdu.RequestId,
            SnmpErrorStatus.NoError,
            0,
            request.Pdu.VarBinds.Select(v => new VarBind(v.Oid, valueOf(v.Oid))).ToList())).Encode();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }
        catch (ObjectDisposedException)
        {
            // Disposing the socket ends a pending receive this way.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var datagram = await _socket.ReceiveAsync(_stop.Token);
            var number = Interlocked.Increment(ref _received);
            SnmpMessage? request;
            try
            {
                request = SnmpMessage.Decode(datagram.Buffer);
            }
            catch (SnmpFormatException)
            {
                request = null;
            }

            foreach (var reply in _script(request, datagram.Buffer, number))
            {
                await _socket.SendAsync(reply, datagram.RemoteEndPoint, _stop.Token);
            }
        }
    }
}
