using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Isapi;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Http;

/// <summary>
/// A recorder's web port speaking Hikvision ISAPI: device information, storage and the recording search with Digest
/// authentication, and ISAPI's ResponseStatus document for paths it does not serve.
/// </summary>
internal sealed class RecorderHttpHandler(
    RecorderInfo recorder,
    RecorderStorage storage,
    RecorderRecordings recordings,
    DeviceClock clock,
    RequestAuthenticator authenticator) : DeviceHttpHandler(clock, authenticator, "App-webs/")
{
    public const string DeviceInfoPath = "/ISAPI/System/deviceInfo";
    public const string StoragePath = "/ISAPI/ContentMgmt/Storage";
    public const string HddPath = "/ISAPI/ContentMgmt/Storage/hdd";
    public const string SearchPath = "/ISAPI/ContentMgmt/search";

    protected override MessageResponse Route(MessageRequest request)
    {
        var path = request.Path;
        if (path == "/")
        {
            return IsRead(request) ? LoginPage(recorder.Identity) : MethodNotAllowed("GET, HEAD");
        }

        if (!path.StartsWith("/ISAPI/", StringComparison.Ordinal))
        {
            return Page(404, "Not Found");
        }

        // ISAPI challenges for credentials before it reveals whether a resource exists.
        var challenge = Authorize(request);
        if (challenge is not null)
        {
            return challenge;
        }

        if (path == SearchPath)
        {
            return request.Method == "POST"
                ? Search(request)
                : Status(405, "Method Not Allowed", path, 4, "Invalid Operation", "methodNotAllowed").WithHeader("Allow", "POST");
        }

        byte[]? document = path switch
        {
            DeviceInfoPath => IsapiMessages.DeviceInfo(recorder),
            StoragePath => IsapiMessages.Storage(storage),
            HddPath => IsapiMessages.HddListDocument(storage),
            _ => null,
        };

        if (document is null)
        {
            return Status(404, "Not Found", path, 4, "Invalid Operation", "notSupport");
        }

        if (!IsRead(request))
        {
            return Status(405, "Method Not Allowed", path, 4, "Invalid Operation", "methodNotAllowed").WithHeader("Allow", "GET, HEAD");
        }

        return new MessageResponse(200, "OK").WithBody(document, IsapiMessages.ContentType);
    }

    private MessageResponse Search(MessageRequest request)
    {
        var search = IsapiSearch.Parse(request.Body.Span);
        if (search is null)
        {
            return Status(400, "Bad Request", SearchPath, 5, "Invalid XML Format", "badXmlFormat");
        }

        var localNow = Clock.UtcNow.UtcDateTime + recordings.UtcOffset;
        var channel = recordings.Channel(search.TrackId / 100);
        var segments = channel is null || search.TrackId % 100 != 1 ? [] : channel.Segments(search.Start, search.End, localNow);
        return new MessageResponse(200, "OK").WithBody(IsapiSearch.Result(search, segments), IsapiMessages.ContentType);
    }

    private static MessageResponse Status(int httpStatus, string reason, string path, int statusCode, string statusString, string subStatusCode) =>
        new MessageResponse(httpStatus, reason)
            .WithBody(IsapiMessages.ResponseStatus(path, statusCode, statusString, subStatusCode), IsapiMessages.ContentType);
}
