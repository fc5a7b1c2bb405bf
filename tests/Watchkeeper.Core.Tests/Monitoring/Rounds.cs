using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Tests.Monitoring;

/// <summary>Builds probe rounds for state machine tests.</summary>
internal static class Rounds
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static ProbeRound At(int minute, params ProbeOutcome[] outcomes) =>
        new(1, Start.AddMinutes(minute), Start.AddMinutes(minute).AddSeconds(1), outcomes);

    public static ProbeOutcome Up(ProbeKind kind, params Finding[] findings) =>
        ProbeOutcome.Reachable(kind, TimeSpan.FromMilliseconds(20), "ok", findings);

    public static ProbeOutcome Down(ProbeKind kind, ProbeReason reason = ProbeReason.ConnectionRefused) =>
        ProbeOutcome.Unreachable(kind, reason, $"{kind} failed");

    public static ProbeOutcome Skip(ProbeKind kind) =>
        ProbeOutcome.Skipped(kind, ProbeReason.NotConfigured, "not configured");

    public static Finding ClockSkew => new(AlarmType.ClockSkew, "", "skew +28800 s");
}
