using System.Security.Cryptography;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>The RTSP sessions set up on one connection; they end with it.</summary>
internal sealed class RtspConnectionState : IAsyncDisposable
{
    /// <summary>Sessions one connection may hold, so that a client looping on SETUP cannot grow memory without bound.</summary>
    public const int MaxSessions = 4;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RtspSession> _sessions = new(StringComparer.Ordinal);

    public static RtspConnectionState Of(MessageConnection connection)
    {
        if (connection.HandlerState is RtspConnectionState state)
        {
            return state;
        }

        state = new RtspConnectionState();
        connection.HandlerState = state;
        return state;
    }

    public RtspSession? Find(string id)
    {
        lock (_lock)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds a session with a fresh id, or returns null when the connection has <see cref="MaxSessions"/> already.</summary>
    public RtspSession? Add(Func<string, RtspSession> create)
    {
        lock (_lock)
        {
            if (_sessions.Count >= MaxSessions)
            {
                return null;
            }

            // RFC 2326 §3.4: session ids are random and at least eight octets, so that they cannot be guessed.
            var session = create(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
            _sessions[session.Id] = session;
            return session;
        }
    }

    public async Task RemoveAsync(RtspSession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session.Id);
        }

        await session.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        List<RtspSession> sessions;
        lock (_lock)
        {
            sessions = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }
}
