using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>
/// Sends a change's advance notice (申请和预告), correction, extension or cancellation by e-mail and SMS. It reaches
/// every user of the affected organizations and of the organizations above them, and is recorded on the change in the
/// same save.
/// </summary>
public sealed partial class ChangeNotices(OrganizationDirectory organizations, DutyTimeZone zone, ILogger<ChangeNotices> logger)
{
    public TimeZoneInfo Zone => zone.Zone;

    /// <summary>
    /// Records and queues the notice. Left out (null), the impact scope, countermeasures and contact are those of the
    /// notice in force.
    /// </summary>
    public async Task<Result> SendAsync(WatchkeeperDbContext db, ChangeRequest change, NoticeKind kind, DateTimeOffset windowStart, DateTimeOffset windowEnd,
        string? impactScope, string? countermeasures, string? contact, string? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = change.CurrentNotice ?? change.Notices.OrderBy(n => n.SentAt).LastOrDefault();
        var scope = impactScope ?? current?.ImpactScope ?? change.Title;
        var measures = countermeasures ?? current?.Countermeasures ?? "";
        var reach = contact ?? current?.Contact ?? "";
        var recorded = change.RecordNotice(kind, windowStart, windowEnd, scope, measures, reach, actor, now);
        if (!recorded.IsSuccess)
        {
            return recorded;
        }

        var message = Message(change, kind, windowStart, windowEnd, scope, measures, reach);
        if (await QueueAsync(db, await AudienceAsync(db, change, cancellationToken), message, now, cancellationToken) == 0)
        {
            LogNobodyReached(change.Id, kind);
        }

        return Result.Success();
    }

    /// <summary>The notice's text: the time window in the platform's time zone, the impact scope, the countermeasures and the contact.</summary>
    public NotificationMessage Message(ChangeRequest change, NoticeKind kind, DateTimeOffset windowStart, DateTimeOffset windowEnd, string scope,
        string countermeasures, string contact)
    {
        var (kindZh, kindEn) = kind switch
        {
            NoticeKind.Correction => ("更正", "Correction"),
            NoticeKind.Extension => ("延期", "Extension"),
            NoticeKind.Cancellation => ("取消", "Cancellation"),
            _ => ("预告", "Advance notice"),
        };
        var start = TimeZoneInfo.ConvertTime(windowStart, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var end = TimeZoneInfo.ConvertTime(windowEnd, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var subject = $"【变更{kindZh}】{change.Number} {change.Title} / [{kindEn}] {change.Number}";
        string[] lines =
        [
            $"变更{kindZh} / {kindEn}: {change.Number} {change.Title}",
            $"时间 / Window: {start} – {end} ({Zone.Id})",
            $"影响范围 / Impact scope: {scope}",
            $"应对措施 / Countermeasures: {countermeasures}",
            $"联系人 / Contact: {contact}",
            kind == NoticeKind.Cancellation ? "本次工作已取消，届时系统照常运行。/ The work is cancelled; the system runs as usual." : "",
        ];
        var text = string.Join("\n", lines.Where(l => l.Length > 0));
        var html = "<p>" + string.Join("<br>", lines.Where(l => l.Length > 0).Select(WebUtility.HtmlEncode)) + "</p>";
        return new NotificationMessage(subject, text, html);
    }

    /// <summary>Queues <paramref name="message"/> for each person on every enabled e-mail and SMS channel they have an address for.</summary>
    /// <returns>How many deliveries were queued; the caller saves them with the change.</returns>
    internal static async Task<int> QueueAsync(WatchkeeperDbContext db, IEnumerable<(string Name, string? Email, string? Mobile)> people,
        NotificationMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channels = await db.NotificationChannels.AsNoTracking()
            .Where(c => c.Enabled && (c.Kind == NotificationChannelKind.Email || c.Kind == NotificationChannelKind.Sms)).OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var (name, email, mobile) in people)
        {
            foreach (var channel in channels)
            {
                var address = channel.Kind == NotificationChannelKind.Email ? email : mobile;
                if (string.IsNullOrWhiteSpace(address))
                {
                    continue;
                }

                db.NotificationDeliveries.Add(new NotificationDelivery
                {
                    ChannelId = channel.Id,
                    Kind = NotificationKind.Change,
                    Recipient = name,
                    Address = address.Trim(),
                    Subject = message.Subject,
                    Text = message.Text,
                    Html = message.Html,
                    Status = DeliveryStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                queued++;
            }
        }

        return queued;
    }

    /// <summary>Users assigned to an affected organization or to one above it, and the change's implementer.</summary>
    private async Task<List<(string Name, string? Email, string? Mobile)>> AudienceAsync(WatchkeeperDbContext db, ChangeRequest change,
        CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var deviceOrganizations = await db.Devices.AsNoTracking().IgnoreOrganizationScope().Where(d => change.DeviceIds.Contains(d.Id))
            .Select(d => d.OrganizationId).Distinct().ToListAsync(cancellationToken);
        var affected = new HashSet<long>();
        foreach (var id in change.OrganizationIds.Concat(deviceOrganizations))
        {
            var visited = new HashSet<long>();
            for (var current = tree.Find(id); current is not null && visited.Add(current.Id); current = current.ParentId is { } parent ? tree.Find(parent) : null)
            {
                affected.Add(current.Id);
            }
        }

        var userIds = await db.UserOrganizations.AsNoTracking().Where(u => affected.Contains(u.OrganizationId)).Select(u => u.UserId).Distinct()
            .ToListAsync(cancellationToken);
        if (change.ImplementerUserId is { } implementer)
        {
            userIds.Add(implementer);
        }

        return [.. (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && !u.IsDisabled)
                .Select(u => new { u.UserName, u.DisplayName, u.Email, u.PhoneNumber }).ToListAsync(cancellationToken))
            .Select(u => (u.DisplayName ?? u.UserName ?? "", u.Email, u.PhoneNumber)).OrderBy(p => p.Item1, StringComparer.Ordinal)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change {ChangeId}: {Kind} notice reached nobody; no affected user has an address on an enabled e-mail or SMS channel")]
    private partial void LogNobodyReached(long changeId, NoticeKind kind);
}
