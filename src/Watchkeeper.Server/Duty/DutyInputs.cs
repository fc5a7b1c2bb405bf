using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Duty;

/// <summary>Parses the roster's text inputs: local dates, local times and user id lists.</summary>
public static class DutyInputs
{
    private static readonly string[] s_timeFormats = ["H:mm", "HH:mm", "HH:mm:ss"];

    public static Result<TimeOnly> ParseTime(string? text, string field) =>
        TimeOnly.TryParseExact(text?.Trim(), s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : DutyErrors.TimeInvalid(field, text);

    public static Result<DateOnly> ParseDate(string? text, string field) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : DutyErrors.DateInvalid(field, text);

    public static string FormatTime(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Formats a shift's span in local time, e.g. "20:00–08:00".</summary>
    public static string FormatSpan(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone) =>
        $"{TimeZoneInfo.ConvertTime(start, zone):HH:mm}–{TimeZoneInfo.ConvertTime(end, zone):HH:mm}";

    /// <summary>Trims a name and returns an error when it is empty or longer than <paramref name="maxLength"/>.</summary>
    public static Result<string> Name(string? text, string field, int maxLength)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length == 0 || trimmed.Length > maxLength ? DutyErrors.NameInvalid(field, trimmed, maxLength) : trimmed;
    }

    /// <summary>Returns the distinct, non-blank ids in their first order.</summary>
    public static List<string> DistinctIds(IEnumerable<string?>? ids) =>
        (ids ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()).Distinct(StringComparer.Ordinal).ToList();
}
