namespace Watchkeeper.Core.Recording;

/// <summary>
/// Conversions between an organization's calendar days and instants. A day runs from local midnight to the next
/// local midnight, so it lasts 23 or 25 hours on a daylight-saving change and 24 hours in China Standard Time.
/// </summary>
public static class LocalDay
{
    /// <summary>Returns the instants that begin and end <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static TimeInterval Window(DateOnly date, TimeZoneInfo zone) =>
        new(ToInstant(date.ToDateTime(TimeOnly.MinValue), zone), ToInstant(date.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

    /// <summary>Returns the calendar date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// Returns the instant a wall-clock time names in <paramref name="zone"/>. A time skipped by a daylight-saving
    /// change (02:30 on a spring-forward day) is read with the offset in force before the change, as if the clock had
    /// not moved yet. A time that occurs twice is read as its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime wallClock, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var first = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, first);
        }

        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local - before, TimeSpan.Zero).ToOffset(zone.GetUtcOffset(local.AddHours(3)));
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Returns the first instant after <paramref name="after"/> at which local clocks in <paramref name="zone"/> show <paramref name="at"/>.</summary>
    public static DateTimeOffset NextOccurrence(DateTimeOffset after, TimeOnly at, TimeZoneInfo zone)
    {
        var date = DateOf(after, zone);
        for (var day = 0; day < 3; day++)
        {
            var candidate = ToInstant(date.AddDays(day).ToDateTime(at), zone);
            if (candidate > after)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No occurrence of {at} after {after:O} within three days in {zone.Id}.");
    }

    /// <summary>Finds a zone by IANA or Windows id; null when the host does not know it.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }
}
