using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Creates, lists, replaces and deletes routing rules, checking every value and reference.</summary>
public sealed class NotificationRuleService(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    public const int MinGroupWaitSeconds = 0;
    public const int MaxGroupWaitSeconds = 3600;
    public const int MinGroupIntervalSeconds = 10;
    public const int MaxIntervalSeconds = 7 * 86400;
    public const int MinRepeatIntervalSeconds = 60;

    public async Task<IReadOnlyList<NotificationRuleView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.NotificationRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<NotificationRuleView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.NotificationRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } rule ? ToView(rule) : null;

    public async Task<Result<NotificationRuleView>> CreateAsync(NotificationRuleInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rule = new NotificationRule { Name = "", CreatedAt = now };
        var errors = await ApplyAsync(rule, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<NotificationRuleView>.Failure(errors);
        }

        if (input.Position is null)
        {
            rule.Position = (await db.NotificationRules.MaxPositionAsync(cancellationToken)) + 10;
        }

        rule.UpdatedAt = now;
        db.NotificationRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(rule);
    }

    public async Task<Result<NotificationRuleView>> UpdateAsync(long id, NotificationRuleInput input, CancellationToken cancellationToken)
    {
        var rule = await db.NotificationRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return RoutingErrors.RuleNotFound(id);
        }

        var errors = await ApplyAsync(rule, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<NotificationRuleView>.Failure(errors);
        }

        rule.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToView(rule);
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var rule = await db.NotificationRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return RoutingErrors.RuleNotFound(id);
        }

        db.NotificationRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    public static NotificationRuleView ToView(NotificationRule rule) => new(
        rule.Id,
        rule.Name,
        rule.Position,
        rule.Enabled,
        new RuleMatchView([.. rule.Severities.Select(s => s.ToString())], rule.OrganizationId, [.. rule.DeviceKinds.Select(k => k.ToString())],
            [.. rule.AlarmTypes.Select(t => t.ToString())]),
        rule.ChannelIds,
        new RuleReceiversView(rule.UserIds, rule.GroupIds, rule.DutyRoster),
        rule.GroupWaitSeconds,
        rule.GroupIntervalSeconds,
        rule.RepeatIntervalSeconds,
        [.. rule.GroupBy.Select(ToCamelCase)],
        rule.TimeCondition.ToString(),
        rule.CalendarId,
        rule.QuietHoursStart is { } start && rule.QuietHoursEnd is { } end ? new QuietHoursInput(start.ToString("HH:mm"), end.ToString("HH:mm")) : null,
        rule.Continue,
        rule.EscalationPolicyId,
        rule.CreatedAt,
        rule.UpdatedAt);

    private static string ToCamelCase(AlarmGroupField field) => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..];

    /// <summary>Checks the input and copies it onto the rule; returns the errors and leaves the rule unusable when there are any.</summary>
    private async Task<List<Error>> ApplyAsync(NotificationRule rule, NotificationRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = RoutingReferences.Name(input.Name, NotificationRule.MaxNameLength);
        if (!name.IsSuccess)
        {
            errors.AddRange(name.Errors);
        }
        else if (await db.NotificationRules.IgnoreOrganizationScope().AnyAsync(r => r.Name == name.Value && r.Id != rule.Id, cancellationToken))
        {
            errors.Add(RoutingErrors.NameDuplicate(name.Value));
        }

        var match = input.Match ?? new RuleMatchInput(null, null, null, null);
        var severities = RoutingReferences.Enums<AlarmSeverity>(match.Severities, "match.severities", errors);
        var kinds = RoutingReferences.Enums<DeviceKind>(match.DeviceKinds, "match.deviceKinds", errors);
        var types = RoutingReferences.Enums<AlarmType>(match.AlarmTypes, "match.alarmTypes", errors);
        var groupBy = RoutingReferences.Enums<AlarmGroupField>(input.GroupBy, "groupBy", errors);
        if (match.OrganizationId is { } organizationId && !await organizations.IsVisibleAsync(organizationId, cancellationToken))
        {
            errors.Add(RoutingErrors.OrganizationNotFound(organizationId));
        }

        var channelIds = RoutingReferences.Ids(input.ChannelIds);
        var receivers = input.Receivers ?? new RuleReceiversInput(null, null, null);
        var userIds = RoutingReferences.Ids(receivers.UserIds);
        var groupIds = RoutingReferences.Ids(receivers.GroupIds);
        RoutingReferences.CheckCount(channelIds.Count, "channelIds", errors);
        RoutingReferences.CheckCount(userIds.Count, "receivers.userIds", errors);
        RoutingReferences.CheckCount(groupIds.Count, "receivers.groupIds", errors);
        if (channelIds.Count == 0)
        {
            errors.Add(RoutingErrors.ChannelsMissing());
        }

        var channels = await RoutingReferences.CheckChannelsAsync(db, channelIds, "channelIds", errors, cancellationToken);
        await RoutingReferences.CheckUsersAsync(db, userIds, "receivers.userIds", errors, cancellationToken);
        await RoutingReferences.CheckGroupsAsync(db, groupIds, "receivers.groupIds", errors, cancellationToken);
        var hasReceivers = userIds.Count > 0 || groupIds.Count > 0 || receivers.DutyRoster == true;
        if (!hasReceivers && channels.Any(c => c.Kind is NotificationChannelKind.Email or NotificationChannelKind.Sms))
        {
            errors.Add(RoutingErrors.NoReceivers());
        }

        var condition = RouteTimeCondition.Always;
        if (!string.IsNullOrWhiteSpace(input.TimeCondition))
        {
            var parsed = RoutingReferences.Enums<RouteTimeCondition>([input.TimeCondition], "timeCondition", errors);
            condition = parsed.Count == 1 ? parsed[0] : condition;
        }

        await RoutingReferences.CheckCalendarAsync(db, input.CalendarId, "calendarId", errors, cancellationToken);
        TimeOnly? quietStart = null, quietEnd = null;
        if (input.QuietHours is { } quiet && (!string.IsNullOrWhiteSpace(quiet.Start) || !string.IsNullOrWhiteSpace(quiet.End)))
        {
            quietStart = RoutingReferences.Time(quiet.Start, "quietHours.start", errors);
            quietEnd = RoutingReferences.Time(quiet.End, "quietHours.end", errors);
            if (quietStart is not null && quietEnd is not null && quietStart == quietEnd)
            {
                errors.Add(RoutingErrors.QuietHoursIncomplete());
            }
        }

        var groupWait = Seconds(input.GroupWaitSeconds, 30, "groupWaitSeconds", MinGroupWaitSeconds, MaxGroupWaitSeconds, errors);
        var groupInterval = Seconds(input.GroupIntervalSeconds, 300, "groupIntervalSeconds", MinGroupIntervalSeconds, MaxIntervalSeconds, errors);
        var repeat = Seconds(input.RepeatIntervalSeconds, 14400, "repeatIntervalSeconds", MinRepeatIntervalSeconds, MaxIntervalSeconds, errors);
        if (input.EscalationPolicyId is { } policyId && !await db.EscalationPolicies.AnyAsync(p => p.Id == policyId, cancellationToken))
        {
            errors.Add(RoutingErrors.PolicyMissing(policyId));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        rule.Name = name.Value;
        rule.Severities = severities;
        rule.OrganizationId = match.OrganizationId;
        rule.DeviceKinds = kinds;
        rule.AlarmTypes = types;
        rule.ChannelIds = channelIds;
        rule.UserIds = userIds;
        rule.GroupIds = groupIds;
        rule.DutyRoster = receivers.DutyRoster == true;
        rule.TimeCondition = condition;
        rule.CalendarId = input.CalendarId;
        rule.QuietHoursStart = quietStart;
        rule.QuietHoursEnd = quietEnd;
        rule.GroupBy = groupBy;
        rule.GroupWaitSeconds = groupWait;
        rule.GroupIntervalSeconds = groupInterval;
        rule.RepeatIntervalSeconds = repeat;
        rule.Continue = input.Continue == true;
        rule.Enabled = input.Enabled ?? true;
        rule.EscalationPolicyId = input.EscalationPolicyId;
        if (input.Position is { } position)
        {
            rule.Position = position;
        }

        return errors;
    }

    private static int Seconds(int? value, int fallback, string field, int min, int max, List<Error> errors)
    {
        var seconds = value ?? fallback;
        if (seconds < min || seconds > max)
        {
            errors.Add(RoutingErrors.SecondsOutOfRange(field, seconds, min, max));
        }

        return seconds;
    }
}

internal static class NotificationRuleQueries
{
    /// <summary>Returns the highest position of all rules, including those outside the caller's organizations, or 0.</summary>
    public static async Task<int> MaxPositionAsync(this DbSet<NotificationRule> rules, CancellationToken cancellationToken) =>
        await rules.IgnoreOrganizationScope().MaxAsync(r => (int?)r.Position, cancellationToken) ?? 0;
}
