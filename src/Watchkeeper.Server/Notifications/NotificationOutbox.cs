using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Notifications;

/// <summary>Stores notification requests as pending deliveries, due at once, and wakes the delivery worker.</summary>
public sealed class NotificationOutbox(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time, DeliverySignal signal) : INotificationOutbox
{
    public async Task<IReadOnlyList<long>> EnqueueAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default)
    {
        var ids = await StoreAsync(requests, TimeSpan.Zero, cancellationToken);
        signal.Wake();
        return ids;
    }

    /// <summary>
    /// Stores one request due only after <paramref name="hold"/>, so that the worker leaves it to the caller, who sends
    /// it at once with <see cref="DeliveryProcessor.SendNowAsync"/>. Should the caller crash, the worker sends it when the hold ends.
    /// </summary>
    public async Task<long> EnqueueForCallerAsync(NotificationRequest request, TimeSpan hold, CancellationToken cancellationToken) =>
        (await StoreAsync([request], hold, cancellationToken))[0];

    private async Task<IReadOnlyList<long>> StoreAsync(IReadOnlyList<NotificationRequest> requests, TimeSpan hold, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var deliveries = requests.Select(request => new NotificationDelivery
        {
            ChannelId = request.ChannelId,
            Kind = request.Kind,
            Recipient = Cut(request.Recipient, 256),
            Address = Cut(request.Address, 256),
            Subject = Cut(request.Message.Subject, 500),
            Text = Cut(request.Message.Text, 20000),
            Html = request.Message.Html is { } html ? Cut(html, 60000) : null,
            Status = DeliveryStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now + hold,
            RuleId = request.RuleId,
            Alarms = [.. request.AlarmIds.Distinct().Select(id => new NotificationDeliveryAlarm { AlarmId = id })],
        }).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.NotificationDeliveries.AddRange(deliveries);
        if (OrganizationScope.Current is null)
        {
            // The dispatcher's messages each list up to hundreds of alarms, one row per alarm.
            await TrackedBatchWriter.SaveInTransactionAsync(db, [typeof(NotificationDelivery), typeof(NotificationDeliveryAlarm)], cancellationToken);
        }
        else
        {
            // A user's request (a channel test) goes through the audited save.
            await db.SaveChangesAsync(cancellationToken);
        }

        return [.. deliveries.Select(d => d.Id)];
    }

    private static string Cut(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
}

/// <summary>Wakes the delivery worker when new deliveries are queued, so that they do not wait for the next poll.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every delivery queued before the worker looks.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
