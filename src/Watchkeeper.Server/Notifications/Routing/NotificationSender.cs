using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Who a message goes to: users, receiver groups, and the duty roster of the alarms' organizations (all on duty, or only shift leaders).</summary>
public sealed record Audience(IReadOnlyList<string> UserIds, IReadOnlyList<long> GroupIds, bool DutyRoster, bool DutyRosterLeadersOnly = false)
{
    public bool IsEmpty => UserIds.Count == 0 && GroupIds.Count == 0 && !DutyRoster;
}

/// <summary>A person to notify with the contacts the channels use.</summary>
public sealed record Person(string Id, string Name, string? Email, string? Mobile);

/// <summary>A message about <paramref name="Alarms"/> to an audience through channels.</summary>
/// <param name="OrganizationIds">The organizations whose duty roster is asked when the audience includes it.</param>
public sealed record SendPlan(
    NotificationKind Kind,
    IReadOnlyList<NotificationChannel> Channels,
    Audience Audience,
    IReadOnlyList<long> OrganizationIds,
    IReadOnlyList<AlarmNotificationItem> Alarms,
    long? RuleId,
    DateTimeOffset At,
    int EscalationStep = 0);

/// <summary>
/// Turns a message plan into outbox requests: resolves the audience to people, picks each person's address for the
/// channel kind, renders the message with the templates and enqueues it.
/// </summary>
public sealed partial class NotificationSender(IDutyRoster dutyRoster, INotificationTemplates templates, INotificationOutbox outbox, ILogger<NotificationSender> logger)
{
    /// <summary>Sends the plan and returns the requests enqueued (none when nobody could be reached).</summary>
    public async Task<IReadOnlyList<NotificationRequest>> SendAsync(WatchkeeperDbContext db, SendPlan plan, CancellationToken cancellationToken)
    {
        var people = await ResolveAsync(db, plan.Audience, plan.OrganizationIds, plan.At, cancellationToken);
        var targets = new List<(NotificationChannel Channel, string Recipient, string Address)>();
        foreach (var channel in plan.Channels.Where(c => c.Enabled))
        {
            targets.AddRange(TargetsOf(channel, people, plan.Audience.IsEmpty));
        }

        return await EnqueueAsync(plan, targets, cancellationToken);
    }

    /// <summary>Sends the plan to receivers named earlier (the resolved notice reaches those who received the firing message).</summary>
    public Task<IReadOnlyList<NotificationRequest>> SendToAsync(SendPlan plan, IReadOnlyList<(NotificationChannel Channel, string Recipient, string Address)> targets,
        CancellationToken cancellationToken) =>
        EnqueueAsync(plan, targets.Where(t => t.Channel.Enabled).ToList(), cancellationToken);

    /// <summary>Returns the people of an audience, without disabled users and without repeats.</summary>
    public async Task<IReadOnlyList<Person>> ResolveAsync(WatchkeeperDbContext db, Audience audience, IReadOnlyList<long> organizationIds, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var userIds = new HashSet<string>(audience.UserIds);
        if (audience.GroupIds.Count > 0)
        {
            var groups = await db.ReceiverGroups.AsNoTracking().Where(g => audience.GroupIds.Contains(g.Id)).ToListAsync(cancellationToken);
            userIds.UnionWith(groups.SelectMany(g => g.UserIds));
        }

        var people = new Dictionary<string, Person>();
        if (userIds.Count > 0)
        {
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && !u.IsDisabled)
                .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.PhoneNumber }).ToListAsync(cancellationToken);
            foreach (var user in users)
            {
                people[user.Id] = new Person(user.Id, user.DisplayName ?? user.UserName ?? user.Id, user.Email, user.PhoneNumber);
            }
        }

        if (audience.DutyRoster)
        {
            foreach (var organizationId in organizationIds.Distinct())
            {
                var onDuty = await dutyRoster.OnDutyAsync(organizationId, at, cancellationToken);
                foreach (var user in onDuty.Shifts.SelectMany(s => s.Users).Where(u => !audience.DutyRosterLeadersOnly || u.IsLeader))
                {
                    people.TryAdd(user.Id, new Person(user.Id, user.DisplayName ?? user.UserName, user.Email, user.PhoneNumber));
                }

                if (onDuty.Shifts.Count == 0)
                {
                    LogNobodyOnDuty(organizationId, at);
                }
            }
        }

        return [.. people.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Returns one target per person with an address for the channel's kind: e-mail for Email, the mobile number for SMS and
    /// for the chat robots (which @mention it). A webhook, and a robot whose people have no mobile, get one address-less
    /// message for the whole group.
    /// </summary>
    private IEnumerable<(NotificationChannel Channel, string Recipient, string Address)> TargetsOf(NotificationChannel channel, IReadOnlyList<Person> people,
        bool noAudience)
    {
        if (channel.Kind == NotificationChannelKind.Webhook)
        {
            return [(channel, channel.Name, "")];
        }

        var targets = new List<(NotificationChannel, string, string)>();
        foreach (var person in people)
        {
            var address = channel.Kind == NotificationChannelKind.Email ? person.Email : person.Mobile;
            if (!string.IsNullOrWhiteSpace(address))
            {
                targets.Add((channel, person.Name, address.Trim()));
            }
            else if (channel.Kind is NotificationChannelKind.Email or NotificationChannelKind.Sms)
            {
                LogNoAddress(person.Id, channel.Id, channel.Kind);
            }
        }

        var isRobot = channel.Kind is NotificationChannelKind.DingTalk or NotificationChannelKind.WeCom or NotificationChannelKind.Feishu;
        if (isRobot && targets.Count == 0)
        {
            targets.Add((channel, channel.Name, ""));
        }
        else if (!isRobot && targets.Count == 0 && noAudience)
        {
            LogNoAudience(channel.Id, channel.Kind);
        }

        return targets;
    }

    private async Task<IReadOnlyList<NotificationRequest>> EnqueueAsync(SendPlan plan, IReadOnlyList<(NotificationChannel Channel, string Recipient, string Address)> targets,
        CancellationToken cancellationToken)
    {
        if (targets.Count == 0 || plan.Alarms.Count == 0)
        {
            return [];
        }

        var alarmIds = plan.Alarms.Select(a => a.AlarmId).ToList();
        var requests = new List<NotificationRequest>(targets.Count);
        foreach (var (channel, recipient, address) in targets)
        {
            var message = await templates.RenderAsync(channel.Kind, new AlarmNotificationModel(plan.Kind, plan.Alarms, recipient, plan.EscalationStep), cancellationToken);
            requests.Add(new NotificationRequest(channel.Id, plan.Kind, recipient, address, message, alarmIds, plan.RuleId));
        }

        await outbox.EnqueueAsync(requests, cancellationToken);
        return requests;
    }

    /// <summary>Appends one history entry per alarm naming the message kind, receivers and channels.</summary>
    public static void RecordOn(IEnumerable<Alarm> alarms, IReadOnlyList<NotificationRequest> requests, IReadOnlyDictionary<long, NotificationChannel> channels,
        DateTimeOffset at)
    {
        if (requests.Count == 0)
        {
            return;
        }

        var note = $"{requests[0].Kind}: " + string.Join(", ", requests.Select(r =>
            $"{r.Recipient} ({(channels.TryGetValue(r.ChannelId, out var channel) ? channel.Name : r.ChannelId.ToString())})"));
        foreach (var alarm in alarms)
        {
            alarm.RecordNotified(at, note.Length > 1000 ? note[..997] + "..." : note);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} has no address for channel {ChannelId} ({ChannelKind}) and is skipped")]
    private partial void LogNoAddress(string userId, long channelId, NotificationChannelKind channelKind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} ({ChannelKind}) needs personal addresses but the message has no receivers")]
    private partial void LogNoAudience(long channelId, NotificationChannelKind channelKind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nobody is on duty for organization {OrganizationId} at {At}; the duty roster receives nothing")]
    private partial void LogNobodyOnDuty(long organizationId, DateTimeOffset at);
}
