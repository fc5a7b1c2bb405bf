using System.Diagnostics.Metrics;

namespace Watchkeeper.Server.Recording;

/// <summary>Instruments of the recording checks, exported at /metrics.</summary>
public sealed class RecordingMetrics : IDisposable
{
    public const string MeterName = "Watchkeeper.Recording";

    private readonly Meter _meter;
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _duration;
    private long _dueChecks;
    private double _lagSeconds;

    public RecordingMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _checks = _meter.CreateCounter<long>("checks", description: "Channel-day recording checks, by outcome and source");
        _duration = _meter.CreateHistogram<double>("check.duration", unit: "s", description: "Time to fetch and store one channel-day");
        _meter.CreateObservableGauge("checks.due", () => Interlocked.Read(ref _dueChecks), description: "Channels whose check was due at the latest poll");
        _meter.CreateObservableGauge("checks.lag", () => Volatile.Read(ref _lagSeconds), unit: "s", description: "How late the most overdue check was at the latest poll");
    }

    public void RecordCheck(RecordingCheckOutcome outcome, RecordingSource source, TimeSpan duration)
    {
        _checks.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()), new KeyValuePair<string, object?>("source", source.ToString()));
        _duration.Record(duration.TotalSeconds);
    }

    public void RecordPoll(int due, TimeSpan lag)
    {
        Interlocked.Exchange(ref _dueChecks, due);
        Volatile.Write(ref _lagSeconds, Math.Max(0, lag.TotalSeconds));
    }

    public void Dispose() => _meter.Dispose();
}
