using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications.Senders;

namespace Watchkeeper.Server.Notifications;

/// <summary>
/// Sends due deliveries: claims them, keeps each channel under its rate limit, sends with bounded concurrency and
/// records the outcome with a retry time from the backoff, or Failed after the last attempt. Every due time is in the
/// database, so a restart loses nothing.
/// </summary>
/// <remarks>
/// Claiming moves a delivery's due time <see cref="DeliveryOptions.ClaimTimeout"/> ahead and counts the attempt in one
/// conditional update, so that two passes never send the same delivery, and one claimed by a crashed worker comes due again.
/// Channels that are disabled hold their deliveries: they stay Pending and leave when the channel is enabled again.
/// NOTE: the rate limit counts deliveries sent in the last minute as stored, so several server nodes sending through one
/// channel at the same moment may each use the whole limit.
/// </remarks>
public sealed partial class DeliveryProcessor(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    IEnumerable<INotificationSender> senders,
    ChannelSettingsProtector protector,
    NotificationMetrics metrics,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private readonly Dictionary<NotificationChannelKind, INotificationSender> _senders = senders.ToDictionary(s => s.Kind);

    private DeliveryOptions Settings => options.Value.Delivery;

    /// <summary>Sends every delivery that is due now, in batches; returns how many were attempted.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimDueAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return total;
            }

            await SendAllAsync(claimed, cancellationToken);
            total += claimed.Count;
        }

        return total;
    }

    /// <summary>Sends one delivery at once, whatever its channel's state and rate limit: the "send test" button.</summary>
    public async Task SendNowAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.NotificationDeliveries.IgnoreOrganizationScope().AsNoTracking().Include(d => d.Alarms)
            .FirstOrDefaultAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending, cancellationToken);
        var channel = delivery is null ? null : await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == delivery.ChannelId, cancellationToken);
        if (delivery is null || channel is null || !await TryClaimAsync(db, delivery, cancellationToken))
        {
            return;
        }

        await SendAsync(new Claimed(delivery, channel), cancellationToken);
    }

    private async Task<List<Claimed>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.NotificationDeliveries.IgnoreOrganizationScope().Include(d => d.Alarms).AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && db.NotificationChannels.Any(c => c.Id == d.ChannelId && c.Enabled))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(Settings.BatchSize).ToListAsync(cancellationToken);
        var channelIds = deliveries.Select(d => d.ChannelId).Distinct().ToList();
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var due = deliveries.Select(d => (delivery: d, channel: channels[d.ChannelId])).ToList();

        var claimed = new List<Claimed>();
        foreach (var group in due.GroupBy(x => x.channel.Id))
        {
            var channel = group.First().channel;
            var windowStart = now - RateWindow;
            var sentTimes = await db.NotificationDeliveries.IgnoreOrganizationScope()
                .Where(d => d.ChannelId == channel.Id && d.SentAt > windowStart).Select(d => d.SentAt!.Value).ToListAsync(cancellationToken);
            var allowed = Math.Max(0, channel.RateLimitPerMinute - sentTimes.Count);
            foreach (var item in group.Take(allowed))
            {
                if (await TryClaimAsync(db, item.delivery, cancellationToken))
                {
                    claimed.Add(new Claimed(item.delivery, channel));
                }
            }

            var waiting = group.Skip(allowed).Select(x => x.delivery.Id).ToList();
            if (waiting.Count > 0)
            {
                // The window frees its first place a minute after the oldest send in it.
                var nextFree = sentTimes.Count > 0 ? sentTimes.Min() + RateWindow : now + RateWindow;
                await db.NotificationDeliveries.IgnoreOrganizationScope().Where(d => waiting.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, nextFree), cancellationToken);
                metrics.RateLimited(waiting.Count);
                LogRateLimited(channel.Id, waiting.Count, channel.RateLimitPerMinute, nextFree);
            }
        }

        return claimed;
    }

    private async Task<bool> TryClaimAsync(WatchkeeperDbContext db, NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var seenDue = delivery.NextAttemptAt;
        var leaseEnd = time.GetUtcNow() + Settings.ClaimTimeout;
        var updated = await db.NotificationDeliveries.IgnoreOrganizationScope()
            .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == seenDue && d.Attempts == delivery.Attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, leaseEnd).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (updated == 1)
        {
            delivery.Attempts++;
        }

        return updated == 1;
    }

    private Task SendAllAsync(List<Claimed> claimed, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.MaxConcurrency), CancellationToken = cancellationToken },
            async (item, token) => await SendAsync(item, token));

    private async Task SendAsync(Claimed item, CancellationToken cancellationToken)
    {
        var (delivery, channel) = item;
        string? error = null;
        try
        {
            var settings = protector.Unprotect(channel)
                ?? throw new NotificationSendException("The channel's stored settings cannot be decrypted; enter its passwords and secrets again.");
            var message = new OutgoingMessage(delivery.Id, delivery.Kind, delivery.Recipient, delivery.Address, delivery.Subject, delivery.Text, delivery.Html,
                [.. delivery.Alarms.Select(a => a.AlarmId)]);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            try
            {
                await _senders[channel.Kind].SendAsync(settings, message, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No response within {Settings.Timeout.TotalSeconds:0} s.");
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure of one delivery is recorded on it and retried; it must not stop the others.
            var cause = exception.GetBaseException();
            error = cause == exception ? $"{exception.GetType().Name}: {exception.Message}"
                : $"{exception.GetType().Name}: {exception.Message} ({cause.GetType().Name}: {cause.Message})";
            LogAttemptFailed(exception, delivery.Id, channel.Id, delivery.Attempts);
        }

        await RecordAsync(delivery, channel, error, cancellationToken);
    }

    private async Task RecordAsync(NotificationDelivery delivery, NotificationChannel channel, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = db.NotificationDeliveries.IgnoreOrganizationScope().Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending);
        if (error is null)
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.SentAt, now)
                .SetProperty(d => d.LastError, (string?)null), cancellationToken);
            metrics.Sent(channel.Kind, now - delivery.CreatedAt);
            LogSent(delivery.Id, channel.Id, delivery.Attempts);
            return;
        }

        var maxAttempts = delivery.Kind == NotificationKind.Test ? 1 : Math.Max(1, Settings.MaxAttempts);
        var final = delivery.Attempts >= maxAttempts;
        var shortError = error.Length <= 2000 ? error : error[..1999] + "…";
        if (final)
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.LastError, shortError), cancellationToken);
            LogFailed(delivery.Id, channel.Id, delivery.Attempts);
        }
        else
        {
            var retryAt = now + Settings.BackoffAfter(delivery.Attempts);
            await row.ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, retryAt).SetProperty(d => d.LastError, shortError), cancellationToken);
            LogRetry(delivery.Id, channel.Id, retryAt);
        }

        metrics.AttemptFailed(channel.Kind, final);
    }

    private sealed record Claimed(NotificationDelivery Delivery, NotificationChannel Channel);

    [LoggerMessage(LogLevel.Debug, "Delivery {DeliveryId} sent through channel {ChannelId} at attempt {Attempt}")]
    private partial void LogSent(long deliveryId, long channelId, int attempt);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} through channel {ChannelId} failed at attempt {Attempt}")]
    private partial void LogAttemptFailed(Exception exception, long deliveryId, long channelId, int attempt);

    [LoggerMessage(LogLevel.Information, "Delivery {DeliveryId} through channel {ChannelId} will be retried at {RetryAt}")]
    private partial void LogRetry(long deliveryId, long channelId, DateTimeOffset retryAt);

    [LoggerMessage(LogLevel.Error, "Delivery {DeliveryId} through channel {ChannelId} failed after {Attempts} attempts and will not be retried")]
    private partial void LogFailed(long deliveryId, long channelId, int attempts);

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId} reached its limit of {Limit} messages a minute; {Count} deliveries wait until {NextFree}")]
    private partial void LogRateLimited(long channelId, int count, int limit, DateTimeOffset nextFree);
}
