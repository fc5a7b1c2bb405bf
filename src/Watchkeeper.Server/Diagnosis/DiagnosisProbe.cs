using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// The diagnosis probe: it sends nothing and reports the camera's latest diagnosis round from the book, so picture
/// faults open and resolve alarms through the same health rounds as every other finding. It is no reachability
/// probe (see <see cref="ProbePlan.ReachabilityProbes"/>), and the round runner reads it only while the camera
/// responds, so an offline camera keeps its picture alarms as they were.
/// </summary>
public sealed class DiagnosisProbe(DiagnosisBook book) : IProbe
{
    public ProbeKind Kind => ProbeKind.Diagnosis;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(Evaluate(book.Find(target.DeviceId)));

    public static ProbeOutcome Evaluate(LatestDiagnosis? latest)
    {
        if (latest is null)
        {
            return ProbeOutcome.Skipped(ProbeKind.Diagnosis, ProbeReason.NotConfigured, "not diagnosed yet");
        }

        if (!latest.Covered)
        {
            return ProbeOutcome.Reachable(ProbeKind.Diagnosis, TimeSpan.Zero, "no diagnosis plan covers this camera");
        }

        var at = latest.CompletedAt.ToString("u", CultureInfo.InvariantCulture);
        if (latest.Status == DiagnosisStatus.NoFrame)
        {
            var reason = latest.FailureReason ?? "no frame";
            return ProbeOutcome.Reachable(ProbeKind.Diagnosis, TimeSpan.Zero, $"round {latest.ResultId} at {at}: no frame",
                [new Finding(AlarmType.FrameUnavailable, "", reason)]);
        }

        var findings = latest.Detected
            .Select(f => new Finding(AlarmType.VideoQualityFault, f.Kind.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"score {f.Score:0.00}: {f.Detail}")))
            .ToList();
        var detail = findings.Count == 0
            ? $"round {latest.ResultId} at {at}: clean"
            : $"round {latest.ResultId} at {at}: {string.Join(", ", latest.Detected.Select(f => f.Kind))}";
        return ProbeOutcome.Reachable(ProbeKind.Diagnosis, TimeSpan.Zero, detail, findings);
    }
}
