using System.Globalization;
using System.Text.RegularExpressions;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>The device clock compared with the platform's.</summary>
/// <param name="Skew">Device clock minus platform clock; null when the device time could not be read.</param>
/// <param name="Finding">ClockSkew or ClockInvalid when the clock is off, else null.</param>
/// <param name="Summary">How the reading went, e.g. "clock +3 s (UTCDateTime)".</param>
public sealed record ClockCheck(TimeSpan? Skew, Finding? Finding, string Summary);

/// <summary>
/// Compares a device's GetSystemDateAndTime with the platform clock: UTCDateTime when present, else
/// LocalDateTime shifted by the device's POSIX time zone.
/// </summary>
public static partial class DeviceClock
{
    /// <summary>A clock further off than this is not drifting but unset or reset, so it gets its own finding.</summary>
    public static readonly TimeSpan InvalidAfter = TimeSpan.FromDays(365);

    /// <summary>Devices whose clock reads before this year have lost it (many reset to 1970 or 2000).</summary>
    public const int EarliestPlausibleYear = 2000;

    /// <param name="platformNow">The platform's UTC time when the device read its clock: the midpoint of the request.</param>
    /// <param name="platformZone">The zone assumed for a LocalDateTime that comes without a time zone.</param>
    public static ClockCheck Check(SystemDateAndTime reading, DateTimeOffset platformNow, TimeSpan threshold, TimeZoneInfo platformZone)
    {
        var (deviceUtc, source, problem) = DeviceUtc(reading, platformZone);
        if (deviceUtc is null)
        {
            return problem is null
                ? new ClockCheck(null, null, "clock not reported")
                : new ClockCheck(null, new Finding(AlarmType.ClockInvalid, "", $"device clock is invalid: {problem}; set the time or enable NTP on the device"), $"clock invalid ({problem})");
        }

        var skew = TimeSpan.FromSeconds(Math.Round((deviceUtc.Value - platformNow).TotalSeconds));
        var skewText = FormatSkew(skew);
        var reads = $"device clock reads {deviceUtc.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} ({source})";
        if (deviceUtc.Value.Year < EarliestPlausibleYear || skew.Duration() > InvalidAfter)
        {
            var finding = new Finding(AlarmType.ClockInvalid, "",
                $"{reads}, {skewText} from the platform: the clock is unset or was reset; check the clock battery and enable NTP");
            return new ClockCheck(skew, finding, $"clock invalid ({skewText})");
        }

        if (skew.Duration() > threshold)
        {
            var finding = new Finding(AlarmType.ClockSkew, "",
                $"{reads}, {skewText} from the platform (threshold {threshold.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s); check the device's NTP server and time zone");
            return new ClockCheck(skew, finding, $"clock {skewText}");
        }

        return new ClockCheck(skew, null, $"clock {skewText} ({source})");
    }

    /// <summary>Parses the UTC offset of a POSIX TZ string such as "CST-8" or "&lt;+0530&gt;-5:30"; null when it has none.</summary>
    /// <remarks>POSIX offsets count west of Greenwich, so "CST-8" is UTC+8. The DST rule after the offset is ignored.</remarks>
    public static TimeSpan? ParsePosixOffset(string? timeZone)
    {
        var match = PosixTimeZone().Match(timeZone ?? "");
        if (!match.Success)
        {
            return null;
        }

        var hours = int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture);
        var minutes = match.Groups["minutes"].Success ? int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups["seconds"].Success ? int.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 24 || minutes > 59 || seconds > 59)
        {
            return null;
        }

        var west = new TimeSpan(hours, minutes, seconds);
        return match.Groups["sign"].Value == "-" ? west : -west;
    }

    private static (DateTimeOffset? DeviceUtc, string Source, string? Problem) DeviceUtc(SystemDateAndTime reading, TimeZoneInfo platformZone)
    {
        if (reading.Utc?.ToDateTime() is { } utc)
        {
            return (new DateTimeOffset(utc, TimeSpan.Zero), "UTCDateTime", null);
        }

        if (reading.Local?.ToDateTime() is { } local)
        {
            // NOTE: a device that reports only local time during daylight saving is read one hour off, because
            // the DST rule of its TZ string is not evaluated.
            if (ParsePosixOffset(reading.TimeZone) is { } offset)
            {
                return (new DateTimeOffset(local, offset), $"LocalDateTime, TZ {reading.TimeZone}", null);
            }

            var assumed = platformZone.GetUtcOffset(local);
            return (new DateTimeOffset(local, assumed), $"LocalDateTime without a usable time zone, read as UTC{FormatOffset(assumed)}", null);
        }

        if (reading.Utc is not null || reading.Local is not null)
        {
            return (null, "", $"the date and time fields do not form a valid time (UTCDateTime {reading.Utc?.ToString() ?? "missing"}, LocalDateTime {reading.Local?.ToString() ?? "missing"})");
        }

        return (null, "", null);
    }

    private static string FormatSkew(TimeSpan skew)
    {
        var seconds = (long)skew.TotalSeconds;
        var text = seconds.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture) + " s";
        if (skew.Duration() >= TimeSpan.FromDays(2))
        {
            return $"{text} ({skew.TotalDays.ToString("+#,0.#;-#,0.#", CultureInfo.InvariantCulture)} d)";
        }

        return skew.Duration() >= TimeSpan.FromHours(1) ? $"{text} ({skew.TotalHours.ToString("+0.#;-0.#", CultureInfo.InvariantCulture)} h)" : text;
    }

    private static string FormatOffset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?:<[^>]{1,32}>|[A-Za-z]{3,})(?<sign>[+-]?)(?<hours>\d{1,2})(?::(?<minutes>\d{2}))?(?::(?<seconds>\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex PosixTimeZone();
}
