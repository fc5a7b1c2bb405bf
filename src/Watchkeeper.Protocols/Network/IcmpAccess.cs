using System.Net.Sockets;

namespace Watchkeeper.Protocols.Network;

/// <summary>How this process may send ICMP echo requests.</summary>
public enum IcmpSocketKind
{
    /// <summary>Neither socket kind may be opened: ICMP is not permitted.</summary>
    None,

    /// <summary>Raw ICMP sockets: root or CAP_NET_RAW. System.Net.NetworkInformation.Ping uses them.</summary>
    Raw,

    /// <summary>
    /// Unprivileged ICMP datagram sockets ("ping sockets"), allowed when the process's group is inside the sysctl
    /// net.ipv4.ping_group_range. .NET's Ping does not use them on Linux (it falls back to the ping program).
    /// </summary>
    Datagram,
}

/// <summary>Whether and how this process may send ICMP echo requests, found by opening a socket of each kind.</summary>
public sealed record IcmpAccess(IcmpSocketKind SocketKind, string Detail)
{
    private const string PingGroupRangePath = "/proc/sys/net/ipv4/ping_group_range";

    private static readonly Lazy<IcmpAccess> IPv4 = new(() => Detect(AddressFamily.InterNetwork));
    private static readonly Lazy<IcmpAccess> IPv6 = new(() => Detect(AddressFamily.InterNetworkV6));

    public bool IsPermitted => SocketKind != IcmpSocketKind.None;

    /// <summary>Returns the access of this process for <paramref name="family"/>, detected on first use and then kept.</summary>
    public static IcmpAccess For(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? IPv6.Value : IPv4.Value;

    /// <summary>Detects the access now by opening and closing a raw, then a datagram ICMP socket.</summary>
    public static IcmpAccess Detect(AddressFamily family)
    {
        var protocol = family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        if (CanOpen(family, SocketType.Raw, protocol, out _))
        {
            return new IcmpAccess(IcmpSocketKind.Raw, "raw ICMP sockets");
        }

        if (CanOpen(family, SocketType.Dgram, protocol, out var error))
        {
            return new IcmpAccess(IcmpSocketKind.Datagram, "ICMP datagram sockets (net.ipv4.ping_group_range)");
        }

        return NotPermitted(error);
    }

    /// <summary>The access of a process that may open neither socket kind; <paramref name="error"/> is the last socket error.</summary>
    public static IcmpAccess NotPermitted(SocketError error) => new(IcmpSocketKind.None,
        $"ICMP not permitted: this process may open neither raw nor datagram ICMP sockets ({error}). " +
        "Run Watchkeeper as root, grant it CAP_NET_RAW, or allow its group to send pings with " +
        $"sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"{CurrentPingGroupRange()}. " +
        "Until then the device relies on its other probes.");

    private static bool CanOpen(AddressFamily family, SocketType type, ProtocolType protocol, out SocketError error)
    {
        try
        {
            new Socket(family, type, protocol).Dispose();
            error = SocketError.Success;
            return true;
        }
        catch (SocketException exception)
        {
            error = exception.SocketErrorCode;
            return false;
        }
    }

    private static string CurrentPingGroupRange()
    {
        try
        {
            var range = File.ReadAllText(PingGroupRangePath).Trim().Replace('\t', ' ');
            return $" (the range is now \"{range}\")";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
