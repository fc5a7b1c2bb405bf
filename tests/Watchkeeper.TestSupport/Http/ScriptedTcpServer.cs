using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watchkeeper.TestSupport.Http;

/// <summary>
/// A TCP server on 127.0.0.1 that runs a script on each accepted connection, for peers no real server
/// imitates: garbage, truncated or endless responses, and silence.
/// </summary>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<NetworkStream, CancellationToken, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];

    public ScriptedTcpServer(Func<NetworkStream, CancellationToken, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Creates a peer that reads each request and never responds, like a hung device.</summary>
    public static ScriptedTcpServer Silent() => new(async (stream, token) =>
    {
        await ReadRequestHeadAsync(stream, token);
        await Task.Delay(Timeout.Infinite, token);
    });

    /// <summary>Creates a peer that reads each request, writes <paramref name="response"/> and closes the connection.</summary>
    public static ScriptedTcpServer RespondAndClose(byte[] response) => new(async (stream, token) =>
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
        await _stop.CancelAsync();
        _listener.Stop();
        await IgnoreEndAsync(_acceptLoop);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            await IgnoreEndAsync(connection);
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var connection = Task.Run(async () =>
            {
                using (client)
                {
                    await _script(client.GetStream(), _stop.Token);
                }
            });
            lock (_connections)
            {
                _connections.Add(connection);
            }
        }
    }

    /// <summary>Waits for a task that stopping the server ends with cancellation or a socket error.</summary>
    private static async Task IgnoreEndAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopping the server ends its loops this way.
        }
    }
}
