using System.Net;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// One RTSP or HTTP request as received: request line, header fields and body.
/// </summary>
internal sealed class MessageRequest
{
    public required string Method { get; init; }

    /// <summary>The request target as sent: an absolute URL (RTSP, HTTP proxies) or a path with a query.</summary>
    public required string Target { get; init; }

    /// <summary>The protocol version from the request line, e.g. RTSP/1.0 or HTTP/1.1.</summary>
    public required string Version { get; init; }

    public required MessageHeaders Headers { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>The connection the request came on; null for requests built outside a server, as in tests.</summary>
    public MessageConnection? Connection { get; init; }

    /// <summary>The path and query of <see cref="Target"/>, e.g. "/Streaming/Channels/101" or "/a?b=1".</summary>
    public string PathAndQuery => MessageTargets.PathAndQuery(Target);

    /// <summary>The path of <see cref="Target"/> without its query, percent-decoding left to the handler.</summary>
    public string Path
    {
        get
        {
            var pathAndQuery = PathAndQuery;
            var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? pathAndQuery : pathAndQuery[..query];
        }
    }
}

/// <summary>Helpers for request targets in origin form ("/path?q") or absolute form ("rtsp://host:port/path?q").</summary>
internal static class MessageTargets
{
    public static string PathAndQuery(string target)
    {
        if (target.StartsWith('/') || target == "*")
        {
            return target;
        }

        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return target;
        }

        var path = target.IndexOf('/', scheme + 3);
        if (path >= 0)
        {
            return target[path..];
        }

        // "rtsp://host:554" or "rtsp://host:554?x": the path is empty, so the query (if any) follows "/".
        var query = target.IndexOf('?', scheme + 3);
        return query < 0 ? "/" : "/" + target[query..];
    }
}
