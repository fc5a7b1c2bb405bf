namespace Watchkeeper.Protocols.Gb28181;

/// <summary>An alarm notification (GB/T 28181-2016 appendix A, 报警通知).</summary>
public sealed record AlarmNotify : ManscdpMessage
{
    /// <summary>1 (most severe) to 4.</summary>
    public int? AlarmPriority { get; init; }

    /// <summary>1 phone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other.</summary>
    public int? AlarmMethod { get; init; }

    /// <summary>When the alarm happened, the device's local wall clock without zone (Kind Unspecified).</summary>
    public DateTime? AlarmTime { get; init; }

    public string? AlarmDescription { get; init; }

    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    /// <summary>Info/AlarmType, whose meaning depends on <see cref="AlarmMethod"/>; often missing from 2016 devices.</summary>
    public int? AlarmType { get; init; }

    /// <summary>Info/AlarmTypeParam/EventType: for intrusion alarms 1 entering and 2 leaving the area.</summary>
    public int? EventType { get; init; }

    public AlarmCategory Category => AlarmCategories.Of(AlarmMethod, AlarmType);
}

/// <summary>What an alarm notification reports, from its AlarmMethod and AlarmType.</summary>
public enum AlarmCategory
{
    Unknown,

    // AlarmMethod 1, 3, 4 and 7, which have no AlarmType.
    PhoneAlarm,
    SmsAlarm,
    GpsAlarm,
    OtherAlarm,

    // AlarmMethod 2 (device alarm); DeviceAlarm when AlarmType is missing or undefined.
    DeviceAlarm,
    VideoLoss,
    Tamper,
    DiskFull,
    HighTemperature,
    LowTemperature,

    // AlarmMethod 5 (video alarm); VideoAlarm when AlarmType is missing or undefined.
    VideoAlarm,
    ManualVideoAlarm,
    MotionDetection,
    LeftObject,
    ObjectRemoved,
    Tripwire,
    Intrusion,
    Retrograde,
    Loitering,
    FlowCount,
    DensityDetection,
    VideoAbnormal,
    FastMoving,
    ImageOcclusion,

    // AlarmMethod 6 (device fault); DeviceFault when AlarmType is missing or undefined.
    DeviceFault,
    DiskFault,
    FanFault,
}

/// <summary>The mapping of AlarmMethod and AlarmType to <see cref="AlarmCategory"/>.</summary>
/// <remarks>
/// From the AlarmType list of the alarm reset command in GB/T 28181-2016 appendix A, which the alarm
/// notification reuses). AlarmType 13 of method 5 (image occlusion) comes from the 2022 edition.
/// NOTE: the 2016 text does not define AlarmType for methods 1, 3, 4 and 7; any AlarmType sent with them
/// is ignored.
/// </remarks>
public static class AlarmCategories
{
    public static AlarmCategory Of(int? alarmMethod, int? alarmType) => alarmMethod switch
    {
        1 => AlarmCategory.PhoneAlarm,
        2 => DeviceAlarm(alarmType),
        3 => AlarmCategory.SmsAlarm,
        4 => AlarmCategory.GpsAlarm,
        5 => VideoAlarm(alarmType),
        6 => DeviceFault(alarmType),
        7 => AlarmCategory.OtherAlarm,
        _ => AlarmCategory.Unknown,
    };

    /// <summary>Whether the category is a fault of the equipment itself rather than an event it watched.</summary>
    public static bool IsDeviceFault(this AlarmCategory category) => category is
        AlarmCategory.VideoLoss or AlarmCategory.DiskFull or AlarmCategory.HighTemperature
        or AlarmCategory.LowTemperature or AlarmCategory.VideoAbnormal or AlarmCategory.DeviceFault
        or AlarmCategory.DiskFault or AlarmCategory.FanFault;

    private static AlarmCategory DeviceAlarm(int? alarmType) => alarmType switch
    {
        1 => AlarmCategory.VideoLoss,
        2 => AlarmCategory.Tamper,
        3 => AlarmCategory.DiskFull,
        4 => AlarmCategory.HighTemperature,
        5 => AlarmCategory.LowTemperature,
        _ => AlarmCategory.DeviceAlarm,
    };

    private static AlarmCategory VideoAlarm(int? alarmType) => alarmType switch
    {
        1 => AlarmCategory.ManualVideoAlarm,
        2 => AlarmCategory.MotionDetection,
        3 => AlarmCategory.LeftObject,
        4 => AlarmCategory.ObjectRemoved,
        5 => AlarmCategory.Tripwire,
        6 => AlarmCategory.Intrusion,
        7 => AlarmCategory.Retrograde,
        8 => AlarmCategory.Loitering,
        9 => AlarmCategory.FlowCount,
        10 => AlarmCategory.DensityDetection,
        11 => AlarmCategory.VideoAbnormal,
        12 => AlarmCategory.FastMoving,
        13 => AlarmCategory.ImageOcclusion,
        _ => AlarmCategory.VideoAlarm,
    };

    private static AlarmCategory DeviceFault(int? alarmType) => alarmType switch
    {
        1 => AlarmCategory.DiskFault,
        2 => AlarmCategory.FanFault,
        _ => AlarmCategory.DeviceFault,
    };
}
