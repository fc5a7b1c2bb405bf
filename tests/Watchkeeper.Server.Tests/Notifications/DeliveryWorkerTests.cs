using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Notifications.NotificationHarness;

namespace Watchkeeper.Server.Tests.Notifications;

public sealed class DeliveryWorkerTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FailingReceiver_RetriesWithBackoffThenFails(DatabaseProvider provider)
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (503, "busy"));
        await using var harness = await StartAsync(provider);
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", await harness.AddAlarmAsync());
        var dueTimes = new List<DateTimeOffset>();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await harness.Processor.RunDueAsync(Cancellation);
            var stored = await harness.DeliveryAsync(delivery);
            dueTimes.Add(stored.NextAttemptAt);
            harness.Time.SetUtcNow(stored.NextAttemptAt.AddMilliseconds(-1));
            (await harness.Processor.RunDueAsync(Cancellation)).ShouldBe(0, $"attempt {attempt + 1} is not due before its time");
            harness.Time.SetUtcNow(stored.NextAttemptAt);
        }

        var final = await harness.DeliveryAsync(delivery);
        receiver.Requests.Count.ShouldBe(5);
        final.Status.ShouldBe(DeliveryStatus.Failed);
        final.Attempts.ShouldBe(5);
        final.LastError.ShouldNotBeNull().ShouldContain("HTTP 503");
        var gaps = dueTimes.Take(4).Select((due, i) => due - (i == 0 ? harness.Now : dueTimes[i - 1])).ToList();
        gaps.ShouldBe([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)]);
    }

    [Fact]
    public async Task ReceiverRecovers_SecondAttemptSends()
    {
        var answers = 0;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Interlocked.Increment(ref answers) == 1 ? (500, "down") : (200, "{}"));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.Processor.RunDueAsync(Cancellation);

        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Sent);
        stored.Attempts.ShouldBe(2);
        stored.SentAt.ShouldBe(harness.Now.AddSeconds(30));
        stored.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task RateLimit_ExcessWaitsForNextMinute()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" }, rateLimitPerMinute: 3);
        var alarm = await harness.AddAlarmAsync();
        var deliveries = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            deliveries.Add(await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", alarm));
        }

        await harness.Processor.RunDueAsync(Cancellation);
        var afterFirstMinute = receiver.Requests.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        await harness.Processor.RunDueAsync(Cancellation);
        var beforeWindowEnds = receiver.Requests.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Processor.RunDueAsync(Cancellation);
        var afterSecondMinute = receiver.Requests.Count;
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.Processor.RunDueAsync(Cancellation);

        afterFirstMinute.ShouldBe(3);
        beforeWindowEnds.ShouldBe(3);
        afterSecondMinute.ShouldBe(6);
        receiver.Requests.Count.ShouldBe(7);
        foreach (var id in deliveries)
        {
            var stored = await harness.DeliveryAsync(id);
            stored.Status.ShouldBe(DeliveryStatus.Sent);
            stored.Attempts.ShouldBe(1, "waiting for the rate limit is not a failed attempt");
        }
    }

    [Fact]
    public async Task ClaimedByCrashedWorker_RetriedAfterClaimTimeout()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" });
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", await harness.AddAlarmAsync());

        // A worker claimed the delivery (due time moved two minutes ahead, attempt counted) and died before recording anything.
        await using (var db = harness.App.CreateDbContext())
        {
            await db.NotificationDeliveries.Where(d => d.Id == delivery)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, harness.Now.AddMinutes(2)).SetProperty(d => d.Attempts, 1), Cancellation);
        }

        var beforeTimeout = await harness.Processor.RunDueAsync(Cancellation);
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var afterTimeout = await harness.Processor.RunDueAsync(Cancellation);

        beforeTimeout.ShouldBe(0);
        afterTimeout.ShouldBe(1);
        var stored = await harness.DeliveryAsync(delivery);
        stored.Status.ShouldBe(DeliveryStatus.Sent);
        stored.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task DisabledChannel_HoldsDeliveriesUntilEnabled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => (200, "{}"));
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = receiver.BaseUrl + "/hook" }, enabled: false);
        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", await harness.AddAlarmAsync());

        await harness.Processor.RunDueAsync(Cancellation);
        var whileDisabled = await harness.DeliveryAsync(delivery);
        await using (var db = harness.App.CreateDbContext())
        {
            await db.NotificationChannels.Where(c => c.Id == channel).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, true), Cancellation);
        }

        await harness.Processor.RunDueAsync(Cancellation);

        whileDisabled.Status.ShouldBe(DeliveryStatus.Pending);
        whileDisabled.Attempts.ShouldBe(0);
        (await harness.DeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Sent);
        receiver.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Outbox_StoresAlarmLinksAndDueTime()
    {
        await using var harness = await StartAsync();
        var channel = await harness.CreateChannelAsync("运维平台", "Webhook", new { url = "http://127.0.0.1:9/hook" });
        var first = await harness.AddAlarmAsync();
        var second = await harness.AddAlarmAsync("第二园区", "34020000001320000002");

        var delivery = await harness.EnqueueAsync(channel, NotificationChannelKind.Webhook, "", first, second);

        await using var db = harness.App.CreateDbContext();
        var stored = await db.NotificationDeliveries.Include(d => d.Alarms).SingleAsync(d => d.Id == delivery, Cancellation);
        stored.Status.ShouldBe(DeliveryStatus.Pending);
        stored.NextAttemptAt.ShouldBe(harness.Now);
        stored.CreatedAt.ShouldBe(harness.Now);
        stored.Recipient.ShouldBe("张工");
        stored.Subject.ShouldBe("[告警][重要] 2 条告警 / [Alarm][Major] 2 alarms");
        stored.Alarms.Select(a => a.AlarmId).Order().ShouldBe([first, second]);
    }
}
