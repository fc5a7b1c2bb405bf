using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Rtsp;

/// <summary>One request and its response.</summary>
/// <param name="CredentialsSent">Whether the request that got <paramref name="Response"/> carried an Authorization header.</param>
public sealed record RtspTransaction(string Method, string RequestUri, bool CredentialsSent, RtspResponse Response)
{
    public IReadOnlyList<AuthenticationChallenge> Challenges =>
        AuthenticationChallenge.ParseAll(Response.Headers.GetAll("WWW-Authenticate"));
}

/// <summary>
/// An RTSP client (RFC 2326) over one TCP connection: sends requests with increasing CSeq and matches each
/// response by CSeq. Responds to a 401 challenge once per request with Basic or Digest credentials when it has them.
/// </summary>
/// <remarks>Not thread-safe: one request at a time.</remarks>
public sealed class RtspClient : IAsyncDisposable
{
    // RFC 2326 section 12.17: a response echoes the request's CSeq. Older responses are skipped, a few at most.
    private const int MaxSkippedResponses = 3;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BoundedLineReader _reader;
    private readonly RtspLimits _limits;
    private readonly ChallengeResponder? _responder;
    private int _sequence;

    private RtspClient(Socket socket, RtspUrl url, NetworkCredential? credentials, RtspLimits limits)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new BoundedLineReader(_stream, limits.MaxLineBytes, limits.MaxMessageBytes);
        _limits = limits;
        Url = url;
        if (credentials is { UserName.Length: > 0 })
        {
            _responder = new ChallengeResponder(credentials.UserName, credentials.Password);
        }
    }

    public RtspUrl Url { get; }

    public string UserAgent { get; init; } = "Watchkeeper";

    /// <summary>Connects to the host and port of <paramref name="url"/>.</summary>
    /// <param name="credentials">Sent only when the server challenges; null to send none.</param>
    public static async Task<RtspClient> ConnectAsync(RtspUrl url, NetworkCredential? credentials, RtspLimits limits, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Close with a reset rather than FIN: a prober that opens thousands of connections a second would
            // otherwise keep each one in TIME_WAIT and run out of local ports.
            socket.LingerState = new LingerOption(true, 0);
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
            return new RtspClient(socket, url, credentials, limits);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task<RtspTransaction> OptionsAsync(CancellationToken cancellationToken) =>
        SendAsync("OPTIONS", Url.RequestUri, [], cancellationToken);

    public Task<RtspTransaction> DescribeAsync(CancellationToken cancellationToken) =>
        SendAsync("DESCRIBE", Url.RequestUri, [new("Accept", "application/sdp")], cancellationToken);

    /// <summary>
    /// Sends a request without a body and returns its response. On a 401 it responds to the challenge once: when it
    /// has sent no credentials yet, or when a Digest challenge brings a new nonce.
    /// </summary>
    public async Task<RtspTransaction> SendAsync(string method, string requestUri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var authorization = _responder?.Authorize(method, requestUri);
        var response = await ExchangeAsync(method, requestUri, headers, authorization, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != 401 || _responder is null)
        {
            return new RtspTransaction(method, requestUri, authorization is not null, response);
        }

        var challenges = AuthenticationChallenge.ParseAll(response.Headers.GetAll("WWW-Authenticate"));
        if (!_responder.ShouldRetry(challenges, authorization is not null) || !_responder.Accept(challenges))
        {
            return new RtspTransaction(method, requestUri, authorization is not null, response);
        }

        authorization = _responder.Authorize(method, requestUri);
        response = await ExchangeAsync(method, requestUri, headers, authorization, cancellationToken).ConfigureAwait(false);
        return new RtspTransaction(method, requestUri, CredentialsSent: true, response);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task<RtspResponse> ExchangeAsync(string method, string requestUri, IReadOnlyList<KeyValuePair<string, string>> headers, string? authorization, CancellationToken cancellationToken)
    {
        var sequence = ++_sequence;
        var request = FormatRequest(method, requestUri, sequence, headers, authorization);
        await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);

        for (var skipped = 0; ; skipped++)
        {
            var response = await RtspResponse.ReadAsync(_reader, _limits, cancellationToken).ConfigureAwait(false);
            var echoed = response.CSeq;

            // A response without CSeq is taken as the one expected, because some cameras leave the header out.
            if (echoed is null || echoed == sequence)
            {
                return response;
            }

            if (echoed > sequence || skipped == MaxSkippedResponses)
            {
                throw new WireFormatException($"the {method} response carries CSeq {echoed}, but the request sent CSeq {sequence}");
            }
        }
    }

    private byte[] FormatRequest(string method, string requestUri, int sequence, IReadOnlyList<KeyValuePair<string, string>> headers, string? authorization)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {requestUri} RTSP/1.0\r\n");
        text.Append(CultureInfo.InvariantCulture, $"CSeq: {sequence}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"User-Agent: {UserAgent}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (authorization is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        text.Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
