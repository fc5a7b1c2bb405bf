using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Protocols.Tests.HttpApi;

/// <summary>
/// A Kestrel server on 127.0.0.1 that serves fixed documents behind HTTP Digest authentication, the way
/// Hikvision and Dahua devices serve ISAPI and CGI. Paths without a route get 404.
/// </summary>
internal sealed class DeviceWebServer : IAsyncDisposable
{
    public const string UserName = "admin";
    public const string Password = "Hik12345+";

    private readonly ConcurrentDictionary<string, (int Status, string MediaType, string Body)> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _served = new();
    private LoopbackHttpServer? _server;

    private DeviceWebServer()
    {
    }

    public DigestAuthenticator Digest { get; } = new("IP Camera(C1234)", UserName, Password);

    public Uri BaseUri => _server!.BaseUri;

    /// <summary>Path and query of every request that passed authentication, in order.</summary>
    public IReadOnlyCollection<string> Served => _served;

    public static async Task<DeviceWebServer> StartAsync(CancellationToken cancellationToken)
    {
        var device = new DeviceWebServer();
        device._server = await LoopbackHttpServer.StartAsync(device.HandleAsync, cancellationToken);
        return device;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="pathAndQuery"/>, e.g. "/ISAPI/System/deviceInfo".</summary>
    public DeviceWebServer Route(string pathAndQuery, string body, string mediaType = "application/xml", int status = 200)
    {
        _routes[pathAndQuery] = (status, mediaType, body);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!await Digest.AuthorizeAsync(context))
        {
            return;
        }

        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        _served.Enqueue(pathAndQuery);
        if (!_routes.TryGetValue(pathAndQuery, out var route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("Not Found", context.RequestAborted);
            return;
        }

        context.Response.StatusCode = route.Status;
        context.Response.ContentType = route.MediaType;
        await context.Response.WriteAsync(route.Body, context.RequestAborted);
    }
}
