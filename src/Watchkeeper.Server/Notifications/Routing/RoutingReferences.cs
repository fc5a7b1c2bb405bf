using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Parses and checks the values that rules, receiver groups and escalation policies refer to.</summary>
internal static class RoutingReferences
{
    public const int MaxListEntries = 200;

    public static Result<string> Name(string? value, int maxLength)
    {
        var name = value?.Trim() ?? "";
        return name.Length is 0 || name.Length > maxLength ? RoutingErrors.NameInvalid(value, maxLength) : name;
    }

    /// <summary>Parses enum names, case-insensitively; numbers are rejected so that a stored rule reads the same after an enum grows.</summary>
    public static List<T> Enums<T>(IReadOnlyList<string>? values, string field, List<Error> errors)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        foreach (var value in values ?? [])
        {
            if (!string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.Trim()[0]) && Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var item))
            {
                parsed.Add(item);
            }
            else
            {
                errors.Add(RoutingErrors.ValueUnknown(field, value, Enum.GetNames<T>()));
            }
        }

        return parsed.Distinct().ToList();
    }

    public static TimeOnly? Time(string? value, string field, List<Error> errors)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(RoutingErrors.TimeInvalid(field, value));
        return null;
    }

    public static void CheckCount(int count, string field, List<Error> errors)
    {
        if (count > MaxListEntries)
        {
            errors.Add(RoutingErrors.TooMany(field, count, MaxListEntries));
        }
    }

    public static async Task CheckUsersAsync(WatchkeeperDbContext db, IReadOnlyCollection<string> ids, string field, List<Error> errors,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add(RoutingErrors.UsersNotFound(field, missing));
        }
    }

    public static async Task CheckGroupsAsync(WatchkeeperDbContext db, IReadOnlyCollection<long> ids, string field, List<Error> errors,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.ReceiverGroups.Where(g => ids.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add(RoutingErrors.GroupsNotFound(field, missing));
        }
    }

    public static async Task<List<NotificationChannel>> CheckChannelsAsync(WatchkeeperDbContext db, IReadOnlyCollection<long> ids, string field,
        List<Error> errors, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var known = await db.NotificationChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var missing = ids.Except(known.Select(c => c.Id)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(RoutingErrors.ChannelsNotFound(field, missing));
        }

        return known;
    }

    public static async Task CheckCalendarAsync(WatchkeeperDbContext db, long? id, string field, List<Error> errors, CancellationToken cancellationToken)
    {
        if (id is { } calendarId && !await db.BusinessCalendars.AnyAsync(c => c.Id == calendarId, cancellationToken))
        {
            errors.Add(RoutingErrors.CalendarNotFound(field, calendarId));
        }
    }

    public static List<T> Ids<T>(IReadOnlyList<T>? values) => (values ?? []).Distinct().ToList();

}
