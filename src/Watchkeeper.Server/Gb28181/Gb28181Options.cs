namespace Watchkeeper.Server.Gb28181;

/// <summary>What the platform does with a REGISTER from a GB/T 28181 ID that is not in the ledger.</summary>
public enum UnknownDevicePolicy
{
    /// <summary>Create a ledger device in the unassigned organization and accept it.</summary>
    Enroll,

    /// <summary>Answer 403 Forbidden and log the ID.</summary>
    Reject,
}

/// <summary>The platform's GB/T 28181 SIP server: identity, listener, heartbeat and query timing.</summary>
public sealed class Gb28181Options
{
    public const string Section = "Gb28181";

    public bool Enabled { get; set; } = true;

    /// <summary>The platform's own 20-digit SIP server ID (type code 200).</summary>
    public string ServerId { get; set; } = "34020000002000000001";

    /// <summary>The SIP domain, usually the first 10 digits of the server ID.</summary>
    public string Domain { get; set; } = "3402000000";

    /// <summary>The domain-wide registration password; a device's own password takes precedence.</summary>
    public string? Password { get; set; }

    /// <summary>The address the SIP server listens on; 0.0.0.0 accepts devices on every interface.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The SIP port for UDP and TCP; 0 picks a free port (for tests).</summary>
    public int SipPort { get; set; } = 5060;

    /// <summary>The address the platform puts in its own requests; null takes <see cref="ListenAddress"/>.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Whether the registration challenge offers qop="auth"; some older devices fail with it.</summary>
    public bool DigestQop { get; set; }

    /// <summary>The most TCP connections the SIP server keeps open at once.</summary>
    public int MaxTcpConnections { get; set; } = 20_000;

    /// <summary>The most queries the periodic refresh runs at once.</summary>
    public int MaxConcurrentQueries { get; set; } = 32;

    public bool EnableUdp { get; set; } = true;

    public bool EnableTcp { get; set; } = true;

    public UnknownDevicePolicy UnknownDevices { get; set; } = UnknownDevicePolicy.Enroll;

    public int HeartbeatIntervalSeconds { get; set; } = 60;

    public int HeartbeatCount { get; set; } = 3;

    /// <summary>Bounds on the Expires a device requests; outside them the platform responds with the bound.</summary>
    public int MinExpiresSeconds { get; set; } = 60;

    public int MaxExpiresSeconds { get; set; } = 86_400;

    /// <summary>How long a catalog or record query waits for its parts before it ends as partial or unanswered.</summary>
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>How often each registered device is asked for its catalog; 0 turns the refresh off.</summary>
    public int CatalogRefreshMinutes { get; set; } = 60;

    /// <summary>How often each registered device is asked for DeviceStatus; 0 turns the refresh off.</summary>
    public int StatusRefreshMinutes { get; set; } = 10;

    /// <summary>How long an alarm a device reported stays open after its last notify.</summary>
    public int DeviceAlarmHoldMinutes { get; set; } = 30;

    /// <summary>Maximum clock skew in DeviceStatus before a ClockSkew finding.</summary>
    public int ClockSkewThresholdSeconds { get; set; } = 60;

    /// <summary>
    /// How long a catalog subscription lasts: twice the catalog refresh period, which renews it, or a day when the
    /// refresh is off.
    /// </summary>
    public TimeSpan CatalogSubscriptionLifetime => CatalogRefreshMinutes > 0
        ? TimeSpan.FromMinutes(Math.Min(CatalogRefreshMinutes * 2, 1440))
        : TimeSpan.FromDays(1);

    public TimeSpan HeartbeatWindow(int? intervalSeconds, int? count) =>
        TimeSpan.FromSeconds(Math.Max(1, intervalSeconds ?? HeartbeatIntervalSeconds) * (double)Math.Max(1, count ?? HeartbeatCount));
}
