using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watchkeeper.TestSupport;

/// <summary>
/// A TCP server on 127.0.0.1 whose every connection runs a script: a well-behaved peer, or a hostile one that
/// sends garbage, stops half-way, never ends or never responds.
/// </summary>
/// <remarks>
/// Tests await <see cref="Accepted"/> instead of sleeping. Disposing stops the
/// listener and cancels the running scripts.
/// </remarks>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly TaskCompletionSource _firstAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private int _connections;

    private ScriptedTcpServer(Func<ScriptedConnection, Task> script, IPAddress address)
    {
        _script = script;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The server as an HTTP base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Completes when the first connection has been accepted.</summary>
    public Task Accepted => _firstAccepted.Task;

    /// <summary>Starts a server on 127.0.0.1 (or another loopback address) that runs <paramref name="script"/> for each connection.</summary>
    public static ScriptedTcpServer Start(Func<ScriptedConnection, Task> script, IPAddress? address = null)
    {
        var bind = address ?? IPAddress.Loopback;
        if (!IPAddress.IsLoopback(bind))
        {
            throw new ArgumentException($"test servers bind to the loopback network only, not {bind}", nameof(address));
        }

        return new ScriptedTcpServer(script, bind);
    }

    /// <summary>Starts a server whose script works on the raw stream and the server's stopping token.</summary>
    public static ScriptedTcpServer Start(Func<NetworkStream, CancellationToken, Task> script) =>
        Start(connection => script(connection.Stream, connection.Stopping));

    /// <summary>Creates a peer that reads each request and never responds, like a hung device.</summary>
    public static ScriptedTcpServer Silent() => Start(async (stream, token) =>
    {
        await ReadRequestHeadAsync(stream, token);
        await Task.Delay(Timeout.Infinite, token);
    });

    /// <summary>Creates a peer that reads each request, writes <paramref name="response"/> and closes the connection.</summary>
    public static ScriptedTcpServer RespondAndClose(byte[] response) => Start(async (stream, token) =>
    {
        await ReadRequestHeadAsync(stream, token);
        await stream.WriteAsync(response, token);
    });

    /// <summary>Reads a request head up to the blank line (at most 64 KiB), so that a script can respond after it.</summary>
    public static async Task<string> ReadRequestHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (head.Length < 64 * 1024 && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, cancellationToken) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    /// <summary>Writes <paramref name="chunk"/> until the client goes away or the server stops.</summary>
    public static async Task WriteForeverAsync(NetworkStream stream, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The client closed the connection, which is what the test waits for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }

            await Task.WhenAll(running);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Scripts end by cancellation or by the client closing; neither is a test failure.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_running)
            {
                _running.Add(RunScriptAsync(client));
            }

            _firstAccepted.TrySetResult();
        }
    }

    private async Task RunScriptAsync(TcpClient client)
    {
        using (client)
        {
            var connection = new ScriptedConnection(client, _stopping.Token);
            try
            {
                await _script(connection);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // The client hung up or the server is stopping.
            }
        }
    }
}

/// <summary>One accepted connection, with helpers for scripts.</summary>
public sealed class ScriptedConnection(TcpClient client, CancellationToken stopping)
{
    public NetworkStream Stream { get; } = client.GetStream();

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Reads up to and including the empty line that ends a request's header block; returns the text.</summary>
    public async Task<string> ReadHeaderBlockAsync()
    {
        var received = new StringBuilder();
        var buffer = new byte[1];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await Stream.ReadAsync(buffer, Stopping) == 0)
            {
                throw new EndOfStreamException($"the client closed the connection after: {received}");
            }

            received.Append((char)buffer[0]);
        }

        return received.ToString();
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes, Stopping);
        await Stream.FlushAsync(Stopping);
    }

    /// <summary>Waits until the client closes the connection or the server stops, reading and dropping what arrives.</summary>
    public async Task WaitForCloseAsync()
    {
        var buffer = new byte[4096];
        while (await Stream.ReadAsync(buffer, Stopping) > 0)
        {
        }
    }

    /// <summary>Closes the connection with a TCP reset instead of FIN.</summary>
    public void Reset()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }
}
