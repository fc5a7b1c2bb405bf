using System.Collections.Concurrent;
using System.Net;
using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Gb28181;

/// <summary>The last DeviceStatus a device sent, as the health evaluation needs it.</summary>
public sealed record GbStatusSnapshot(DateTimeOffset ReceivedAt, bool? Encoding, bool? Recording, long? ClockSkewSeconds, string? Online, string? Result);

/// <summary>A catalog item's state as the health evaluation needs it.</summary>
public sealed record GbChannelState(string ChannelGbId, string Status, bool Removed, long? LedgerDeviceId);

/// <summary>An alarm a device reported, held open until <see cref="Until"/>.</summary>
public sealed record GbReportedAlarm(AlarmType Type, string Subject, string Detail, DateTimeOffset LastAt, DateTimeOffset Until);

/// <summary>
/// The in-memory state of one registering device: registration, keepalive, reply address, catalog items and
/// reported alarms. Keepalive timestamps change on every message, so they are plain ticks updated without a lock;
/// the rest changes rarely and under the session's lock.
/// </summary>
public sealed class GbSession(string gbId, long deviceId)
{
    private long _lastKeepaliveTicks;
    private ConcurrentDictionary<string, GbChannelState>? _channels;
    private ConcurrentDictionary<(string, AlarmType, string), GbReportedAlarm>? _alarms;

    public string GbId { get; } = gbId;

    public long DeviceId { get; } = deviceId;

    public object Sync { get; } = new();

    /// <summary>Serializes writes of this device's catalog items to the ledger, which a query and a notify may race.</summary>
    public SemaphoreSlim CatalogWrite { get; } = new(1, 1);

    public GbTransport Transport { get; set; }

    public IPEndPoint? Remote { get; set; }

    /// <summary>The TCP connection the device registered on, to send requests back over it.</summary>
    public object? Connection { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? UnregisteredAt { get; set; }

    public TimeSpan HeartbeatWindow { get; set; } = TimeSpan.FromMinutes(3);

    public GbStatusSnapshot? Status { get; set; }

    /// <summary>Catalog items by item ID, created on first use: most cameras have none but themselves.</summary>
    /// <remarks>An empty concurrent dictionary costs about 540 bytes, a third of a session at 100,000 devices.</remarks>
    public ConcurrentDictionary<string, GbChannelState> Channels =>
        LazyInitializer.EnsureInitialized(ref _channels, () => new ConcurrentDictionary<string, GbChannelState>(StringComparer.Ordinal));

    /// <summary>Reported alarms by (target GB/T 28181 ID, type, subject), created on the first alarm.</summary>
    public ConcurrentDictionary<(string Target, AlarmType Type, string Subject), GbReportedAlarm> Alarms =>
        LazyInitializer.EnsureInitialized(ref _alarms, () => new ConcurrentDictionary<(string, AlarmType, string), GbReportedAlarm>());

    public bool HasChannels => _channels is { IsEmpty: false };

    public bool HasAlarms => _alarms is { IsEmpty: false };

    /// <summary>The liveness last announced to the monitoring engine, to notice a change.</summary>
    public GbLiveness AnnouncedLiveness { get; set; } = GbLiveness.Unknown;

    /// <summary>
    /// False for a device that was not online when the platform stopped: the platform's downtime then gives it no
    /// grace, so a restart does not bring it back online before it sends anything.
    /// </summary>
    public bool StartGrace { get; set; } = true;

    /// <summary>True when the keepalive time changed since the last write to the database.</summary>
    public bool KeepaliveDirty { get; set; }

    public DateTimeOffset? LastKeepaliveAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastKeepaliveTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void RecordKeepalive(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastKeepaliveTicks, at.UtcTicks);
        KeepaliveDirty = true;
    }

    public void RecordKeepaliveDirtyAgain() => KeepaliveDirty = true;

    public void RestoreKeepalive(DateTimeOffset? at) => Interlocked.Exchange(ref _lastKeepaliveTicks, at?.UtcTicks ?? 0);

    public bool IsUnregistered => UnregisteredAt is { } gone && (RegisteredAt is null || gone >= RegisteredAt);
}

/// <summary>What the registration and keepalive of a device show.</summary>
public enum GbLiveness
{
    Unknown,
    Alive,
    KeepaliveLapsed,
    RegistrationExpired,
    Unregistered,
}
