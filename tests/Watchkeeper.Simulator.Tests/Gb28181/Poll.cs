namespace Watchkeeper.Simulator.Tests.Gb28181;

internal static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 20 ms; returns whether it held before <paramref name="timeout"/>.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
