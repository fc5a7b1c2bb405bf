using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>
/// The RTSP/1.0 service (RFC 2326) of a simulated camera or recorder: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE,
/// TEARDOWN and GET_PARAMETER, with Basic or Digest authentication on everything but OPTIONS. Cameras serve OPTIONS
/// before login: the captured Reolink camera in tests/Fixtures/captures returns 200 to OPTIONS and 401 to DESCRIBE.
/// </summary>
/// <remarks>
/// Media goes only as RTP interleaved in the RTSP connection (RFC 2326 §10.12), so a session lives as long as its
/// connection, and SETUP for UDP is rejected with 461 Unsupported Transport. A connection that sends nothing (no request, no
/// RTCP report) for the session timeout is closed, which ends its sessions.
/// </remarks>
internal sealed partial class RtspHandler : IMessageHandler
{
    private const string Implemented = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER";

    // Methods RFC 2326 §10 defines that this server does not implement: 405 with Allow, not 501 (§7.1.1).
    private static readonly HashSet<string> DefinedMethods = ["RECORD", "ANNOUNCE", "SET_PARAMETER", "REDIRECT"];

    private readonly RtspService _service;

    public RtspHandler(RtspService service)
    {
        _service = service;
    }

    public MessageProtocol Protocol => MessageProtocol.Rtsp;

    public async ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken)
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
            response = await DispatchAsync(request);
            response.WithHeader("CSeq", sequence);
        }

        response.WithHeader("Date", _service.Clock.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        response.WithHeader("Server", _service.ServerName);
        return response;
    }

    private async ValueTask<MessageResponse> DispatchAsync(MessageRequest request)
    {
        switch (request.Method)
        {
            case "OPTIONS":
                return new MessageResponse(200, "OK").WithHeader("Public", Implemented);
            case "DESCRIBE":
                return Authorize(request) ?? Describe(request);
            case "SETUP":
                return Authorize(request) ?? Setup(request);
            case "PLAY":
                return Authorize(request) ?? Play(request);
            case "PAUSE":
                return Authorize(request) ?? await PauseAsync(request);
            case "TEARDOWN":
                return Authorize(request) ?? await TeardownAsync(request);
            case "GET_PARAMETER":
                return Authorize(request) ?? GetParameter(request);
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

        var sdp = H264Sdp.Build(_service.SessionId, _service.Address, sessionName);
        return new MessageResponse(200, "OK")
            .WithHeader("Content-Base", ContentBase(request))
            .WithBody(Encoding.UTF8.GetBytes(sdp), "application/sdp");
    }

    /// <summary>The URL that relative control URLs resolve against, with a trailing slash.</summary>
    private string ContentBase(MessageRequest request)
    {
        var target = request.Target.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
            ? request.Target
            : $"rtsp://{_service.Address}:{_service.Port}{request.PathAndQuery}";
        return target.TrimEnd('/') + "/";
    }
}

/// <summary>What the RTSP service of one device serves and how it authenticates.</summary>
/// <param name="Streams">Session names by path and query without a trailing slash, e.g. "/Streaming/Channels/101".</param>
/// <param name="Picture">What every stream of the device shows.</param>
/// <param name="SessionTimeout">How long a connection may stay silent before it and its sessions close (RFC 2326 §12.37).</param>
internal sealed record RtspService(
    IReadOnlyDictionary<string, string> Streams,
    RequestAuthenticator Authenticator,
    DeviceClock Clock,
    string Address,
    int Port,
    long SessionId,
    string ServerName,
    string DeviceCode,
    CameraPicture Picture,
    TimeSpan SessionTimeout,
    ILogger Logger);
