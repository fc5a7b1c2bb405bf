using System.Diagnostics.Metrics;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>Instruments of the monitoring engine, exported at /metrics.</summary>
public sealed class MonitoringMetrics : IDisposable
{
    public const string MeterName = "Watchkeeper.Monitoring";

    private readonly Meter _meter;
    private readonly Counter<long> _probesRun;
    private readonly Counter<long> _probesFailed;
    private readonly Histogram<double> _probeLatency;
    private readonly Counter<long> _roundsProcessed;
    private readonly Histogram<double> _roundLag;

    public MonitoringMetrics(IMeterFactory meterFactory, HealthBook health, DeviceDirectory directory, MonitoringQueue queue)
    {
        _meter = meterFactory.Create(MeterName);
        _probesRun = _meter.CreateCounter<long>("probes.run", description: "Probes run, by probe kind");
        _probesFailed = _meter.CreateCounter<long>("probes.failed", description: "Probes whose device did not respond, by probe kind");
        _probeLatency = _meter.CreateHistogram<double>("probe.latency", unit: "s", description: "Probe latency, by probe kind");
        _roundsProcessed = _meter.CreateCounter<long>("rounds.processed", description: "Probe rounds applied to the health state machine");
        _roundLag = _meter.CreateHistogram<double>("rounds.lag", unit: "s", description: "Time from the end of a probe round to its write to the database");
        _meter.CreateObservableGauge("queue.length", () => queue.Count, description: "Probe rounds waiting for the health state machine");
        _meter.CreateObservableGauge("devices.monitored", () => directory.Count, description: "Devices in the ledger");
        _meter.CreateObservableGauge("devices", () => health.All
            .GroupBy(h => h.State)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key.ToString()))),
            description: "Devices by health state");
    }

    public void RecordProbe(ProbeOutcome outcome)
    {
        var tag = new KeyValuePair<string, object?>("kind", outcome.Kind.ToString());
        if (outcome.Status == ProbeStatus.Skipped)
        {
            return;
        }

        _probesRun.Add(1, tag);
        _probeLatency.Record(outcome.Latency.TotalSeconds, tag);
        if (outcome.Status == ProbeStatus.Unreachable)
        {
            _probesFailed.Add(1, tag);
        }
    }

    public void RecordRounds(int count, TimeSpan lag)
    {
        _roundsProcessed.Add(count);
        _roundLag.Record(lag.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
