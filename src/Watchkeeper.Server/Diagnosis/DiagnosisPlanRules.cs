using System.Globalization;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// A diagnosis plan parsed and ready to apply to one camera: the nearest organization's plan, or the built-in default.
/// </summary>
public sealed record EffectivePlan
{
    /// <summary>The stored plan, or null for the built-in default.</summary>
    public long? PlanId { get; init; }

    /// <summary>The organization the plan belongs to, or null for the built-in default.</summary>
    public long? OrganizationId { get; init; }

    public string Name { get; init; } = "";

    public bool Enabled { get; init; } = true;

    public DiagnosisCameraScope CameraScope { get; init; }

    public IReadOnlySet<DeviceKind> DeviceKinds { get; init; } = new HashSet<DeviceKind>();

    public IReadOnlySet<long> DeviceIds { get; init; } = new HashSet<long>();

    /// <summary>The checks to run; null runs every check.</summary>
    public IReadOnlySet<DiagnosisKind>? Checks { get; init; }

    public IReadOnlyDictionary<DiagnosisKind, int> Sensitivities { get; init; } = new Dictionary<DiagnosisKind, int>();

    public DiagnosisScheduleMode ScheduleMode { get; init; }

    public int IntervalMinutes { get; init; } = DiagnosisPlanRules.DefaultIntervalMinutes;

    public IReadOnlyList<TimeOnly> TimesOfDay { get; init; } = [];

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public TimeOnly? NightStart { get; init; }

    public TimeOnly? NightEnd { get; init; }

    public bool NightSkipsBrightnessChecks { get; init; }

    public IReadOnlyDictionary<DiagnosisKind, int> NightSensitivities { get; init; } = new Dictionary<DiagnosisKind, int>();

    public int FrameCount { get; init; } = DiagnosisPlanRules.DefaultFrameCount;

    public TimeSpan FrameInterval { get; init; } = TimeSpan.FromMilliseconds(DiagnosisPlanRules.DefaultFrameIntervalMilliseconds);

    /// <summary>Returns whether the plan diagnoses a device of this kind and id.</summary>
    public bool Covers(long deviceId, DeviceKind kind) => Enabled && kind is DeviceKind.Camera or DeviceKind.Channel && CameraScope switch
    {
        DiagnosisCameraScope.Kinds => DeviceKinds.Contains(kind),
        DiagnosisCameraScope.Devices => DeviceIds.Contains(deviceId),
        _ => true,
    };

    /// <summary>Returns whether <paramref name="at"/> falls inside the night window, in the plan's time zone.</summary>
    public bool IsNight(DateTimeOffset at)
    {
        if (NightStart is not { } start || NightEnd is not { } end || start == end)
        {
            return false;
        }

        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);
        return start < end ? local >= start && local < end : local >= start || local < end;
    }

    /// <summary>Returns the analyzer options in force at <paramref name="at"/>: the night profile inside the night window.</summary>
    public DiagnosisOptions OptionsAt(DateTimeOffset at)
    {
        var night = IsNight(at);
        IReadOnlySet<DiagnosisKind>? kinds = Checks;
        if (night && NightSkipsBrightnessChecks)
        {
            kinds = (Checks ?? Enum.GetValues<DiagnosisKind>().ToHashSet()).Where(k => !k.IsBrightnessCheck()).ToHashSet();
        }

        var sensitivities = new Dictionary<DiagnosisKind, int>(Sensitivities);
        if (night)
        {
            foreach (var (kind, value) in NightSensitivities)
            {
                sensitivities[kind] = value;
            }
        }

        return new DiagnosisOptions { Kinds = kinds, Sensitivities = sensitivities };
    }

    /// <summary>Returns when the round after one that started at <paramref name="lastStart"/> is due.</summary>
    public DateTimeOffset NextDue(DateTimeOffset lastStart)
    {
        if (ScheduleMode == DiagnosisScheduleMode.Interval || TimesOfDay.Count == 0)
        {
            return lastStart + TimeSpan.FromMinutes(Math.Max(DiagnosisPlanRules.MinIntervalMinutes, IntervalMinutes));
        }

        var local = TimeZoneInfo.ConvertTime(lastStart, TimeZone);
        for (var day = 0; day <= 1; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            foreach (var time in TimesOfDay.Order())
            {
                var wall = date.ToDateTime(time);
                var candidate = new DateTimeOffset(wall, TimeZone.GetUtcOffset(wall));
                if (candidate > lastStart)
                {
                    return candidate.ToUniversalTime();
                }
            }
        }

        return lastStart + TimeSpan.FromDays(1);
    }

    /// <summary>Returns the typical time between rounds, for spreading first rounds over it.</summary>
    public TimeSpan TypicalInterval => ScheduleMode == DiagnosisScheduleMode.TimesOfDay && TimesOfDay.Count > 0
        ? TimeSpan.FromDays(1) / TimesOfDay.Count
        : TimeSpan.FromMinutes(Math.Max(DiagnosisPlanRules.MinIntervalMinutes, IntervalMinutes));
}

/// <summary>Parses and validates the text fields of <see cref="DiagnosisPlan"/>, and builds the built-in default.</summary>
public static class DiagnosisPlanRules
{
    public const int DefaultIntervalMinutes = 60;
    public const int MinIntervalMinutes = 5;
    public const int MaxIntervalMinutes = 10_080;
    public const int DefaultFrameCount = 3;
    public const int DefaultFrameIntervalMilliseconds = 1000;
    public const int MaxFrameIntervalMilliseconds = 10_000;
    public const int MaxTimesOfDay = 48;
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>
    /// The plan of organizations without one above them: every camera and channel, every check at sensitivity 5,
    /// once an hour, three frames a second apart, no night profile.
    /// </summary>
    public static EffectivePlan BuiltIn { get; } = new()
    {
        Name = "built-in default",
        TimeZone = FindTimeZone(DefaultTimeZone) ?? TimeZoneInfo.Utc,
    };

    public static EffectivePlan Parse(DiagnosisPlan plan) => new()
    {
        PlanId = plan.Id,
        OrganizationId = plan.OrganizationId,
        Name = plan.Name,
        Enabled = plan.Enabled,
        CameraScope = plan.CameraScope,
        DeviceKinds = ParseList<DeviceKind>(plan.DeviceKinds) ?? [],
        DeviceIds = ParseIds(plan.DeviceIds) ?? [],
        Checks = ParseList<DiagnosisKind>(plan.Checks),
        Sensitivities = ParseSensitivities(plan.Sensitivities) ?? new Dictionary<DiagnosisKind, int>(),
        ScheduleMode = plan.ScheduleMode,
        IntervalMinutes = plan.IntervalMinutes,
        TimesOfDay = ParseTimes(plan.TimesOfDay) ?? [],
        TimeZone = FindTimeZone(plan.TimeZone) ?? TimeZoneInfo.Utc,
        NightStart = plan.NightStart,
        NightEnd = plan.NightEnd,
        NightSkipsBrightnessChecks = plan.NightSkipsBrightnessChecks,
        NightSensitivities = ParseSensitivities(plan.NightSensitivities) ?? new Dictionary<DiagnosisKind, int>(),
        FrameCount = Math.Clamp(plan.FrameCount, 1, FrameSet.MaxFrames),
        FrameInterval = TimeSpan.FromMilliseconds(Math.Clamp(plan.FrameIntervalMilliseconds, 0, MaxFrameIntervalMilliseconds)),
    };

    /// <summary>Parses "A,B" into enum members by name; null for empty text, and null on an unknown name when strict.</summary>
    public static HashSet<TEnum>? ParseList<TEnum>(string? text)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var set = new HashSet<TEnum>();
        foreach (var name in Split(text))
        {
            if (Enum.TryParse<TEnum>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(name, out _))
            {
                set.Add(value);
            }
        }

        return set;
    }

    public static HashSet<long>? ParseIds(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : Split(text).Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToHashSet();

    /// <summary>Parses "Blur=7,TooDark=3"; entries with an unknown check or a value outside 1–10 are skipped.</summary>
    public static Dictionary<DiagnosisKind, int>? ParseSensitivities(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var result = new Dictionary<DiagnosisKind, int>();
        foreach (var entry in Split(text))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && Enum.TryParse<DiagnosisKind>(parts[0], ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && Sensitivity.IsValid(value))
            {
                result[kind] = value;
            }
        }

        return result;
    }

    public static List<TimeOnly>? ParseTimes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var times = new List<TimeOnly>();
        foreach (var entry in Split(text))
        {
            if (TimeOnly.TryParseExact(entry, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                times.Add(time);
            }
        }

        return times.Distinct().Order().ToList();
    }

    public static string FormatSensitivities(IReadOnlyDictionary<DiagnosisKind, int>? values) =>
        values is null ? "" : string.Join(",", values.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));

    public static string FormatTime(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }

    private static string[] Split(string text) =>
        text.Split([',', ';', ' ', '，', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
