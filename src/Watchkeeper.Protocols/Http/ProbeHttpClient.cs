using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Http;

/// <summary>Creates the HttpClient that the HTTP and snapshot probes share.</summary>
public static class ProbeHttpClient
{
    /// <summary>Maximum size of a response's header block, in KiB; a device web server sends a few hundred bytes.</summary>
    public const int MaxResponseHeadersKilobytes = 64;

    internal static readonly HttpRequestOptionsKey<ProbeProgress> ProgressKey = new("Watchkeeper.ProbeProgress");

    /// <summary>
    /// Creates a client for probing devices: no proxy, no cookies, no automatic redirects or decompression, no
    /// connection reuse, and no timeout of its own (each probe cancels its requests at the target's timeout).
    /// </summary>
    /// <remarks>
    /// Server certificates are not validated: devices ship self-signed certificates, and a probe checks that the
    /// device responds, not who it is.
    /// </remarks>
    public static HttpClient Create()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = MaxResponseHeadersKilobytes,

            // Zero lifetime closes each connection after its response, so that every probe measures a fresh
            // connection and the connect callback below always runs.
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = ConnectAsync,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // A reset instead of FIN keeps the prober's side out of TIME_WAIT, which thousands of probes a
            // second would otherwise fill.
            socket.LingerState = new LingerOption(true, 0);
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (context.InitialRequestMessage.Options.TryGetValue(ProgressKey, out var progress))
        {
            progress.Awaiting("waiting for the HTTP response headers");
        }

        return new NetworkStream(socket, ownsSocket: true);
    }
}
