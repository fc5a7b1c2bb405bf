using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Components.Shared;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Tests.Access;

public sealed class LiveUpdatesScopeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ScopedPage_SiblingEvents_AreDropped()
    {
        var events = new MonitoringEvents(NullLogger<MonitoringEvents>.Instance);
        var time = new FakeTimeProvider(At);
        var batches = Channel.CreateUnbounded<(IReadOnlyList<MonitoringEvent> Batch, OrganizationScope? Scope)>();
        var scope = OrganizationScope.Of([10]);
        OrganizationScope.Current = scope;
        using var live = new LiveUpdates(events, _ => true, batch =>
        {
            batches.Writer.TryWrite((batch, OrganizationScope.Current));
            return Task.CompletedTask;
        }, time, NullLogger.Instance);
        OrganizationScope.Current = null;

        events.Publish([StateChanged(1, 10), StateChanged(2, 20), StateChanged(3, null)]);
        time.Advance(LiveUpdates.DefaultInterval);

        var (batch, callbackScope) = await batches.Reader.ReadAsync(TestContext.Current.CancellationToken);
        ((DeviceStateChanged)batch.ShouldHaveSingleItem()).DeviceId.ShouldBe(1);
        callbackScope.ShouldBeSameAs(scope);
    }

    [Fact]
    public async Task UnscopedPage_AllEvents_AreDelivered()
    {
        var events = new MonitoringEvents(NullLogger<MonitoringEvents>.Instance);
        var time = new FakeTimeProvider(At);
        var batches = Channel.CreateUnbounded<IReadOnlyList<MonitoringEvent>>();
        OrganizationScope.Current = OrganizationScope.Unrestricted;
        using var live = new LiveUpdates(events, _ => true, batch =>
        {
            batches.Writer.TryWrite(batch);
            return Task.CompletedTask;
        }, time, NullLogger.Instance);
        OrganizationScope.Current = null;

        events.Publish([StateChanged(1, 10), StateChanged(2, 20), StateChanged(3, null)]);
        time.Advance(LiveUpdates.DefaultInterval);

        var batch = await batches.Reader.ReadAsync(TestContext.Current.CancellationToken);
        batch.Count.ShouldBe(3);
    }

    private static DeviceStateChanged StateChanged(long deviceId, long? organizationId) =>
        new(deviceId, $"CAM-{deviceId}", "name", HealthState.Online, HealthState.Offline, OfflineCause.NetworkFault, "test", At)
        {
            OrganizationId = organizationId,
        };
}
