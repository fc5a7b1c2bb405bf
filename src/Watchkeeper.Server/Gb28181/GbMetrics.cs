using System.Diagnostics.Metrics;

namespace Watchkeeper.Server.Gb28181;

/// <summary>Instruments of the GB/T 28181 server, exported at /metrics.</summary>
public sealed class GbMetrics : IDisposable
{
    public const string MeterName = "Watchkeeper.Gb28181";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _keepalives;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _rejectedBodies;

    public GbMetrics(IMeterFactory meterFactory, GbSessionBook sessions, TimeProvider time)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("requests", description: "SIP requests received from devices, by method");
        _keepalives = _meter.CreateCounter<long>("keepalives", description: "Keepalives received from registered devices");
        _registrations = _meter.CreateCounter<long>("registrations", description: "REGISTER requests answered, by response status code");
        _rejectedBodies = _meter.CreateCounter<long>("bodies.rejected", description: "MANSCDP bodies rejected as damaged or not XML");
        _meter.CreateObservableGauge("sessions", () =>
        {
            var now = time.GetUtcNow();
            return sessions.Sessions
                .GroupBy(s => GbHealthEvaluator.Liveness(s, now, sessions.StartedAt))
                .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("liveness", g.Key.ToString())));
        }, description: "GB/T 28181 devices by what registration and keepalive show");
    }

    public void RecordRequest(string method) => _requests.Add(1, new KeyValuePair<string, object?>("method", method));

    public void RecordKeepalive() => _keepalives.Add(1);

    public void RecordRegistration(int statusCode) => _registrations.Add(1, new KeyValuePair<string, object?>("status", statusCode));

    public void RecordRejectedBody() => _rejectedBodies.Add(1);

    public void Dispose() => _meter.Dispose();
}
