using System.Diagnostics.Metrics;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>Instruments of video quality diagnosis, exported at /metrics.</summary>
public sealed class DiagnosisMetrics : IDisposable
{
    public const string MeterName = "Watchkeeper.Diagnosis";

    private readonly Meter _meter;
    private readonly Counter<long> _rounds;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _lag;
    private readonly Histogram<double> _grabDuration;
    private readonly Histogram<double> _analysisDuration;
    private int _running;

    public DiagnosisMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _rounds = _meter.CreateCounter<long>("rounds", description: "Diagnosis rounds finished, by status (Analyzed, NoFrame) and trigger");
        _findings = _meter.CreateCounter<long>("findings", description: "Picture faults detected, by check");
        _failures = _meter.CreateCounter<long>("rounds.failed", description: "Diagnosis rounds that failed with an internal error");
        _lag = _meter.CreateHistogram<double>("lag", unit: "s", description: "Time from a camera's due time to the start of its round");
        _grabDuration = _meter.CreateHistogram<double>("grab.duration", unit: "s", description: "Time to fetch a round's frames, by source");
        _analysisDuration = _meter.CreateHistogram<double>("analysis.duration", unit: "s", description: "Time to decode and analyse a round's frames");
        _meter.CreateObservableGauge("rounds.running", () => Volatile.Read(ref _running), description: "Diagnosis rounds in progress");
    }

    public void RoundStarted(TimeSpan lag)
    {
        Interlocked.Increment(ref _running);
        _lag.Record(Math.Max(0, lag.TotalSeconds));
    }

    public void RoundFinished(DiagnosisStatus status, DiagnosisTrigger trigger, TimeSpan grab, string? source, TimeSpan analysis,
        IEnumerable<Core.Diagnosis.DiagnosisKind> detected)
    {
        Interlocked.Decrement(ref _running);
        _rounds.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("trigger", trigger.ToString()));
        _grabDuration.Record(grab.TotalSeconds, new KeyValuePair<string, object?>("source", source ?? "none"));
        if (status == DiagnosisStatus.Analyzed)
        {
            _analysisDuration.Record(analysis.TotalSeconds);
        }

        foreach (var kind in detected)
        {
            _findings.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
        }
    }

    public void RoundFailed()
    {
        Interlocked.Decrement(ref _running);
        _failures.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
