namespace Watchkeeper.Simulator.Gb28181;

/// <summary>The kind of a simulated GB/T 28181 device, from the type code in its ID.</summary>
public enum GbDeviceKind
{
    /// <summary>Type code 132: an IP camera, whose one channel is itself.</summary>
    Camera,

    /// <summary>Type code 118: a network video recorder.</summary>
    Nvr,

    /// <summary>Type code 111: a digital video recorder.</summary>
    Dvr,
}

/// <summary>One entry of a device's catalog: a video channel (131, or 132 for a camera itself) or an alarm input (134).</summary>
/// <param name="Online">The Status the catalog reports, ON or OFF.</param>
public sealed record GbCatalogItem(string DeviceId, string Name, string ParentId, bool Online = true)
{
    /// <summary>Digits 11–13 of the ID, e.g. "131".</summary>
    public string TypeCode => DeviceId.Length == 20 ? DeviceId.Substring(10, 3) : "";
}

/// <summary>Faults a simulated GB/T 28181 device shows on demand; they combine.</summary>
[Flags]
public enum GbFault
{
    None = 0,

    /// <summary>No keepalive MESSAGEs are sent; the registration stays valid.</summary>
    KeepalivesStopped = 1 << 0,

    /// <summary>The registration is not refreshed, so it expires at the platform.</summary>
    RegistrationRefreshStopped = 1 << 1,

    /// <summary>Catalog responses carry one item per MESSAGE.</summary>
    CatalogSingleItems = 1 << 2,

    /// <summary>Catalog responses carry one item per MESSAGE, all sent at once in shuffled order.</summary>
    CatalogConcurrentOutOfOrder = 1 << 3,

    /// <summary>Channel names use characters outside GB2312 (e.g. 萳), encoded as GB18030 while the body declares GB2312.</summary>
    NamesOutsideGb2312 = 1 << 4,

    /// <summary>MANSCDP bodies are encoded as UTF-8 while they declare encoding="GB2312".</summary>
    Utf8BodiesDeclaredGb2312 = 1 << 5,

    /// <summary>The first catalog item carries raw invalid bytes inside its Address element.</summary>
    DamagedCatalogItem = 1 << 6,

    /// <summary>Some catalog response MESSAGEs are never sent, so the catalog never reaches its SumNum.</summary>
    CatalogIncomplete = 1 << 7,

    /// <summary>Queries (MESSAGE and SUBSCRIBE) get no response at all, not even 200 OK.</summary>
    QueriesUnanswered = 1 << 8,
}

/// <summary>How an alarm reaches the platform.</summary>
public enum GbAlarmDelivery
{
    /// <summary>A MESSAGE with a Notify body (GB/T 28181-2016 §9.4).</summary>
    Message,

    /// <summary>A NOTIFY in the platform's alarm subscription, or a MESSAGE when the platform has not subscribed.</summary>
    Notify,
}

/// <summary>An alarm a device raises on demand.</summary>
/// <param name="SourceId">The channel or alarm input that raises it; null for the device itself.</param>
/// <param name="Priority">AlarmPriority: 1 first level (most severe) to 4 fourth level.</param>
/// <param name="Method">AlarmMethod: 1 telephone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other.</param>
/// <param name="Type">
/// AlarmType within the method (GB/T 28181-2016 annex A), e.g. with method 2: 1 video loss, 3 disk full, 4 high
/// temperature; with method 5: 11 video abnormal; with method 6: 1 disk fault, 2 fan fault. Null leaves it out.
/// </param>
/// <param name="Time">The alarm time in the device's local time; null uses the device clock.</param>
public sealed record GbAlarm(
    string? SourceId = null,
    int Priority = 1,
    int Method = 2,
    int? Type = null,
    string Description = "报警输入触发",
    DateTime? Time = null);

/// <summary>Catalog change events a device reports in a catalog NOTIFY (GB/T 28181-2016 §9.6).</summary>
public enum GbCatalogEventType
{
    On,
    Off,

    /// <summary>VLOST: video lost.</summary>
    VideoLost,

    /// <summary>DEFECT: the channel is faulty.</summary>
    Defect,
    Add,
    Delete,
    Update,
}

/// <summary>One catalog change: the channel and what happened to it.</summary>
public sealed record GbCatalogEvent(string ChannelId, GbCatalogEventType Event);

/// <summary>A span of time without recording, in the device's local time.</summary>
public sealed record GbRecordGap(DateTime Start, DateTime End);
