using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Recording;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>The console's maintenance window editor: local times as text in the window's time zone.</summary>
public sealed class MaintenanceWindowForm
{
    public const string LocalFormat = "yyyy-MM-dd HH:mm";

    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public string Reason { get; set; } = "";

    public string TimeZone { get; set; } = "";

    public string Start { get; set; } = "";

    public string End { get; set; } = "";

    /// <summary>Null for a one-off window.</summary>
    public MaintenanceRecurrenceKind? Kind { get; set; }

    public IReadOnlyCollection<DayOfWeek> DaysOfWeek { get; set; } = [];

    public string StartTime { get; set; } = "02:00";

    public string CronExpression { get; set; } = "0 2 * * 0";

    public int DurationMinutes { get; set; } = 120;

    public long? OrganizationId { get; set; }

    /// <summary>
    /// The organizations after the first of a window saved through the API, kept so that saving from the console
    /// does not drop them.
    /// </summary>
    // NOTE: the editor picks one organization; further ones are kept as they are but cannot be changed here.
    public IReadOnlyList<long> FurtherOrganizationIds { get; set; } = [];

    /// <summary>Device ids separated by commas.</summary>
    public string DeviceIds { get; set; } = "";

    public IReadOnlyCollection<DeviceKind> DeviceKinds { get; set; } = [];

    public IReadOnlyCollection<AlarmType> AlarmTypes { get; set; } = [];

    /// <summary>Returns a one-off window of two hours from the next full hour in <paramref name="zone"/>.</summary>
    public static MaintenanceWindowForm New(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0).AddHours(1);
        return new MaintenanceWindowForm
        {
            TimeZone = zone.Id,
            Start = start.ToString(LocalFormat, CultureInfo.InvariantCulture),
            End = start.AddHours(2).ToString(LocalFormat, CultureInfo.InvariantCulture),
        };
    }

    public static MaintenanceWindowForm From(MaintenanceWindowView view)
    {
        var zone = LocalDay.FindZone(view.TimeZone) ?? TimeZoneInfo.Utc;
        return new MaintenanceWindowForm
        {
            Id = view.Id,
            Name = view.Name,
            Reason = view.Reason,
            TimeZone = view.TimeZone,
            Start = FormatLocal(view.Start, zone),
            End = FormatLocal(view.End, zone),
            Kind = view.Recurrence?.Kind,
            DaysOfWeek = [.. view.Recurrence?.DaysOfWeek ?? []],
            StartTime = view.Recurrence?.StartTime ?? "02:00",
            CronExpression = view.Recurrence?.Expression ?? "0 2 * * 0",
            DurationMinutes = view.Recurrence?.DurationMinutes ?? 120,
            OrganizationId = view.OrganizationIds.Count > 0 ? view.OrganizationIds[0] : null,
            FurtherOrganizationIds = [.. view.OrganizationIds.Skip(1)],
            DeviceIds = string.Join(",", view.DeviceIds),
            DeviceKinds = [.. view.DeviceKinds],
            AlarmTypes = [.. view.AlarmTypes],
        };
    }

    public static string FormatLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>Builds the API input; returns an error for text the form itself cannot read.</summary>
    public Result<MaintenanceWindowInput> ToInput()
    {
        var zone = LocalDay.FindZone(TimeZone);
        if (zone is null)
        {
            return SuppressionErrors.InvalidTimeZone(TimeZone);
        }

        var start = ParseLocal(Start, zone, "start");
        var end = ParseLocal(End, zone, "end");
        if (!start.IsSuccess || !end.IsSuccess)
        {
            return Result<MaintenanceWindowInput>.Failure([.. start.Errors, .. end.Errors]);
        }

        var ids = SuppressionForms.ParseIds(DeviceIds);
        if (!ids.IsSuccess)
        {
            return Result<MaintenanceWindowInput>.Failure(ids.Errors);
        }

        var recurrence = Kind is null ? null : new RecurrenceInput(Kind, [.. DaysOfWeek], StartTime, CronExpression, DurationMinutes);
        long[] organizationIds = OrganizationId is { } id ? [id, .. FurtherOrganizationIds] : [.. FurtherOrganizationIds];
        return new MaintenanceWindowInput(Name, start.Value, end.Value, recurrence, TimeZone, organizationIds, ids.Value,
            [.. DeviceKinds], [.. AlarmTypes], Reason);
    }

    /// <summary>Returns up to <paramref name="count"/> spans of coverage from <paramref name="now"/>, or an error explaining why there are none.</summary>
    public Result<IReadOnlyList<OccurrenceView>> Preview(DateTimeOffset now, int count)
    {
        var input = ToInput();
        if (!input.IsSuccess)
        {
            return Result<IReadOnlyList<OccurrenceView>>.Failure(input.Errors);
        }

        var errors = new List<Error>();
        var recurrence = MaintenanceWindowService.ParseRecurrence(input.Value.Recurrence, errors);
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<OccurrenceView>>.Failure(errors);
        }

        if (input.Value.End <= input.Value.Start)
        {
            return Error.Validation("maintenance_window.end_before_start", Bilingual.Join("结束时间须晚于开始时间。", "The end must be after the start."), "end");
        }

        var schedule = new MaintenanceSchedule(input.Value.Start!.Value, input.Value.End!.Value, recurrence, LocalDay.FindZone(TimeZone)!);
        return Result<IReadOnlyList<OccurrenceView>>.Success(MaintenanceWindows.Preview(schedule, now, count));
    }

    private static Result<DateTimeOffset> ParseLocal(string text, TimeZoneInfo zone, string field)
    {
        if (!DateTime.TryParseExact(text?.Trim(), LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Error.Validation("maintenance_window.local_time", Bilingual.Join(
                $"时间“{text}”无效，请用 {LocalFormat} 格式，如 2026-12-06 02:00。", $"Time '{text}' is invalid; use {LocalFormat}, e.g. 2026-12-06 02:00."), field);
        }

        return LocalDay.ToInstant(local, zone);
    }
}

/// <summary>The console's silence editor.</summary>
public sealed class SilenceForm
{
    public long? OrganizationId { get; set; }

    public string DeviceIds { get; set; } = "";

    public IReadOnlyCollection<DeviceKind> DeviceKinds { get; set; } = [];

    public IReadOnlyCollection<AlarmType> AlarmTypes { get; set; } = [];

    public IReadOnlyCollection<AlarmSeverity> Severities { get; set; } = [];

    public int DurationMinutes { get; set; } = 60;

    public string Reason { get; set; } = "";

    public Result<SilenceInput> ToInput()
    {
        var ids = SuppressionForms.ParseIds(DeviceIds);
        if (!ids.IsSuccess)
        {
            return Result<SilenceInput>.Failure(ids.Errors);
        }

        return new SilenceInput(OrganizationId is { } id ? [id] : [], ids.Value, [.. DeviceKinds], [.. AlarmTypes], [.. Severities], null, DurationMinutes, null, Reason);
    }
}

public static class SuppressionForms
{
    /// <summary>Parses device ids separated by commas, spaces or Chinese commas.</summary>
    public static Result<IReadOnlyList<long>> ParseIds(string? text)
    {
        var parts = (text ?? "").Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new List<long>(parts.Length);
        foreach (var part in parts)
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Error.Validation("suppression.device_ids", Bilingual.Join(
                    $"设备 ID“{part}”无效，请填写以逗号分隔的数字。", $"Device id '{part}' is invalid; give numbers separated by commas."), "deviceIds");
            }

            ids.Add(id);
        }

        return Result<IReadOnlyList<long>>.Success(ids);
    }
}
