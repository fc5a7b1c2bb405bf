using System.Net;
using System.Net.Sockets;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// One accepted TCP connection of a <see cref="SipTcpListener"/>. Responses and requests to the device go back
/// on it; writes are serialized, so concurrent senders never interleave messages.
/// </summary>
public sealed class SipTcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeSpan _writeTimeout;
    private int _closed;

    internal SipTcpConnection(Socket socket, TimeSpan writeTimeout)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _writeTimeout = writeTimeout;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    internal Stream Stream => _stream;

    /// <summary>
    /// Writes <paramref name="bytes"/> whole. A peer that does not read within the write timeout has its
    /// connection closed.
    /// </summary>
    /// <exception cref="IOException">The connection is closed or broke, or the write timed out.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_writeTimeout);
        try
        {
            await _writeLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Writing to {RemoteEndPoint} waited more than {_writeTimeout.TotalSeconds} s behind other writes.");
        }

        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            await _stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Close();
            throw new IOException($"Writing to {RemoteEndPoint} timed out after {_writeTimeout.TotalSeconds} s; the connection is closed.");
        }
        catch (ObjectDisposedException exception)
        {
            throw new IOException($"The connection to {RemoteEndPoint} is closed.", exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask SendAsync(SipMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(SipMessageWriter.Write(message), cancellationToken);

    /// <summary>Closes the connection; its read loop then ends.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The peer is already gone.
        }

        _stream.Dispose();
    }

    public void Dispose()
    {
        Close();
        _writeLock.Dispose();
    }
}
