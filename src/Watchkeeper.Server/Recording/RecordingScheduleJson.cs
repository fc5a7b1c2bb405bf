using System.Text.Json;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Server.Recording;

/// <summary>One weekly range as the API and the database write it: {"day":"Monday","start":"08:00","end":"18:00"}.</summary>
public sealed record ScheduleRangeDto(string? Day, string? Start, string? End);

/// <summary>Stores recording schedules as JSON lists of ranges.</summary>
public static class RecordingScheduleJson
{
    public const int MaxLength = 32_000;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ScheduleRangeDto> ToDto(RecordingSchedule schedule) =>
        schedule.Ranges.Select(r => new ScheduleRangeDto(r.Day.ToString(), ScheduleRange.FormatMinute(r.StartMinute), ScheduleRange.FormatMinute(r.EndMinute))).ToList();

    public static (RecordingSchedule? Schedule, FieldError? Error) Parse(IReadOnlyList<ScheduleRangeDto>? ranges) =>
        RecordingSchedule.Parse((ranges ?? []).Select(r => (r.Day, r.Start, r.End)));

    public static string Serialize(RecordingSchedule schedule) => JsonSerializer.Serialize(ToDto(schedule), Options);

    /// <summary>Reads a stored schedule; null when none is stored or the text no longer parses.</summary>
    public static RecordingSchedule? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return Parse(JsonSerializer.Deserialize<List<ScheduleRangeDto>>(json, Options)).Schedule;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
