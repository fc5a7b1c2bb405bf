using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// What a maintenance window or silence covers. Each list that is not empty must match; an empty list matches
/// anything. An organization covers its whole subtree.
/// </summary>
public sealed record SuppressionScope(
    IReadOnlyList<long> OrganizationIds,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes,
    IReadOnlyList<AlarmSeverity> Severities)
{
    /// <summary>True when no organization or device narrows the scope, so it reaches every organization.</summary>
    public bool IsGlobal => OrganizationIds.Count == 0 && DeviceIds.Count == 0;

    public bool IsEmpty => IsGlobal && DeviceKinds.Count == 0 && AlarmTypes.Count == 0 && Severities.Count == 0;

    public static SuppressionScope Of(MaintenanceWindow window) => new(
        SuppressionLists.ParseIds(window.OrganizationIds), SuppressionLists.ParseIds(window.DeviceIds),
        SuppressionLists.ParseEnums<DeviceKind>(window.DeviceKinds), SuppressionLists.ParseEnums<AlarmType>(window.AlarmTypes), []);

    public static SuppressionScope Of(Silence silence) => new(
        SuppressionLists.ParseIds(silence.OrganizationIds), SuppressionLists.ParseIds(silence.DeviceIds),
        SuppressionLists.ParseEnums<DeviceKind>(silence.DeviceKinds), SuppressionLists.ParseEnums<AlarmType>(silence.AlarmTypes),
        SuppressionLists.ParseEnums<AlarmSeverity>(silence.Severities));

    /// <summary>Builds the matcher, expanding each organization to its subtree in <paramref name="tree"/>.</summary>
    public SuppressionMatcher Compile(OrganizationTree tree) => new(
        OrganizationIds.Count == 0 ? null : OrganizationIds.SelectMany(tree.SubtreeIds).ToHashSet(),
        DeviceIds.Count == 0 ? null : DeviceIds.ToHashSet(),
        DeviceKinds.Count == 0 ? null : DeviceKinds.ToHashSet(),
        AlarmTypes.Count == 0 ? null : AlarmTypes.ToHashSet(),
        Severities.Count == 0 ? null : Severities.ToHashSet());
}

/// <summary>A <see cref="SuppressionScope"/> prepared for matching many alarms; a null set matches anything.</summary>
public sealed class SuppressionMatcher(
    HashSet<long>? organizationIds,
    HashSet<long>? deviceIds,
    HashSet<DeviceKind>? deviceKinds,
    HashSet<AlarmType>? alarmTypes,
    HashSet<AlarmSeverity>? severities)
{
    public bool Matches(AlarmMatchSubject subject) =>
        (organizationIds is null || organizationIds.Contains(subject.OrganizationId))
        && (deviceIds is null || deviceIds.Contains(subject.DeviceId))
        && (deviceKinds is null || deviceKinds.Contains(subject.DeviceKind))
        && (alarmTypes is null || alarmTypes.Contains(subject.Type))
        && (severities is null || severities.Contains(subject.Severity));
}

/// <summary>The comma-separated text in which windows and silences store their lists.</summary>
public static class SuppressionLists
{
    /// <summary>The most entries in one list: enough for a site's devices, small enough to match in memory.</summary>
    public const int MaxEntries = 500;

    public const int MaxTextLength = 10_000;

    public const int MaxCronLength = 100;

    public static string Format(IEnumerable<long> ids) => string.Join(",", ids.Distinct().Order().Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static string Format<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join(",", values.Distinct().Order().Select(v => v.ToString()));

    public static IReadOnlyList<long> ParseIds(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(',').Select(part => long.Parse(part, CultureInfo.InvariantCulture))];

    public static IReadOnlyList<T> ParseEnums<T>(string? text)
        where T : struct, Enum =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(',').Select(part => Enum.Parse<T>(part))];
}
