using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Calendars;

/// <summary>One working period of a weekday, in the calendar's local time.</summary>
public sealed record WorkingHoursEntry(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>A named business calendar as stored: working hours per weekday, holidays and make-up working days.</summary>
public sealed class CalendarDefinition
{
    /// <summary>The id of the default calendar (Monday to Friday 09:00–18:00, Asia/Shanghai) that every database starts with.</summary>
    public const long DefaultId = 1;

    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>An IANA time zone name such as Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public List<WorkingHoursEntry> WorkingHours { get; set; } = [];

    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Weekend days worked in exchange for a holiday (调休); they work Monday's hours.</summary>
    public List<DateOnly> MakeUpWorkingDays { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Builds the calendar; an unknown time zone falls back to UTC, which the API never stores.</summary>
    public BusinessCalendar ToCalendar()
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var week = WorkingHours.GroupBy(h => h.Day).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<WorkingPeriod>)g.Select(h => new WorkingPeriod(h.Start, h.End)).ToList());
        return new BusinessCalendar(zone, week, Holidays, MakeUpWorkingDays);
    }

    /// <summary>Returns the default calendar's working hours: Monday to Friday 09:00–18:00.</summary>
    public static List<WorkingHoursEntry> OfficeHours() =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingHoursEntry(day, new TimeOnly(9, 0), new TimeOnly(18, 0)))];
}

internal sealed class CalendarDefinitionConfiguration : IEntityTypeConfiguration<CalendarDefinition>
{
    public void Configure(EntityTypeBuilder<CalendarDefinition> builder)
    {
        builder.ToTable("business_calendars");
        builder.Property(c => c.Name).HasMaxLength(CalendarDefinition.MaxNameLength);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Property(c => c.WorkingHours).HasJsonConversion().HasMaxLength(4000);
        builder.Property(c => c.Holidays).HasJsonConversion().HasMaxLength(8000);
        builder.Property(c => c.MakeUpWorkingDays).HasJsonConversion().HasMaxLength(4000);
        builder.HasData(new CalendarDefinition
        {
            Id = CalendarDefinition.DefaultId,
            Name = "默认工作日历",
            TimeZone = "Asia/Shanghai",
            WorkingHours = CalendarDefinition.OfficeHours(),
            CreatedAt = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero),
        });
    }
}
