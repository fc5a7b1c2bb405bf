using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// Refreshes the catalog and DeviceStatus of every online device periodically. Each device has a fixed phase
/// within each period, derived from its ID, so 100,000 devices are spread evenly over the period instead of
/// being queried in the same second. A bounded number of queries runs at once.
/// </summary>
public sealed partial class GbRefreshScheduler(
    GbSessionBook book,
    GbQueryManager queries,
    IOptionsMonitor<Gb28181Options> options,
    TimeProvider time,
    ILogger<GbRefreshScheduler> logger) : BackgroundService
{
    private const int QueueCapacity = 10_000;

    private enum RefreshKind
    {
        Catalog,
        Status,
    }

    /// <summary>Returns the second within a period of <paramref name="periodSeconds"/> at which a device is refreshed.</summary>
    public static long PhaseOf(string gbId, long periodSeconds)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var character in gbId)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (long)(hash % (ulong)Math.Max(1, periodSeconds));
    }

    /// <summary>Returns whether a device with this phase is due in the seconds (from, to].</summary>
    public static bool IsDue(long phase, long periodSeconds, long fromSecond, long toSecond)
    {
        if (periodSeconds <= 0 || toSecond <= fromSecond)
        {
            return false;
        }

        if (toSecond - fromSecond >= periodSeconds)
        {
            return true;
        }

        var start = fromSecond % periodSeconds;
        var end = toSecond % periodSeconds;
        return start < end ? phase > start && phase <= end : phase > start || phase <= end;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }

        var queue = Channel.CreateBounded<(GbSession Session, RefreshKind Kind)>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });
        var workers = Enumerable.Range(0, Math.Max(1, options.CurrentValue.MaxConcurrentQueries))
            .Select(_ => RunWorkerAsync(queue.Reader, stoppingToken))
            .ToList();

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var last = time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow().ToUnixTimeSeconds();
                Enqueue(queue.Writer, last, now);
                last = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        queue.Writer.TryComplete();
        await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Enqueue(ChannelWriter<(GbSession, RefreshKind)> writer, long fromSecond, long toSecond)
    {
        var settings = options.CurrentValue;
        var catalogPeriod = settings.CatalogRefreshMinutes * 60L;
        var statusPeriod = settings.StatusRefreshMinutes * 60L;
        var now = time.GetUtcNow();
        foreach (var session in book.Sessions)
        {
            if (GbHealthEvaluator.Liveness(session, now, book.StartedAt) != GbLiveness.Alive)
            {
                continue;
            }

            if (IsDue(PhaseOf(session.GbId, catalogPeriod), catalogPeriod, fromSecond, toSecond) && !writer.TryWrite((session, RefreshKind.Catalog)))
            {
                LogQueueFull(session.GbId, RefreshKind.Catalog);
            }

            if (IsDue(PhaseOf(session.GbId, statusPeriod), statusPeriod, fromSecond, toSecond) && !writer.TryWrite((session, RefreshKind.Status)))
            {
                LogQueueFull(session.GbId, RefreshKind.Status);
            }
        }
    }

    private async Task RunWorkerAsync(ChannelReader<(GbSession Session, RefreshKind Kind)> reader, CancellationToken stoppingToken)
    {
        while (await WaitToReadAsync(reader, stoppingToken))
        {
            if (!reader.TryRead(out var work))
            {
                continue;
            }

            var (session, kind) = work;
            try
            {
                var result = kind == RefreshKind.Catalog
                    ? await queries.QueryCatalogAsync(session.GbId, stoppingToken)
                    : await queries.QueryDeviceStatusAsync(session.GbId, stoppingToken);
                if (kind == RefreshKind.Catalog)
                {
                    await queries.SubscribeCatalogAsync(session.GbId, options.CurrentValue.CatalogSubscriptionLifetime, stoppingToken);
                }
                LogRefreshed(session.GbId, kind, result.Outcome, result.Detail);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRefreshFailed(exception, session.GbId, kind);
            }
        }
    }

    private static async Task<bool> WaitToReadAsync<T>(ChannelReader<T> reader, CancellationToken stoppingToken)
    {
        try
        {
            return await reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Periodic {Kind} refresh of {GbId} ended {Outcome}: {Detail}")]
    private partial void LogRefreshed(string gbId, RefreshKind kind, GbQueryOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the periodic {Kind} refresh of {GbId}: the refresh queue is full; it runs again next period")]
    private partial void LogQueueFull(string gbId, RefreshKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Periodic {Kind} refresh of {GbId} failed")]
    private partial void LogRefreshFailed(Exception exception, string gbId, RefreshKind kind);
}
