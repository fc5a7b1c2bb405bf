namespace Watchkeeper.Core.Monitoring;

/// <summary>How many rounds move a device between Online and Offline.</summary>
public sealed record HealthThresholds
{
    /// <summary>Consecutive rounds in which every reachability probe failed before the device is Offline.</summary>
    public int OfflineAfterFailedRounds { get; init; } = 3;

    /// <summary>Consecutive rounds with a reachability probe succeeding before an Offline device is back.</summary>
    public int OnlineAfterSucceededRounds { get; init; } = 1;

    public static HealthThresholds Default { get; } = new();
}
