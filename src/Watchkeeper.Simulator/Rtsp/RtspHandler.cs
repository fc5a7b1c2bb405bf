using System.Globalization;
using System.Text;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>
/// The RTSP/1.0 service (RFC 2326) of a simulated camera or recorder: OPTIONS, DESCRIBE and GET_PARAMETER, with
/// Basic or Digest authentication on everything but OPTIONS. Cameras serve OPTIONS before login: the captured
/// Reolink camera in tests/Fixtures/captures returns 200 to OPTIONS and 401 to DESCRIBE.
/// </summary>
/// <remarks>
/// NOTE: SETUP, PLAY and the other session methods are answered 405 Method Not Allowed, so no media flows yet; a
/// client that sends SETUP after DESCRIBE has accepted the SDP. Grabbing frames needs SETUP and PLAY with RTP over
/// the RTSP connection (RFC 2326 §10.12).
/// </remarks>
internal sealed class RtspHandler : IMessageHandler
{
    private const string Implemented = "OPTIONS, DESCRIBE, GET_PARAMETER";

    // Methods RFC 2326 §10 defines that this server does not implement: 405 with Allow, not 501 (§7.1.1).
    private static readonly HashSet<string> DefinedMethods =
        ["SETUP", "PLAY", "PAUSE", "TEARDOWN", "RECORD", "ANNOUNCE", "SET_PARAMETER", "REDIRECT"];

    private readonly RtspService _service;

    public RtspHandler(RtspService service)
    {
        _service = service;
    }

    public MessageProtocol Protocol => MessageProtocol.Rtsp;

    public ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var sequence = request.Headers.Get("CSeq");
        MessageResponse response;
        if (sequence is null)
        {
            // RFC 2326 §12.17: every request carries CSeq.
            response = new MessageResponse(400, "Bad Request").WithText("CSeq header missing\r\n", "text/plain");
        }
        else
        {
            response = Dispatch(request);
            response.WithHeader("CSeq", sequence);
        }

        response.WithHeader("Date", _service.Clock.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        response.WithHeader("Server", _service.ServerName);
        return ValueTask.FromResult(response);
    }

    private MessageResponse Dispatch(MessageRequest request)
    {
        switch (request.Method)
        {
            case "OPTIONS":
                return new MessageResponse(200, "OK").WithHeader("Public", Implemented);
            case "DESCRIBE":
                return Authorize(request) ?? Describe(request);
            case "GET_PARAMETER":
                return Authorize(request) ?? new MessageResponse(200, "OK");
            default:
                if (DefinedMethods.Contains(request.Method))
                {
                    return new MessageResponse(405, "Method Not Allowed").WithHeader("Allow", Implemented);
                }

                return new MessageResponse(501, "Not Implemented");
        }
    }

    private MessageResponse? Authorize(MessageRequest request)
    {
        var result = _service.Authenticator.Authenticate(request.Method, request.Target, request.Headers.Get("Authorization"));
        if (result == AuthenticationResult.Authorized)
        {
            return null;
        }

        var response = new MessageResponse(401, "Unauthorized");
        _service.Authenticator.AddChallenges(response, stale: result == AuthenticationResult.Stale);
        return response;
    }

    private MessageResponse Describe(MessageRequest request)
    {
        var pathAndQuery = request.PathAndQuery.TrimEnd('/');
        if (!_service.Streams.TryGetValue(pathAndQuery, out var sessionName))
        {
            return new MessageResponse(404, "Stream Not Found");
        }

        var accept = request.Headers.Get("Accept");
        if (accept is not null && !accept.Contains("application/sdp", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            return new MessageResponse(406, "Not Acceptable");
        }

        var contentBase = request.Target.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
            ? request.Target
            : $"rtsp://{_service.Address}:{_service.Port}{request.PathAndQuery}";
        var sdp = H264Sdp.Build(_service.SessionId, _service.Address, sessionName);
        return new MessageResponse(200, "OK")
            .WithHeader("Content-Base", contentBase.TrimEnd('/') + "/")
            .WithBody(Encoding.UTF8.GetBytes(sdp), "application/sdp");
    }
}

/// <summary>What the RTSP service of one device serves and how it authenticates.</summary>
/// <param name="Streams">Session names by path and query without a trailing slash, e.g. "/Streaming/Channels/101".</param>
internal sealed record RtspService(
    IReadOnlyDictionary<string, string> Streams,
    RequestAuthenticator Authenticator,
    DeviceClock Clock,
    string Address,
    int Port,
    long SessionId,
    string ServerName);
