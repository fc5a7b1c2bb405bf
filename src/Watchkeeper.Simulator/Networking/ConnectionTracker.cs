using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Watchkeeper.Simulator.Networking;

/// <summary>The open connections of one listener, so that stopping it can drop them all and wait for their tasks.</summary>
internal sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<long, Connection> _open = new();
    private long _nextId;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Runs <paramref name="serve"/> for <paramref name="socket"/> on the thread pool until it returns.</summary>
    public void Track(Socket socket, Func<Task> serve)
    {
        var id = Interlocked.Increment(ref _nextId);
        var connection = new Connection(socket);
        _open[id] = connection;
        Interlocked.Increment(ref _count);
        connection.Task = RunAsync(id, serve);
    }

    /// <summary>Closes every open socket, which ends its pending reads and writes.</summary>
    public void AbortAll()
    {
        foreach (var connection in _open.Values)
        {
            connection.Socket.Dispose();
        }
    }

    public Task WhenAllClosedAsync() =>
        Task.WhenAll(_open.Values.Select(connection => connection.Task ?? Task.CompletedTask));

    private async Task RunAsync(long id, Func<Task> serve)
    {
        // Yield first, so that the accept loop goes on accepting and the entry is registered before it can be removed.
        await Task.Yield();
        try
        {
            await serve();
        }
        finally
        {
            _open.TryRemove(id, out _);
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public Task? Task { get; set; }
    }
}
