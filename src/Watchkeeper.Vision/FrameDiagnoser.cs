using System.Diagnostics;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>Which checks to run and how sensitive each is.</summary>
public sealed record DiagnosisOptions
{
    public static readonly DiagnosisOptions Default = new();

    /// <summary>The checks to run; null runs every check the input allows.</summary>
    public IReadOnlySet<DiagnosisKind>? Kinds { get; init; }

    /// <summary>Sensitivity per check, 1–10; a check not listed takes <see cref="DefaultSensitivity"/>.</summary>
    public IReadOnlyDictionary<DiagnosisKind, int> Sensitivities { get; init; } = new Dictionary<DiagnosisKind, int>();

    public int DefaultSensitivity { get; init; } = Sensitivity.Default;

    public int SensitivityOf(DiagnosisKind kind) => Sensitivities.GetValueOrDefault(kind, DefaultSensitivity);

    public bool Includes(DiagnosisKind kind) => Kinds is null || Kinds.Contains(kind);
}

/// <summary>
/// The findings of one diagnosis: one entry for every analyzer that ran or was suppressed (see
/// <see cref="DiagnosisPrecedence"/>), in <see cref="DiagnosisKind"/> order.
/// </summary>
public sealed record DiagnosisReport(IReadOnlyList<AnalyzerFinding> Findings, TimeSpan Elapsed)
{
    public IEnumerable<AnalyzerFinding> Detected => Findings.Where(f => f.Detected);

    public bool IsClean => !Findings.Any(f => f.Detected);
}

/// <summary>Runs the analyzers over a frame set, the suppressing checks first (see <see cref="DiagnosisPrecedence"/>).</summary>
public sealed class FrameDiagnoser
{
    private readonly IReadOnlyList<IFrameAnalyzer> _analyzers;

    public FrameDiagnoser(IEnumerable<IFrameAnalyzer> analyzers)
    {
        _analyzers = analyzers.OrderBy(a => DiagnosisPrecedence.RunOrder(a.Kind)).ToList();
    }

    public IReadOnlyList<IFrameAnalyzer> Analyzers => _analyzers;

    public DiagnosisReport Analyze(FrameSet input, DiagnosisOptions? options = null)
    {
        options ??= DiagnosisOptions.Default;
        var stopwatch = Stopwatch.StartNew();
        using var context = new AnalysisContext(input);
        var findings = new List<AnalyzerFinding>();
        foreach (var analyzer in _analyzers)
        {
            if (!options.Includes(analyzer.Kind) || !analyzer.CanAnalyze(context))
            {
                continue;
            }

            var suppressor = DiagnosisPrecedence.SuppressorOf(analyzer.Kind, findings);
            findings.Add(suppressor is { } kind
                ? DiagnosisPrecedence.Suppressed(analyzer.Kind, kind)
                : analyzer.Analyze(context, Sensitivity.Threshold(options.SensitivityOf(analyzer.Kind))));
        }

        findings.Sort((a, b) => a.Kind.CompareTo(b.Kind));
        return new DiagnosisReport(findings, stopwatch.Elapsed);
    }
}
