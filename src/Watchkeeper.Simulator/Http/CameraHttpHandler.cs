using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;
using Watchkeeper.Simulator.Onvif;

namespace Watchkeeper.Simulator.Http;

/// <summary>
/// A camera's web port: the login page, the snapshot URL (Digest authentication, a JPEG per request from the
/// embedded street pictures in turn, or the picture of the camera's picture fault) and the ONVIF device and media
/// services.
/// </summary>
internal sealed class CameraHttpHandler(
    CameraHttpPaths paths,
    DeviceIdentity identity,
    DeviceClock clock,
    RequestAuthenticator authenticator,
    OnvifService onvif,
    CameraPicture picture,
    int firstPicture) : DeviceHttpHandler(clock, authenticator, identity.Vendor + " web server")
{
    private int _nextPicture = firstPicture;

    protected override MessageResponse Route(MessageRequest request)
    {
        var path = request.Path;
        if (path == paths.OnvifDevice || path == paths.OnvifMedia)
        {
            // ONVIF dispatches on the body's element, so either service path serves both services' operations.
            return request.Method == "POST" ? onvif.Handle(request) : MethodNotAllowed("POST");
        }

        if (path == paths.Snapshot)
        {
            if (!IsRead(request))
            {
                return MethodNotAllowed("GET, HEAD");
            }

            return Authorize(request) ?? Snapshot();
        }

        if (path == "/")
        {
            return IsRead(request) ? LoginPage(identity) : MethodNotAllowed("GET, HEAD");
        }

        return Page(404, "Not Found");
    }

    private MessageResponse Snapshot()
    {
        var jpeg = picture.Snapshot(Interlocked.Increment(ref _nextPicture));
        return new MessageResponse(200, "OK")
            .WithBody(jpeg, "image/jpeg")
            .WithHeader("Cache-Control", "no-store");
    }
}

/// <summary>The paths of a camera's web services, without their query strings.</summary>
internal sealed record CameraHttpPaths(string Snapshot, string OnvifDevice, string OnvifMedia);
