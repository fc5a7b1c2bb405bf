using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Alarms;

/// <summary>Reads the query string of <c>GET /api/v1/alarms</c> into a filter, rejecting each invalid value by name.</summary>
public static class AlarmListRequest
{
    public static Result<(AlarmFilter Filter, int Page, int PageSize)> Parse(IQueryCollection query)
    {
        var errors = new List<Error>();
        var state = AlarmListState.Open;
        if (Single(query, "state") is { Length: > 0 } stateText
            && !(Enum.TryParse(stateText, ignoreCase: true, out state) && Enum.IsDefined(state) && !IsNumber(stateText)))
        {
            errors.Add(Error.Validation("alarm.filter.state", Bilingual.Join(
                $"状态“{stateText}”无效，可选 open、acknowledged、resolved、closed、all。",
                $"State '{stateText}' is invalid; use open, acknowledged, resolved, closed or all."), "state"));
        }

        var filter = new AlarmFilter(
            state,
            DeviceId: Number(query, "deviceId", errors),
            OrganizationId: Number(query, "organizationId", errors),
            CausedByDeviceId: Number(query, "causedByDeviceId", errors))
        {
            Severities = Enums<AlarmSeverity>(query, "severity", errors),
            Types = Enums<AlarmType>(query, "type", errors),
            DeviceKind = Enums<DeviceKind>(query, "deviceKind", errors) is [var kind, ..] ? kind : null,
            Suppressed = Boolean(query, "suppressed", errors),
            Flapping = Boolean(query, "flapping", errors),
            IncidentId = Number(query, "incidentId", errors),
            From = Time(query, "from", errors),
            To = Time(query, "to", errors),
            Text = Single(query, "q"),
        };

        var page = (int)(Number(query, "page", errors) ?? 1);
        var pageSize = (int)(Number(query, "pageSize", errors) ?? 50);
        if (page < 1 || pageSize < 1 || pageSize > AlarmQueries.MaxPageSize)
        {
            errors.Add(Error.Validation("alarm.filter.paging", Bilingual.Join(
                $"page {page} 或 pageSize {pageSize} 无效：page 须 ≥ 1，pageSize 须在 1–{AlarmQueries.MaxPageSize} 之间。",
                $"page {page} or pageSize {pageSize} is invalid: page must be at least 1 and pageSize 1-{AlarmQueries.MaxPageSize}."), "pageSize"));
        }

        if (filter.From is { } from && filter.To is { } to && from >= to)
        {
            errors.Add(Error.Validation("alarm.filter.range", Bilingual.Join(
                $"from（{from:u}）须早于 to（{to:u}）。", $"from ({from:u}) must be earlier than to ({to:u})."), "from"));
        }

        return errors.Count > 0 ? Result<(AlarmFilter, int, int)>.Failure(errors) : (filter, page, pageSize);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString().Trim() : null;

    private static bool IsNumber(string text) => text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '-');

    private static long? Number(IQueryCollection query, string name, List<Error> errors)
    {
        if (Single(query, name) is not { Length: > 0 } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(Error.Validation($"alarm.filter.{name}", Bilingual.Join(
            $"参数 {name} 的值“{text}”不是整数。", $"{name} '{text}' is not a whole number."), name));
        return null;
    }

    private static bool? Boolean(IQueryCollection query, string name, List<Error> errors)
    {
        if (Single(query, name) is not { Length: > 0 } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(Error.Validation($"alarm.filter.{name}", Bilingual.Join(
            $"参数 {name} 的值“{text}”无效，可选 true 或 false。", $"{name} '{text}' is invalid; use true or false."), name));
        return null;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, List<Error> errors)
    {
        if (Single(query, name) is not { Length: > 0 } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(Error.Validation($"alarm.filter.{name}", Bilingual.Join(
            $"参数 {name} 的值“{text}”不是有效时间，请用 ISO 8601 格式，例如 2026-12-01T08:00:00Z。",
            $"{name} '{text}' is not a valid time; use ISO 8601, for example 2026-12-01T08:00:00Z."), name));
        return null;
    }

    /// <summary>Reads a repeatable enum parameter: <c>?severity=Critical&amp;severity=Major</c> or <c>?severity=Critical,Major</c>.</summary>
    private static IReadOnlyList<TEnum> Enums<TEnum>(IQueryCollection query, string name, List<Error> errors)
        where TEnum : struct, Enum
    {
        if (!query.TryGetValue(name, out var values))
        {
            return [];
        }

        var result = new List<TEnum>();
        foreach (var text in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!IsNumber(text) && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                result.Add(value);
                continue;
            }

            errors.Add(Error.Validation($"alarm.filter.{name}", Bilingual.Join(
                $"参数 {name} 的值“{text}”无效，可选 {string.Join("、", Enum.GetNames<TEnum>())}。",
                $"{name} '{text}' is invalid; use one of {string.Join(", ", Enum.GetNames<TEnum>())}."), name));
        }

        return result.Distinct().ToList();
    }
}
