using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Server.Kpi;

namespace Watchkeeper.Server.Tests.Kpi;

public sealed class SharedCacheTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_WithinMaxAge_ReusesValue()
    {
        var time = new FakeTimeProvider();
        var cache = new SharedCache<string>(time, MaxAge);
        var computations = 0;

        await cache.GetAsync(1, _ => Task.FromResult($"v{++computations}"), Token);
        time.Advance(TimeSpan.FromMilliseconds(999));
        var value = await cache.GetAsync(1, _ => Task.FromResult($"v{++computations}"), Token);

        value.ShouldBe("v1");
    }

    [Fact]
    public async Task Get_AfterMaxAge_Recomputes()
    {
        var time = new FakeTimeProvider();
        var cache = new SharedCache<string>(time, MaxAge);
        var computations = 0;

        await cache.GetAsync(1, _ => Task.FromResult($"v{++computations}"), Token);
        time.Advance(MaxAge);
        var value = await cache.GetAsync(1, _ => Task.FromResult($"v{++computations}"), Token);

        value.ShouldBe("v2");
    }

    [Fact]
    public async Task Get_OtherKey_ComputesItsOwn()
    {
        var cache = new SharedCache<string>(new FakeTimeProvider(), MaxAge);

        await cache.GetAsync(1, _ => Task.FromResult("one"), Token);
        var value = await cache.GetAsync(2, _ => Task.FromResult("two"), Token);

        value.ShouldBe("two");
    }

    [Fact]
    public async Task Get_ConcurrentCallers_ShareOneComputation()
    {
        var cache = new SharedCache<string>(new FakeTimeProvider(), MaxAge);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computations = 0;

        var first = cache.GetAsync(1, _ => { computations++; return release.Task; }, Token);
        var second = cache.GetAsync(1, _ => { computations++; return Task.FromResult("second"); }, Token);
        release.SetResult("first");

        (await first).ShouldBe("first");
        (await second).ShouldBe("first");
        computations.ShouldBe(1);
    }

    [Fact]
    public async Task Get_FailedComputation_IsRetriedNextTime()
    {
        var cache = new SharedCache<string>(new FakeTimeProvider(), MaxAge);

        await Should.ThrowAsync<InvalidOperationException>(() => cache.GetAsync(1, _ => throw new InvalidOperationException("database down"), Token));
        var value = await cache.GetAsync(1, _ => Task.FromResult("recovered"), Token);

        value.ShouldBe("recovered");
    }
}
