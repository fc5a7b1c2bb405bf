namespace Watchkeeper.Server.ServiceContracts;

/// <summary>
/// Tells the catalog and every <see cref="ISlaPolicyObserver"/> that policies changed, after the edit is saved.
/// An observer that throws is logged and skipped. The saved edit is kept, and the next observers are still called.
/// </summary>
public sealed class SlaPolicyNotifier(SlaPolicyCatalog catalog, IEnumerable<ISlaPolicyObserver> observers, ILogger<SlaPolicyNotifier> logger)
{
    public async Task ChangedAsync(IReadOnlyList<long> policyIds, CancellationToken cancellationToken)
    {
        catalog.Invalidate();
        if (policyIds.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.PolicyChangedAsync(policyIds, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "SLA policy observer {Observer} failed for policies {PolicyIds}", observer.GetType().Name, string.Join(",", policyIds));
            }
        }
    }
}
