using System.Collections.Concurrent;

namespace Watchkeeper.Server.Kpi;

/// <summary>
/// Results shared by every console user for a short time: a value is computed once per key and reused until it
/// is <see cref="MaxAge"/> old, and callers that arrive while it is computed wait for that computation.
/// </summary>
/// <remarks>Keys are organization ids, so the cache contains at most one entry per organization and needs no eviction.</remarks>
public sealed class SharedCache<TValue>(TimeProvider time, TimeSpan maxAge)
    where TValue : class
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public TimeSpan MaxAge => maxAge;

    public async Task<TValue> GetAsync(long key, Func<CancellationToken, Task<TValue>> compute, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        if (entry.Value is { } cached && IsFresh(entry))
        {
            return cached;
        }

        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            if (entry.Value is { } fresh && IsFresh(entry))
            {
                return fresh;
            }

            var value = await compute(cancellationToken);
            entry.ComputedAt = time.GetUtcNow();
            entry.Value = value;
            return value;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private bool IsFresh(Entry entry) => time.GetUtcNow() - entry.ComputedAt < maxAge;

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public TValue? Value { get; set; }

        public DateTimeOffset ComputedAt { get; set; }
    }
}
