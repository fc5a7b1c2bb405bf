using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Components.Shared;

/// <summary>Formats values for the console in the user's culture, with every word taken from the resources.</summary>
public static class ConsoleText
{
    /// <summary>Shown in place of a value that is missing or not yet measured.</summary>
    public const string Missing = "—";

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    private const string ShortTimeFormat = "MM-dd HH:mm:ss";

    /// <summary>Returns the name of an enum member from the resource <c>Enum.{Type}.{Member}</c>.</summary>
    public static string Enum<TEnum>(this IStringLocalizer localizer, TEnum value)
        where TEnum : struct, System.Enum =>
        localizer[$"Enum.{typeof(TEnum).Name}.{value}"];

    /// <summary>Returns the name of an enum member, or <see cref="Missing"/> for null.</summary>
    public static string Enum<TEnum>(this IStringLocalizer localizer, TEnum? value)
        where TEnum : struct, System.Enum =>
        value is { } known ? localizer.Enum(known) : Missing;

    /// <summary>Formats a duration with its two largest units, e.g. "3 天 4 小时" or "12 min 5 s".</summary>
    public static string Duration(this IStringLocalizer localizer, TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        if (duration.TotalDays >= 1)
        {
            return localizer["Duration.DaysHours", (int)duration.TotalDays, duration.Hours];
        }

        if (duration.TotalHours >= 1)
        {
            return localizer["Duration.HoursMinutes", duration.Hours, duration.Minutes];
        }

        return duration.TotalMinutes >= 1
            ? localizer["Duration.MinutesSeconds", duration.Minutes, duration.Seconds]
            : localizer["Duration.Seconds", duration.Seconds];
    }

    /// <summary>Formats a ratio from 0 to 1 as a percentage with two decimals, or <see cref="Missing"/>.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } value ? value.ToString("P2", CultureInfo.CurrentCulture) : Missing;

    /// <summary>
    /// Formats a stored UTC time in the server's local time zone.
    /// </summary>
    /// <remarks>NOTE: organizations have no time zone yet, so every user sees the server's (set TZ on the host).</remarks>
    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.ToLocalTime().ToString(TimeFormat, CultureInfo.InvariantCulture) : Missing;

    /// <summary>Formats a stored UTC time like <see cref="Time"/> without the year, for lists of recent events.</summary>
    public static string ShortTime(DateTimeOffset value) =>
        value.ToLocalTime().ToString(ShortTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns the half of a bilingual service message (<see cref="Bilingual.Join"/>) in the user's language.
    /// </summary>
    /// <remarks>
    /// A user value inside the message (a device code, a name) appears in both halves, so when it contains the
    /// separator too, the separator between the halves is the middle one of an odd count.
    /// </remarks>
    public static string Message(Error error) => Localize(error.Message);

    /// <inheritdoc cref="Message(Error)"/>
    public static string Localize(string bilingual)
    {
        var positions = new List<int>();
        for (var index = bilingual.IndexOf(Bilingual.Separator, StringComparison.Ordinal); index >= 0;
             index = bilingual.IndexOf(Bilingual.Separator, index + Bilingual.Separator.Length, StringComparison.Ordinal))
        {
            positions.Add(index);
        }

        if (positions.Count % 2 == 0)
        {
            return bilingual;
        }

        var middle = positions[positions.Count / 2];
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return english ? bilingual[(middle + Bilingual.Separator.Length)..] : bilingual[..middle];
    }

    public static Color StateColor(HealthState state) => state switch
    {
        HealthState.Online => Color.Success,
        HealthState.Degraded => Color.Warning,
        HealthState.Offline => Color.Error,
        _ => Color.Default,
    };

    public static Color SeverityColor(AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Critical => Color.Error,
        AlarmSeverity.Major => Color.Warning,
        AlarmSeverity.Minor => Color.Info,
        _ => Color.Default,
    };
}
