namespace Watchkeeper.Server.Hosting;

/// <summary>The loop of a background worker that runs at once and then at every tick of a period, until the host stops.</summary>
internal static class PeriodicWork
{
    /// <summary>
    /// Runs <paramref name="work"/> now and after each period. A failure that <paramref name="handled"/> accepts (it
    /// logs it) leaves the loop running for the next tick, and any other failure ends the worker.
    /// </summary>
    public static async Task RunAsync(TimeSpan period, TimeProvider time, Func<CancellationToken, Task> work, Func<Exception, bool> handled,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                await work(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (handled(exception))
            {
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            var ticked = await timer.WaitForNextTickAsync(stoppingToken);

            // Leave the thread that fired the tick. A test clock fires every period it skips, one after another, on the
            // thread that moves it, and work that completes synchronously (SQLite) would otherwise run once per period.
            await Task.Yield();
            return ticked;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
