using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Notifications;

/// <summary>A row of the delivery log.</summary>
public sealed record DeliverySummary(long Id, long ChannelId, string ChannelName, NotificationChannelKind ChannelKind, NotificationKind Kind, string Recipient,
    string Address, string Subject, DeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
    string? LastError, long? RuleId, IReadOnlyList<long> AlarmIds);

/// <summary>One delivery with its message.</summary>
public sealed record DeliveryDetail(DeliverySummary Delivery, string Text, string? Html);

public sealed record DeliveryFilter(long? ChannelId = null, DeliveryStatus? Status = null, long? AlarmId = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, int Page = 1, int PageSize = 50);

public sealed record DeliveryPage(IReadOnlyList<DeliverySummary> Items, int Total, int Page, int PageSize);

/// <summary>
/// Reads the delivery log. A user whose organization scope is restricted sees a delivery only when every alarm it is
/// about is in scope; deliveries about no alarm (tests, direct sends) only unrestricted users see.
/// </summary>
public sealed class DeliveryQueries(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<Result<DeliveryPage>> ListAsync(DeliveryFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Page < 1 || filter.Page > 100_000)
        {
            return NotificationErrors.PagingInvalid("page", filter.Page, 100_000);
        }

        if (filter.PageSize < 1 || filter.PageSize > MaxPageSize)
        {
            return NotificationErrors.PagingInvalid("pageSize", filter.PageSize, MaxPageSize);
        }

        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            return NotificationErrors.RangeInvalid();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Visible(db);
        if (filter.ChannelId is { } channelId)
        {
            query = query.Where(d => d.ChannelId == channelId);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (filter.AlarmId is { } alarmId)
        {
            query = query.Where(d => db.NotificationDeliveryAlarms.IgnoreOrganizationScope().Any(x => x.DeliveryId == d.Id && x.AlarmId == alarmId));
        }

        if (filter.From is { } start)
        {
            query = query.Where(d => d.CreatedAt >= start);
        }

        if (filter.To is { } end)
        {
            query = query.Where(d => d.CreatedAt < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).Include(d => d.Alarms).AsNoTracking().ToListAsync(cancellationToken);
        var channels = await ChannelsAsync(db, rows, cancellationToken);
        return new DeliveryPage([.. rows.Select(d => Summary(d, channels))], total, filter.Page, filter.PageSize);
    }

    public async Task<DeliveryDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await Visible(db).Include(d => d.Alarms).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return null;
        }

        var channels = await ChannelsAsync(db, [delivery], cancellationToken);
        return new DeliveryDetail(Summary(delivery, channels), delivery.Text, delivery.Html);
    }

    private static IQueryable<NotificationDelivery> Visible(WatchkeeperDbContext db)
    {
        // The scope is applied by hand: the link table's own filter would hide out-of-scope links instead of the delivery.
        var scope = OrganizationScope.Current;
        var deliveries = db.NotificationDeliveries.IgnoreOrganizationScope();
        if (scope is null || scope.IsUnrestricted)
        {
            return deliveries;
        }

        var visible = scope.QueryIds;
        var links = db.NotificationDeliveryAlarms.IgnoreOrganizationScope();
        var alarms = db.Alarms.IgnoreOrganizationScope();
        var devices = db.Devices.IgnoreOrganizationScope();
        return deliveries.Where(d => links.Any(x => x.DeliveryId == d.Id)
            && !links.Any(x => x.DeliveryId == d.Id
                && !alarms.Any(a => a.Id == x.AlarmId && devices.Any(v => v.Id == a.DeviceId && visible.Contains(v.OrganizationId)))));
    }

    private static async Task<Dictionary<long, NotificationChannel>> ChannelsAsync(WatchkeeperDbContext db, IReadOnlyList<NotificationDelivery> rows,
        CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.ChannelId).Distinct().ToList();
        return await db.NotificationChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    private static DeliverySummary Summary(NotificationDelivery d, Dictionary<long, NotificationChannel> channels)
    {
        var channel = channels.GetValueOrDefault(d.ChannelId);
        return new DeliverySummary(d.Id, d.ChannelId, channel?.Name ?? "", channel?.Kind ?? default, d.Kind, d.Recipient, d.Address, d.Subject, d.Status,
            d.Attempts, d.CreatedAt, d.NextAttemptAt, d.SentAt, d.LastError, d.RuleId, [.. d.Alarms.Select(a => a.AlarmId)]);
    }
}
