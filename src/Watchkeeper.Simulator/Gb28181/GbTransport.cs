namespace Watchkeeper.Simulator.Gb28181;

/// <summary>The transport a simulated GB/T 28181 device uses towards its platform.</summary>
public enum GbTransport
{
    Udp,

    /// <summary>One TCP connection from the device to the platform, framed by Content-Length, used both ways.</summary>
    Tcp,
}
