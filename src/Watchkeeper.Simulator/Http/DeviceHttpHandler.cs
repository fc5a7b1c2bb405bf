using System.Globalization;
using System.Net;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Http;

/// <summary>
/// The HTTP/1.1 service of a simulated device: the headers every response carries, HEAD, authentication and
/// the error pages; the device's own paths come from <see cref="Route"/>.
/// </summary>
internal abstract class DeviceHttpHandler(DeviceClock clock, RequestAuthenticator authenticator, string serverName) : IMessageHandler
{
    public MessageProtocol Protocol => MessageProtocol.Http;

    protected RequestAuthenticator Authenticator => authenticator;

    protected DeviceClock Clock => clock;

    public ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var response = Route(request);
        response.OmitBody = request.Method == "HEAD";
        response.WithHeader("Date", clock.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        response.WithHeader("Server", serverName);
        return ValueTask.FromResult(response);
    }

    /// <summary>Builds the response for the request's method and path.</summary>
    protected abstract MessageResponse Route(MessageRequest request);

    /// <summary>Returns null when the request carries valid credentials, else the 401 challenge to send.</summary>
    protected MessageResponse? Authorize(MessageRequest request)
    {
        var result = authenticator.Authenticate(request.Method, request.Target, request.Headers.Get("Authorization"));
        if (result == AuthenticationResult.Authorized)
        {
            return null;
        }

        var response = Page(401, "Unauthorized");
        authenticator.AddChallenges(response, stale: result == AuthenticationResult.Stale);
        return response;
    }

    protected static bool IsRead(MessageRequest request) => request.Method is "GET" or "HEAD";

    protected static MessageResponse MethodNotAllowed(string allow) =>
        Page(405, "Method Not Allowed").WithHeader("Allow", allow);

    protected static MessageResponse Page(int statusCode, string reasonPhrase) =>
        new MessageResponse(statusCode, reasonPhrase)
            .WithText($"<!DOCTYPE html><html><head><title>{statusCode} {reasonPhrase}</title></head><body><h1>{statusCode} {reasonPhrase}</h1></body></html>\n", "text/html; charset=utf-8");

    /// <summary>The device's login page at "/", which cameras serve without credentials.</summary>
    protected static MessageResponse LoginPage(DeviceIdentity identity) =>
        new MessageResponse(200, "OK")
            .WithText($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(identity.Model)}</title></head><body><form method=\"post\" action=\"/login\"><p>{WebUtility.HtmlEncode(identity.Vendor)} {WebUtility.HtmlEncode(identity.Model)}</p></form></body></html>\n", "text/html; charset=utf-8");
}
