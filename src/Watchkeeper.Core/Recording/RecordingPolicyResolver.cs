using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Core.Recording;

/// <summary>An organization's own recording settings; a null field takes its parent's.</summary>
public sealed record OrganizationRecordingSettings(long OrganizationId, int? RetentionDays, RecordingSchedule? Schedule, string? TimeZoneId);

/// <summary>The settings that apply to one channel, and where each came from.</summary>
public sealed record EffectiveRecordingPolicy(int RetentionDays, RecordingSchedule Schedule, TimeZoneInfo Zone, string ScheduleSource);

/// <summary>
/// Resolves recording settings through the organization tree: the channel's own schedule, else the nearest
/// organization that sets one, else 24×7; retention days and time zone from the nearest organization, else the defaults.
/// </summary>
public sealed class RecordingPolicyResolver(OrganizationTree tree, IReadOnlyDictionary<long, OrganizationRecordingSettings> settings,
    int defaultRetentionDays, TimeZoneInfo defaultZone)
{
    public const string ChannelSource = "channel";
    public const string DefaultSource = "default";

    public EffectiveRecordingPolicy Resolve(long organizationId, RecordingSchedule? channelSchedule = null)
    {
        int? retention = null;
        RecordingSchedule? schedule = channelSchedule;
        string? source = channelSchedule is null ? null : ChannelSource;
        TimeZoneInfo? zone = null;
        var seen = new HashSet<long>();
        for (var node = tree.Find(organizationId); node is not null && seen.Add(node.Id); node = node.ParentId is { } parent ? tree.Find(parent) : null)
        {
            if (!settings.TryGetValue(node.Id, out var own))
            {
                continue;
            }

            retention ??= own.RetentionDays;
            if (schedule is null && own.Schedule is not null)
            {
                schedule = own.Schedule;
                source = $"organization:{node.Id}";
            }

            zone ??= LocalDay.FindZone(own.TimeZoneId);
        }

        return new EffectiveRecordingPolicy(retention ?? defaultRetentionDays, schedule ?? RecordingSchedule.AllWeek, zone ?? defaultZone, source ?? DefaultSource);
    }
}
