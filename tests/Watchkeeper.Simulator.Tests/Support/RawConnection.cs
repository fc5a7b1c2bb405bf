using System.Net.Sockets;
using System.Text;

namespace Watchkeeper.Simulator.Tests.Support;

/// <summary>
/// A plain TCP connection that writes requests byte for byte and reads RTSP or HTTP responses, for the protocol
/// details (framing, CSeq, keep-alive, hostile input) that a polite client never exercises.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffer = [];

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(string address, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address, port);
        return new RawConnection(client);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Interleaved frames (RTP, RTCP) that <see cref="ReadResponseAsync"/> skipped to reach a response.</summary>
    public int SkippedFrames { get; private set; }

    /// <summary>Reads one interleaved frame: '$', channel, 16-bit length, data (RFC 2326 §10.12).</summary>
    public async Task<(byte Channel, byte[] Data)> ReadInterleavedAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (_buffer.Count < 4)
        {
            await FillAsync(timeout.Token);
        }

        if (_buffer[0] != '$')
        {
            throw new InvalidDataException($"expected an interleaved frame, got: {Encoding.UTF8.GetString(_buffer.ToArray())}");
        }

        var length = (_buffer[2] << 8) | _buffer[3];
        while (_buffer.Count < 4 + length)
        {
            await FillAsync(timeout.Token);
        }

        var frame = (_buffer[1], _buffer.GetRange(4, length).ToArray());
        _buffer.RemoveRange(0, 4 + length);
        return frame;
    }

    /// <summary>Returns true when any byte arrives within <paramref name="wait"/>, false when none does.</summary>
    public async Task<bool> ReceivesWithinAsync(TimeSpan wait)
    {
        if (_buffer.Count > 0)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await FillAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Drops what was received so far.</summary>
    public void Discard() => _buffer.Clear();

    /// <summary>Reads one response: the status line, the headers and a body of Content-Length bytes.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        while (await StartsWithInterleavedAsync())
        {
            await ReadInterleavedAsync();
            SkippedFrames++;
        }

        using var timeout = new CancellationTokenSource(ReadTimeout);
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            await FillAsync(timeout.Token);
        }

        var head = Encoding.UTF8.GetString(_buffer.GetRange(0, headEnd).ToArray());
        var lines = head.Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Select(parts => parts[1].Trim()).ToList(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var values) ? int.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture) : 0;

        while (_buffer.Count < headEnd + 4 + length)
        {
            await FillAsync(timeout.Token);
        }

        var body = _buffer.GetRange(headEnd + 4, length).ToArray();
        _buffer.RemoveRange(0, headEnd + 4 + length);
        var status = lines[0].Split(' ', 3);
        return new RawResponse(status[0], int.Parse(status[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    /// <summary>Returns true when the server closes the connection within the read timeout.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(chunk, timeout.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        var read = await _stream.ReadAsync(chunk, cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException($"The server closed the connection; received so far: {Encoding.UTF8.GetString(_buffer.ToArray())}");
        }

        _buffer.AddRange(chunk.AsSpan(0, read));
    }

    private async Task<bool> StartsWithInterleavedAsync()
    {
        if (_buffer.Count == 0)
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            await FillAsync(timeout.Token);
        }

        return _buffer[0] == '$';
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _buffer.Count; i++)
        {
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

internal sealed record RawResponse(string Version, int StatusCode, IReadOnlyDictionary<string, List<string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values[0] : null;

    public IReadOnlyList<string> HeaderValues(string name) => Headers.TryGetValue(name, out var values) ? values : [];

    public string BodyText => Encoding.UTF8.GetString(Body);
}
