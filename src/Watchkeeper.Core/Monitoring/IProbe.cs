namespace Watchkeeper.Core.Monitoring;

/// <summary>
/// One way of checking a device. Implementations live in Watchkeeper.Protocols and touch only the network.
/// </summary>
/// <remarks>
/// A probe never throws for what a device does: refused connections, garbage, silence and oversized responses
/// all come back as an outcome with a reason. It honours <see cref="ProbeTarget.Timeout"/> itself and stops
/// at once when the token is cancelled.
/// </remarks>
public interface IProbe
{
    ProbeKind Kind { get; }

    /// <summary>Runs the probe; returns <see cref="ProbeStatus.Skipped"/> when the target lacks what it needs.</summary>
    Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken);
}

/// <summary>All probes of one device in one round, the message the health state machine consumes.</summary>
public sealed record ProbeRound(long DeviceId, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, IReadOnlyList<ProbeOutcome> Outcomes)
{
    /// <summary>The device's credential version when the round started.</summary>
    public int CredentialVersion { get; init; }

    public IEnumerable<Finding> Findings => Outcomes.Where(o => o.Status == ProbeStatus.Reachable).SelectMany(o => o.Findings);

    public ProbeOutcome? Outcome(ProbeKind kind) => Outcomes.FirstOrDefault(o => o.Kind == kind);
}
