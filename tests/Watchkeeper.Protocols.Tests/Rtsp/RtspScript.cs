using System.Globalization;
using System.Text;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Rtsp;

/// <summary>A request as a scripted RTSP server received it.</summary>
internal sealed record ReceivedRequest(string Method, string Uri, int CSeq, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Helpers for scripted RTSP servers: read a request, format a response.</summary>
internal static class RtspScript
{
    public const string Sdp =
        "v=0\r\n" +
        "o=- 1 1 IN IP4 127.0.0.1\r\n" +
        "s=Scripted camera\r\n" +
        "t=0 0\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=control:track1\r\n" +
        "m=audio 0 RTP/AVP 8\r\n" +
        "a=control:track2\r\n";

    public static async Task<ReceivedRequest> ReadRequestAsync(ScriptedConnection connection)
    {
        var lines = (await connection.ReadHeaderBlockAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new ReceivedRequest(requestLine[0], requestLine[1], int.Parse(headers["CSeq"], CultureInfo.InvariantCulture), headers);
    }

    /// <summary>Formats a response with CSeq, the given header lines and an optional body with its Content-Length.</summary>
    public static string Response(int cseq, string status, string? body = null, params string[] headers)
    {
        var text = new StringBuilder($"RTSP/1.0 {status}\r\nCSeq: {cseq}\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        }

        return text.Append("\r\n").Append(body).ToString();
    }

    /// <summary>Answers OPTIONS with 200 and DESCRIBE with <paramref name="describe"/>, for every request on the connection.</summary>
    public static Func<ScriptedConnection, Task> Camera(Func<ReceivedRequest, string> describe) => async connection =>
    {
        while (true)
        {
            var request = await ReadRequestAsync(connection);
            var response = request.Method == "OPTIONS"
                ? Response(request.CSeq, "200 OK", null, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN")
                : describe(request);
            await connection.WriteAsync(response);
        }
    };

    /// <summary>Returns the URL of <paramref name="server"/> with a path.</summary>
    public static string UrlOf(ScriptedTcpServer server, string path = "/camera") =>
        $"rtsp://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}{path}";
}
