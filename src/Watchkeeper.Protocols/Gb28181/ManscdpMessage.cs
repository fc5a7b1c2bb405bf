namespace Watchkeeper.Protocols.Gb28181;

/// <summary>The root element of a MANSCDP body (GB/T 28181-2016 appendix A).</summary>
public enum ManscdpRoot
{
    Notify,
    Response,
    Query,
    Control,
}

/// <summary>
/// A problem the parser worked around instead of rejecting the message, such as a damaged free-text field
/// left blank or an item without DeviceID left out.
/// </summary>
/// <param name="Field">The element name as the standard spells it, e.g. <c>Address</c>.</param>
/// <param name="ItemDeviceId">The DeviceID of the item the field belongs to, or null for a field outside any item.</param>
/// <param name="ByteOffset">Offset in the original body of the first damaged byte or of the field text; null for a missing field.</param>
/// <param name="Reason">What was wrong, in English, for logs.</param>
public sealed record ManscdpDiagnostic(string Field, string? ItemDeviceId, long? ByteOffset, string Reason);

/// <summary>A parsed MANSCDP body: the fields every command carries (GB/T 28181-2016 appendix A).</summary>
public abstract record ManscdpMessage
{
    public required ManscdpRoot Root { get; init; }

    /// <summary>The command type as the device spelled it, e.g. <c>Catalog</c>.</summary>
    public required string CmdType { get; init; }

    /// <summary>The sequence number that matches a response to its query.</summary>
    public required long Sn { get; init; }

    /// <summary>The 20-digit GB/T 28181 ID of the device or channel the body is about.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Fields the parser left blank because they were damaged; empty for an intact body.</summary>
    public IReadOnlyList<ManscdpDiagnostic> Diagnostics { get; init; } = [];
}

/// <summary>A command the platform does not read field by field (DeviceControl responses, Broadcast, ...).</summary>
public sealed record UnknownManscdpMessage : ManscdpMessage
{
    /// <summary>The Result element (OK or ERROR) when the body has one.</summary>
    public string? Result { get; init; }
}

/// <summary>A Query body: what a platform sends to a device, parsed back for tests and for upper platforms.</summary>
public sealed record ManscdpQuery : ManscdpMessage
{
    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    /// <summary>The record type of a RecordInfo query: time, alarm, manual or all.</summary>
    public string? Type { get; init; }

    public int? Secrecy { get; init; }
}
