using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watchkeeper.Protocols.Common;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Http;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) with the endpoints a camera's snapshot service has, good and bad.
/// </summary>
/// <remarks>
/// The Digest endpoints check credentials with <see cref="DigestCredentials"/>, the server side of the
/// authentication helper; a test with .NET's own Digest client shows that this check agrees with an
/// implementation written by others.
/// </remarks>
public sealed class SnapshotWebServer : IAsyncLifetime
{
    public const string User = "admin";
    public const string Password = "Snap-2024!";
    public const string Realm = "IP Camera";

    private readonly ConcurrentDictionary<string, bool> _issuedNonces = new();
    private WebApplication? _app;

    /// <summary>The real JPEG that the picture endpoints serve.</summary>
    public static byte[] Picture { get; } = File.ReadAllBytes(Path.Combine(Fixtures.Directory, "images", "street_768x576.jpg"));

    /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    public int Port => new Uri(BaseUrl).Port;

    public string Url(string path) => BaseUrl + path;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        MapPictures(_app);
        MapAuthentication(_app);
        MapFailures(_app);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static void MapPictures(WebApplication app)
    {
        app.MapGet("/", () => Results.Unauthorized());
        app.MapGet("/snapshot.jpg", () => Results.Bytes(Picture, "image/jpeg"));
        app.MapGet("/redirect", () => Results.Redirect("/snapshot.jpg"));
        app.MapGet("/redirect-twice", () => Results.Redirect("/redirect"));
        app.MapGet("/redirect-rtsp", () => Results.Redirect("rtsp://127.0.0.1/camera"));
        app.MapGet("/page", () => Results.Content("<html><body>Login</body></html>", "text/html"));
        app.MapGet("/truncated.jpg", () => Results.Bytes(Picture[..(Picture.Length / 2)], "image/jpeg"));
        app.MapGet("/missing.jpg", () => Results.NotFound());
        app.MapGet("/error.jpg", () => Results.StatusCode(500));
    }

    private void MapAuthentication(WebApplication app)
    {
        app.MapGet("/basic/snapshot.jpg", (HttpContext context) =>
            context.Request.Headers.Authorization == DigestAuthentication.FormatBasic(User, Password)
                ? Results.Bytes(Picture, "image/jpeg")
                : Challenge(context, $"Basic realm=\"{Realm}\""));
        app.MapGet("/digest/snapshot.jpg", (HttpContext context) => DigestProtected(context, qop: "auth"));
        app.MapGet("/digest-rfc2069/snapshot.jpg", (HttpContext context) => DigestProtected(context, qop: null));
    }

    private static void MapFailures(WebApplication app)
    {
        app.MapGet("/endless.jpg", async (HttpContext context) =>
        {
            // No Content-Length: the body is chunked and never ends until the client gives up.
            context.Response.ContentType = "image/jpeg";
            var chunk = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        app.MapGet("/declared-huge.jpg", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/jpeg";
            context.Response.ContentLength = 50L * 1024 * 1024;
            await context.Response.Body.WriteAsync(Picture, context.RequestAborted);
        });
        app.MapGet("/slow.jpg", async (HttpContext context) =>
        {
            // One byte every 100 ms: the picture would take about an hour.
            context.Response.ContentType = "image/jpeg";
            context.Response.ContentLength = Picture.Length;
            foreach (var value in Picture)
            {
                await context.Response.Body.WriteAsync(new[] { value }, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted);
            }
        });
    }

    private IResult DigestProtected(HttpContext context, string? qop)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var credentials = DigestCredentials.Parse(header);
        var target = context.Request.Path + context.Request.QueryString;
        var valid = credentials is not null
            && credentials.UserName == User
            && credentials.Realm == Realm
            && credentials.Uri == target
            && _issuedNonces.ContainsKey(credentials.Nonce)
            && credentials.Qop == qop
            && credentials.Verify(Password, context.Request.Method);
        if (valid)
        {
            return Results.Bytes(Picture, "image/jpeg");
        }

        var nonce = Guid.NewGuid().ToString("N");
        _issuedNonces[nonce] = true;
        var qopParameter = qop is null ? "" : $", qop=\"{qop}\"";
        return Challenge(context, $"Digest realm=\"{Realm}\", nonce=\"{nonce}\", algorithm=MD5, opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"{qopParameter}");
    }

    private static IResult Challenge(HttpContext context, string challenge)
    {
        context.Response.Headers.WWWAuthenticate = challenge;
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }
}
