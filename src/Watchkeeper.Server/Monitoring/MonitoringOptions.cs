using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>The <c>Monitoring</c> configuration section.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>False stops all probing (the web console and API still run).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Probes running at the same time across all devices.</summary>
    public int MaxConcurrentProbes { get; set; } = 256;

    /// <summary>Time each probe may take, in seconds.</summary>
    public double ProbeTimeoutSeconds { get; set; } = 5;

    public int OfflineAfterFailedRounds { get; set; } = 3;

    public int OnlineAfterSucceededRounds { get; set; } = 1;

    /// <summary>Device clock skew that raises a ClockSkew finding, in seconds.</summary>
    public int ClockSkewThresholdSeconds { get; set; } = 60;

    /// <summary>Probe rounds waiting for the health state machine before the scheduler slows down.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most rounds written to the database in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>Longest a finished round waits before it is written, in milliseconds.</summary>
    public int FlushIntervalMilliseconds { get; set; } = 500;

    public HealthThresholds Thresholds => new()
    {
        OfflineAfterFailedRounds = Math.Max(1, OfflineAfterFailedRounds),
        OnlineAfterSucceededRounds = Math.Max(1, OnlineAfterSucceededRounds),
    };
}
