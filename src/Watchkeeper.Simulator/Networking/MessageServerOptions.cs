namespace Watchkeeper.Simulator.Networking;

/// <summary>Limits of one RTSP or HTTP listener.</summary>
internal sealed record MessageServerOptions
{
    /// <summary>Open connections beyond this are closed at once, so a flood cannot exhaust file descriptors.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// How long a connection may take to deliver one whole request, counting the wait for its first byte. An idle
    /// keep-alive connection is closed after it. The default is RTSP's default session timeout (RFC 2326 §12.37).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pending connections the kernel queues before accepting (listen backlog).</summary>
    public int Backlog { get; init; } = 512;

    public MessageLimits Limits { get; init; } = new();
}
