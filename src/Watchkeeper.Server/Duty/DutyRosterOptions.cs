namespace Watchkeeper.Server.Duty;

/// <summary>The <c>DutyRoster</c> configuration section.</summary>
public sealed class DutyRosterOptions
{
    public const string Section = "DutyRoster";

    /// <summary>China Standard Time (UTC+8, no daylight saving), by its IANA name.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>
    /// The time zone of shift dates and times, as an IANA name (Asia/Shanghai) or a Windows name (China Standard Time).
    /// Shifts are stored in UTC, so changing it moves the local times of shifts generated afterwards only.
    /// </summary>
    public string TimeZone { get; set; } = DefaultTimeZone;
}

/// <summary>The roster's time zone, resolved once from <see cref="DutyRosterOptions.TimeZone"/>.</summary>
public sealed class DutyTimeZone(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public DateOnly TodayAt(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>Returns the zone a configured name names, or null when the name is unknown on this machine.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
}
