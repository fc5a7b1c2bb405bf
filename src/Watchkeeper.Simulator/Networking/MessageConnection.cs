using System.Net.Sockets;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// One accepted connection as a handler sees it: serialized writes, so that media a handler sends between
/// responses (RTP interleaved in RTSP, RFC 2326 §10.12) never splits a response, and a token that ends with it.
/// </summary>
internal sealed class MessageConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();

    public MessageConnection(Socket socket, NetworkStream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Cancelled when the connection closes, for work a handler runs beside it.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>State a handler keeps for this connection (RTSP sessions); disposed with it when it is IAsyncDisposable.</summary>
    public object? HandlerState { get; set; }

    /// <summary>Writes <paramref name="bytes"/> whole, after any write already in progress.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Drops the connection at once, e.g. when a client stopped reading the media sent to it.</summary>
    public void Abort() => _socket.Dispose();

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        if (HandlerState is IAsyncDisposable state)
        {
            await state.DisposeAsync();
        }

        _closed.Dispose();
    }
}
