namespace Watchkeeper.Server.Gb28181;

public enum GbTransport
{
    Udp,
    Tcp,
}

/// <summary>How the latest catalog or record query of a device ended.</summary>
public enum GbQueryOutcome
{
    /// <summary>No query was sent yet.</summary>
    None,

    /// <summary>Sent; parts may still arrive.</summary>
    Pending,

    /// <summary>Every item the device announced (SumNum) arrived.</summary>
    Complete,

    /// <summary>Some items arrived, not all, before the query timed out.</summary>
    Partial,

    /// <summary>No part arrived before the query timed out.</summary>
    NeverAnswered,
}

/// <summary>
/// A ledger device that reports over GB/T 28181: its digest account, heartbeat settings, registration, and
/// what it last reported. One row per registering device (camera, recorder, encoder), not per channel.
/// </summary>
public sealed class GbDevice
{
    public long DeviceId { get; set; }

    public required string GbId { get; set; }

    /// <summary>The digest user name this device signs in with; null means its GB/T 28181 ID.</summary>
    public string? DigestUserName { get; set; }

    /// <summary>The device's own registration password, encrypted; null takes the domain-wide password.</summary>
    public string? EncryptedPassword { get; set; }

    /// <summary>Per-device HeartBeatInterval in seconds; null takes the platform's.</summary>
    public int? HeartbeatIntervalSeconds { get; set; }

    /// <summary>Per-device HeartBeatCount; null takes the platform's.</summary>
    public int? HeartbeatCount { get; set; }

    public GbTransport Transport { get; set; }

    /// <summary>The address the device's requests came from, where the platform sends its own requests.</summary>
    public string? RemoteAddress { get; set; }

    public int? RemotePort { get; set; }

    public string? ContactUri { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public DateTimeOffset? RegistrationExpiresAt { get; set; }

    public DateTimeOffset? UnregisteredAt { get; set; }

    public DateTimeOffset? LastKeepaliveAt { get; set; }

    public GbQueryOutcome CatalogOutcome { get; set; }

    public int CatalogReceived { get; set; }

    public int? CatalogExpected { get; set; }

    public DateTimeOffset? CatalogUpdatedAt { get; set; }

    public DateTimeOffset? InfoReceivedAt { get; set; }

    public DateTimeOffset? StatusReceivedAt { get; set; }

    /// <summary>DeviceStatus Online, e.g. ONLINE.</summary>
    public string? StatusOnline { get; set; }

    /// <summary>DeviceStatus Status, e.g. OK.</summary>
    public string? StatusResult { get; set; }

    /// <summary>DeviceStatus Encode: true for ON.</summary>
    public bool? Encoding { get; set; }

    /// <summary>DeviceStatus Record: true for ON.</summary>
    public bool? Recording { get; set; }

    /// <summary>Device clock minus platform clock when DeviceStatus arrived, in seconds.</summary>
    public long? ClockSkewSeconds { get; set; }

    /// <summary>Alarm inputs and their duty status, e.g. "34020000001340000001=ONDUTY", comma separated.</summary>
    public string? AlarmInputs { get; set; }
}

/// <summary>One item of a device's catalog: a video channel or an alarm input, with its ledger device.</summary>
public sealed class GbChannel
{
    public long Id { get; set; }

    /// <summary>The ledger ID of the registering device that reported the item.</summary>
    public long OwnerDeviceId { get; set; }

    public required string ChannelGbId { get; set; }

    /// <summary>The ledger device created for the item; null for items that are not devices (groups).</summary>
    public long? LedgerDeviceId { get; set; }

    public string Name { get; set; } = "";

    public string? Manufacturer { get; set; }

    public string? Model { get; set; }

    public string? Address { get; set; }

    public string? CivilCode { get; set; }

    public string? ParentGbId { get; set; }

    /// <summary>The status the device last reported: ON, OFF, VLOST, DEFECT, or empty.</summary>
    public string Status { get; set; } = "";

    /// <summary>The last catalog event for the item (ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE).</summary>
    public string? LastEvent { get; set; }

    /// <summary>True after a DEL event: the device no longer lists the item.</summary>
    public bool Removed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A record query of one channel for a time range, and how it ended.</summary>
public sealed class GbRecordQuery
{
    public long Id { get; set; }

    public long OwnerDeviceId { get; set; }

    public required string ChannelGbId { get; set; }

    public DateTimeOffset RangeStart { get; set; }

    public DateTimeOffset RangeEnd { get; set; }

    public int Sn { get; set; }

    public GbQueryOutcome Outcome { get; set; }

    public int Received { get; set; }

    public int? Expected { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? RequestedBy { get; set; }
}

/// <summary>A recording a device reported for a channel: the input of the recording-integrity checks.</summary>
public sealed class GbRecordSegment
{
    public long Id { get; set; }

    public long QueryId { get; set; }

    public required string ChannelGbId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? FilePath { get; set; }

    public long? FileSize { get; set; }

    public string? RecorderId { get; set; }
}
