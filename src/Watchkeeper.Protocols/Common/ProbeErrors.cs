using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// Turns the exceptions that network I/O throws into a probe reason and a detail an engineer can act on.
/// </summary>
public static class ProbeErrors
{
    /// <summary>Classifies <paramref name="exception"/> raised while talking to <paramref name="endpoint"/>.</summary>
    public static (ProbeReason Reason, string Detail) Classify(Exception exception, string endpoint)
    {
        if (Find<MessageTooLargeException>(exception) is { } tooLarge)
        {
            return (ProbeReason.ResponseTooLarge, $"{endpoint}: {tooLarge.Message}; reading stopped at the limit");
        }

        if (Find<WireFormatException>(exception) is { } malformed)
        {
            return (ProbeReason.ProtocolError,
                $"{endpoint}: {malformed.Message}; the device does not speak the expected protocol there, so check the port and URL in the ledger");
        }

        var socket = Find<SocketException>(exception);
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => (ProbeReason.ConnectionRefused, $"{endpoint}: connection refused; is the service running and the port right?"),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown =>
                    (ProbeReason.HostUnreachable, $"{endpoint}: host unreachable ({socket.SocketErrorCode}); check the network path"),
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    (ProbeReason.NameResolutionFailed, $"{endpoint}: host name could not be resolved ({socket.SocketErrorCode})"),
                SocketError.TimedOut => (ProbeReason.Timeout, $"{endpoint}: connection timed out"),
                SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown =>
                    (ProbeReason.ConnectionReset, $"{endpoint}: connection closed by the device ({socket.SocketErrorCode})"),
                _ => (ProbeReason.ProtocolError, $"{endpoint}: socket error {socket.SocketErrorCode}"),
            };
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return (ProbeReason.TlsFailed, $"{endpoint}: TLS handshake failed: {tls.Message}");
        }

        if (exception is TimeoutException || Find<TimeoutException>(exception) is not null)
        {
            return (ProbeReason.Timeout, $"{endpoint}: timed out");
        }

        if (Find<EndOfStreamException>(exception) is { } endOfStream)
        {
            return (ProbeReason.ConnectionReset, $"{endpoint}: connection closed before a complete response ({endOfStream.Message})");
        }

        if (exception is HttpRequestException http)
        {
            return http.HttpRequestError switch
            {
                HttpRequestError.ConfigurationLimitExceeded =>
                    (ProbeReason.ResponseTooLarge, $"{endpoint}: the HTTP response headers are longer than the limit; reading stopped"),
                HttpRequestError.InvalidResponse => (ProbeReason.ProtocolError, $"{endpoint}: the response is not valid HTTP ({http.Message})"),
                HttpRequestError.ResponseEnded => (ProbeReason.ConnectionReset, $"{endpoint}: connection closed before a complete HTTP response"),
                _ => (ProbeReason.ProtocolError, $"{endpoint}: {http.HttpRequestError}: {http.Message}"),
            };
        }

        if (exception is IOException io)
        {
            return (ProbeReason.ConnectionReset, $"{endpoint}: {io.Message}");
        }

        return (ProbeReason.ProtocolError, $"{endpoint}: {exception.GetType().Name}: {exception.Message}");
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
