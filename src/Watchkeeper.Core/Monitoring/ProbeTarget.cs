using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Monitoring;

/// <summary>
/// What a probe needs to reach one device, with its credentials already decrypted.
/// </summary>
/// <remarks>
/// A target lives only for one round and is never logged: <see cref="ToString"/> leaves the secrets out.
/// </remarks>
public sealed class ProbeTarget
{
    public required long DeviceId { get; init; }

    public required string Code { get; init; }

    public required DeviceKind Kind { get; init; }

    public string? IpAddress { get; init; }

    public int? HttpPort { get; init; }

    public int? RtspPort { get; init; }

    public int? SnmpPort { get; init; }

    public string? RtspUrl { get; init; }

    public string? OnvifUrl { get; init; }

    public string? SnapshotUrl { get; init; }

    public string? HttpApiUrl { get; init; }

    public string? Vendor { get; init; }

    /// <summary>The 20-digit GB/T 28181 ID, when the device has one.</summary>
    public string? GbId { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string? SnmpCommunity { get; init; }

    public IReadOnlyList<int> SnmpInterfaces { get; init; } = [];

    /// <summary>True after an ONVIF NotAuthorized fault for the current credentials: only unauthenticated calls are made.</summary>
    public bool OnvifAuthenticationBlocked { get; init; }

    /// <summary>How long each probe may take before it reports a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Maximum clock skew before a ClockSkew finding.</summary>
    public TimeSpan ClockSkewThreshold { get; init; } = TimeSpan.FromSeconds(60);

    public bool HasCredentials => !string.IsNullOrEmpty(UserName);

    /// <summary>Returns the TCP ports the TCP probe connects to: the ledger's ports, else those of its URLs.</summary>
    public IReadOnlyList<int> ServicePorts()
    {
        var ports = new List<int>();
        Add(HttpPort);
        Add(RtspPort);
        if (ports.Count == 0)
        {
            Add(PortOf(RtspUrl, 554));
            Add(PortOf(OnvifUrl, 80));
            Add(PortOf(SnapshotUrl, 80));
            Add(PortOf(HttpApiUrl, 80));
        }

        return ports;

        void Add(int? port)
        {
            if (port is > 0 and <= 65535 && !ports.Contains(port.Value))
            {
                ports.Add(port.Value);
            }
        }
    }

    /// <summary>Returns the host to reach: the ledger's IP address, else the host of the first URL.</summary>
    public string? Host()
    {
        if (!string.IsNullOrWhiteSpace(IpAddress))
        {
            return IpAddress;
        }

        foreach (var url in new[] { RtspUrl, OnvifUrl, SnapshotUrl, HttpApiUrl })
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
            {
                return uri.Host;
            }
        }

        return null;
    }

    private static int? PortOf(string? url, int defaultPort)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (uri.IsDefaultPort || uri.Port <= 0)
        {
            return uri.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : defaultPort;
        }

        return uri.Port;
    }

    public override string ToString() => $"device {DeviceId} ({Code}, {Kind}, {Host() ?? "no address"})";
}
