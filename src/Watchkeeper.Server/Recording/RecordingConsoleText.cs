using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Components.Shared;

namespace Watchkeeper.Server.Recording;

/// <summary>Formats recording values for the console pages.</summary>
public static class RecordingConsoleText
{
    /// <summary>Returns the wall-clock time of an instant in the organization's zone, e.g. "02:30:00"; the day's end is "24:00:00".</summary>
    public static string Clock(DateTimeOffset instant, RecordingDayResponse day)
    {
        if (instant >= day.DayEnd)
        {
            return "24:00:00";
        }

        var zone = LocalDay.FindZone(day.TimeZone) ?? TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Returns the left edge and width of a span on the day's bar, in percent with invariant decimals.</summary>
    public static (string Left, string Width) Position(TimeSpanDto span, RecordingDayResponse day)
    {
        var length = (day.DayEnd - day.DayStart).TotalSeconds;
        var left = Math.Clamp((span.Start - day.DayStart).TotalSeconds / length, 0, 1) * 100;
        var right = Math.Clamp((span.End - day.DayStart).TotalSeconds / length, 0, 1) * 100;
        return (left.ToString("0.###", CultureInfo.InvariantCulture), Math.Max(0, right - left).ToString("0.###", CultureInfo.InvariantCulture));
    }

    public static string Outcome(this IStringLocalizer localizer, string outcome) => localizer[$"Recording.Outcome.{outcome}"];

    public static Color OutcomeColor(string outcome) => outcome switch
    {
        "Checked" => Color.Success,
        "Failed" => Color.Error,
        _ => Color.Default,
    };

    /// <summary>Returns "28 / 30 天", or the missing mark when retention was never checked.</summary>
    public static string Retention(this IStringLocalizer localizer, ChannelRetention? retention) =>
        retention?.RetainedDays is { } days ? localizer["Recording.RetentionValue", days, retention.RequiredDays] : ConsoleText.Missing;

    public static string RetentionStatus(this IStringLocalizer localizer, ChannelRetention? retention) => retention?.Compliant switch
    {
        true => localizer["Recording.RetentionCompliant"],
        false => localizer["Recording.RetentionShort", retention.ShortfallDays ?? 0],
        _ => localizer["Recording.RetentionUnchecked"],
    };

    public static Color RetentionColor(ChannelRetention? retention) => retention?.Compliant switch
    {
        true => Color.Success,
        false => Color.Error,
        _ => Color.Default,
    };

    /// <summary>Names where a schedule comes from: the default, the channel itself, or an organization by id.</summary>
    public static string ScheduleSource(this IStringLocalizer localizer, string source) => source switch
    {
        RecordingPolicyResolver.DefaultSource => localizer["Recording.Schedule.Source.Default"],
        RecordingPolicyResolver.ChannelSource => localizer["Recording.Schedule.Source.Channel"],
        _ => localizer["Recording.Schedule.Source.Organization", source.Split(':').Last()],
    };

    /// <summary>Formats one day's ranges as "08:00-18:00, 20:00-24:00" for the schedule editor.</summary>
    public static string Ranges(IEnumerable<ScheduleRangeDto> ranges, DayOfWeek day) =>
        string.Join(", ", ranges.Where(r => string.Equals(r.Day, day.ToString(), StringComparison.OrdinalIgnoreCase)).Select(r => $"{r.Start}-{r.End}"));

    /// <summary>Reads "08:00-18:00, 20:00-24:00" back into ranges; the schedule's own parser judges each range.</summary>
    public static IEnumerable<ScheduleRangeDto> ParseRanges(string? text, DayOfWeek day) =>
        (text ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split(['-', '–', '~'], 2, StringSplitOptions.TrimEntries))
            .Select(pair => new ScheduleRangeDto(day.ToString(), pair[0], pair.Length > 1 ? pair[1] : ""));
}
