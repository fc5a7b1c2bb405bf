using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>
/// Checks whose detection makes others meaningless on the same frames. A blank screen is trivially dark, flat,
/// single-coloured, frozen and unlike the reference, so signal loss suppresses every other check. A picture too dark
/// or washed out has no edges, contrast or colour left to judge. A blurred picture is out of focus everywhere, so a
/// dark area of it no longer tells a covered lens from the scene. A suppressed check is not run. It is reported as not
/// detected, with score 0 and a detail naming the check that suppressed it.
/// </summary>
public static class DiagnosisPrecedence
{
    private static readonly IReadOnlySet<DiagnosisKind> ExposureDependent = new HashSet<DiagnosisKind>
    {
        DiagnosisKind.Blur, DiagnosisKind.LowContrast, DiagnosisKind.ColorCast, DiagnosisKind.Occlusion,
    };

    /// <summary>Each suppressing check with the checks it suppresses, in the order the suppressing checks run.</summary>
    public static readonly IReadOnlyList<(DiagnosisKind Kind, IReadOnlySet<DiagnosisKind> Suppressed)> Rules =
    [
        (DiagnosisKind.SignalLoss, Enum.GetValues<DiagnosisKind>().Where(kind => kind != DiagnosisKind.SignalLoss).ToHashSet()),
        (DiagnosisKind.TooDark, ExposureDependent),
        (DiagnosisKind.Overexposed, ExposureDependent),
        (DiagnosisKind.Blur, new HashSet<DiagnosisKind> { DiagnosisKind.Occlusion }),
    ];

    /// <summary>The order checks run in: the suppressing checks first, in <see cref="Rules"/> order, then the rest by kind.</summary>
    public static int RunOrder(DiagnosisKind kind)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Kind == kind)
            {
                return i;
            }
        }

        return Rules.Count + (int)kind;
    }

    /// <summary>The first detected check that suppresses <paramref name="kind"/>, or null.</summary>
    public static DiagnosisKind? SuppressorOf(DiagnosisKind kind, IEnumerable<AnalyzerFinding> earlier)
    {
        foreach (var finding in earlier)
        {
            if (finding.Detected && Rules.Any(rule => rule.Kind == finding.Kind && rule.Suppressed.Contains(kind)))
            {
                return finding.Kind;
            }
        }

        return null;
    }

    /// <summary>The entry reported for a check that was not run because <paramref name="suppressor"/> was detected.</summary>
    public static AnalyzerFinding Suppressed(DiagnosisKind kind, DiagnosisKind suppressor) =>
        new(kind, false, 0, null, $"not evaluated: suppressed by {suppressor}");
}
