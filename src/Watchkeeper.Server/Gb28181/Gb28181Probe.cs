using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// The GB/T 28181 probe: it sends nothing and reads the session book, so a round costs no network call. The
/// SIP server requests a round at once whenever a device's liveness changes.
/// </summary>
public sealed class Gb28181Probe(GbSessionBook sessions) : IProbe
{
    public ProbeKind Kind => ProbeKind.Gb28181;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(sessions.Evaluate(target.GbId));
}
