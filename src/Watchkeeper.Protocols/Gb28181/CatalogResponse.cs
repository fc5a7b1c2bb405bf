using Watchkeeper.Core.Devices;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// A catalog part: a MESSAGE in response to a catalog query (Response root), or a catalog NOTIFY of a
/// subscription (Notify root) whose items carry an Event (GB/T 28181-2016 appendix A).
/// </summary>
public sealed record CatalogResponse : ManscdpMessage
{
    /// <summary>The number of items in the whole catalog, over all parts.</summary>
    public required int SumNum { get; init; }

    public IReadOnlyList<CatalogItem> Items { get; init; } = [];

    /// <summary>Whether the body came as a subscription NOTIFY (Notify root) rather than a query response.</summary>
    public bool IsNotify => Root == ManscdpRoot.Notify;
}

/// <summary>One device or channel of a catalog.</summary>
public sealed record CatalogItem
{
    public required string DeviceId { get; init; }

    public string? Name { get; init; }

    public string? Manufacturer { get; init; }

    public string? Model { get; init; }

    public string? Owner { get; init; }

    public string? CivilCode { get; init; }

    public string? Block { get; init; }

    public string? Address { get; init; }

    /// <summary>1 when the item has children, 0 when it does not.</summary>
    public int? Parental { get; init; }

    public string? ParentId { get; init; }

    public int? RegisterWay { get; init; }

    public int? Secrecy { get; init; }

    /// <summary>ON or OFF as the standard defines them, but some devices send ONLINE, OFFLINE or OK.</summary>
    public string? Status { get; init; }

    public string? IpAddress { get; init; }

    public int? Port { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    /// <summary>Info/PTZType: 1 dome, 2 half dome, 3 fixed box camera, 4 remote-controlled box camera.</summary>
    public int? PtzType { get; init; }

    /// <summary>The change a subscription NOTIFY reports for the item; null in query responses.</summary>
    public CatalogEvent? Event { get; init; }

    /// <summary>Digits 11–13 of <see cref="DeviceId"/>, or null when it is not 20 digits.</summary>
    public int? TypeCode => GbId.TypeCode(DeviceId);

    /// <summary>The ledger kind the type code implies (camera, alarm input, recorder, ...).</summary>
    public DeviceKind? Kind => TypeCode is int code ? GbId.KindOf(code) : null;

    /// <summary>True for ON, ONLINE or OK; false for OFF or OFFLINE; null for anything else.</summary>
    public bool? IsOnline => Status?.ToUpperInvariant() switch
    {
        "ON" or "ONLINE" or "OK" => true,
        "OFF" or "OFFLINE" => false,
        _ => null,
    };
}

/// <summary>The Event of a catalog NOTIFY item (GB/T 28181-2016 appendix A).</summary>
public enum CatalogEvent
{
    /// <summary>An Event value the standard does not define.</summary>
    Unknown,
    On,
    Off,
    VideoLost,
    Defect,
    Add,
    Delete,
    Update,
}
