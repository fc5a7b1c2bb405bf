namespace Watchkeeper.Protocols.Gb28181;

/// <summary>A part of the RecordInfo response to a record query for one channel (GB/T 28181-2016 appendix A).</summary>
public sealed record RecordInfoResponse : ManscdpMessage
{
    /// <summary>The channel's name.</summary>
    public string? Name { get; init; }

    /// <summary>The number of records over all parts.</summary>
    public required int SumNum { get; init; }

    public IReadOnlyList<RecordItem> Items { get; init; } = [];
}

/// <summary>One recording of a channel; times are the device's local wall clock without zone (Kind Unspecified).</summary>
public sealed record RecordItem
{
    public required string DeviceId { get; init; }

    public string? Name { get; init; }

    public string? FilePath { get; init; }

    public string? Address { get; init; }

    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    public int? Secrecy { get; init; }

    /// <summary>time, alarm or manual.</summary>
    public string? Type { get; init; }

    public string? RecorderId { get; init; }

    /// <summary>File size in bytes, when the device sends it (2016 edition onwards).</summary>
    public long? FileSize { get; init; }
}
