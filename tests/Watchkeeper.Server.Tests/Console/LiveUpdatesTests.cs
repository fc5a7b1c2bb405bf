using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Components.Shared;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Tests.Console;

public sealed class LiveUpdatesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Burst_WithinInterval_DeliversOneBatch()
    {
        var (events, time, batches, live) = Create();
        using var _ = live;

        events.Publish([StateChanged(1)]);
        events.Publish([StateChanged(2), StateChanged(3)]);
        time.Advance(TimeSpan.FromMilliseconds(999));
        events.Publish([StateChanged(4)]);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var batch = await batches.Reader.ReadAsync(Token);
        batch.Select(e => ((DeviceStateChanged)e).DeviceId).ShouldBe([1L, 2L, 3L, 4L]);
        batches.Reader.TryRead(out var extra).ShouldBeFalse(extra?.Count.ToString());
    }

    [Fact]
    public async Task Filter_OtherEvents_AreLeftOut()
    {
        var (events, time, batches, live) = Create();
        using var _ = live;

        events.Publish([new AlarmChanged(1, 1, "CAM-1", AlarmType.Offline, AlarmState.Open, false, At), StateChanged(7)]);
        time.Advance(LiveUpdates.DefaultInterval);

        var batch = await batches.Reader.ReadAsync(Token);
        batch.ShouldHaveSingleItem().ShouldBeOfType<DeviceStateChanged>();
    }

    [Fact]
    public async Task EventsAfterDelivery_StartNextInterval()
    {
        var (events, time, batches, live) = Create();
        using var _ = live;

        events.Publish([StateChanged(1)]);
        time.Advance(LiveUpdates.DefaultInterval);
        (await batches.Reader.ReadAsync(Token)).Count.ShouldBe(1);
        events.Publish([StateChanged(2)]);
        time.Advance(LiveUpdates.DefaultInterval);

        var second = await batches.Reader.ReadAsync(Token);
        ((DeviceStateChanged)second.ShouldHaveSingleItem()).DeviceId.ShouldBe(2);
    }

    [Fact]
    public async Task Dispose_PendingBatch_IsNeverDelivered()
    {
        var (events, time, batches, live) = Create();

        events.Publish([StateChanged(1)]);
        live.Dispose();
        time.Advance(LiveUpdates.DefaultInterval);
        events.Publish([StateChanged(2)]);
        time.Advance(LiveUpdates.DefaultInterval);

        // The delivery runs on the thread pool after the fake clock fires, so give it a moment to show up.
        await Task.Delay(200, Token);
        batches.Reader.TryRead(out _).ShouldBeFalse();
    }

    private static (MonitoringEvents Events, FakeTimeProvider Time, Channel<IReadOnlyList<MonitoringEvent>> Batches, LiveUpdates Live) Create()
    {
        var events = new MonitoringEvents(NullLogger<MonitoringEvents>.Instance);
        var time = new FakeTimeProvider(At);
        var batches = Channel.CreateUnbounded<IReadOnlyList<MonitoringEvent>>();
        var live = new LiveUpdates(events, e => e is DeviceStateChanged, batch =>
        {
            batches.Writer.TryWrite(batch);
            return Task.CompletedTask;
        }, time, NullLogger.Instance);
        return (events, time, batches, live);
    }

    private static DeviceStateChanged StateChanged(long deviceId) =>
        new(deviceId, $"CAM-{deviceId}", "name", HealthState.Online, HealthState.Offline, OfflineCause.NetworkFault, "test", At);
}
