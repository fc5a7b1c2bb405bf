using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>Why one step of a probe failed, with a detail that names the endpoint and what to do.</summary>
public sealed record ProbeFailure(ProbeReason Reason, string Detail)
{
    public ProbeOutcome ToOutcome(ProbeKind kind, TimeSpan latency) => ProbeOutcome.Unreachable(kind, Reason, Detail, latency);
}
