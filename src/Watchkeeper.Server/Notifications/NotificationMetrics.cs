using System.Diagnostics.Metrics;

namespace Watchkeeper.Server.Notifications;

/// <summary>Instruments of the delivery worker, exported at /metrics.</summary>
public sealed class NotificationMetrics : IDisposable
{
    public const string MeterName = "Watchkeeper.Notifications";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _attemptsFailed;
    private readonly Counter<long> _deferred;
    private readonly Histogram<double> _lag;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _sent = _meter.CreateCounter<long>("deliveries.sent", description: "Deliveries sent, by channel kind");
        _failed = _meter.CreateCounter<long>("deliveries.failed", description: "Deliveries that used up their attempts, by channel kind");
        _attemptsFailed = _meter.CreateCounter<long>("attempts.failed", description: "Failed attempts, retried or final, by channel kind");
        _deferred = _meter.CreateCounter<long>("deliveries.rate_limited", description: "Deliveries put back because their channel reached its rate limit");
        _lag = _meter.CreateHistogram<double>("lag", unit: "s", description: "Time from queueing a delivery to sending it");
    }

    public void Sent(NotificationChannelKind kind, TimeSpan lag)
    {
        _sent.Add(1, new KeyValuePair<string, object?>("channel", kind.ToString()));
        _lag.Record(Math.Max(0, lag.TotalSeconds));
    }

    public void AttemptFailed(NotificationChannelKind kind, bool final)
    {
        _attemptsFailed.Add(1, new KeyValuePair<string, object?>("channel", kind.ToString()));
        if (final)
        {
            _failed.Add(1, new KeyValuePair<string, object?>("channel", kind.ToString()));
        }
    }

    public void RateLimited(int count) => _deferred.Add(count);

    public void Dispose() => _meter.Dispose();
}
