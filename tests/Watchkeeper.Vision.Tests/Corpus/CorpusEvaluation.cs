using System.Globalization;
using System.Text;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>What the diagnoser reported for one corpus sample at the default sensitivity.</summary>
public sealed record SampleOutcome(
    string Id, DiagnosisKind? Label, bool Borderline, IReadOnlySet<DiagnosisKind> Tolerated, IReadOnlyDictionary<DiagnosisKind, AnalyzerFinding> Findings)
{
    public bool IsPositiveOf(DiagnosisKind kind) => Label == kind && !Borderline;

    public bool IsNegativeOf(DiagnosisKind kind) => Label != kind && !Tolerated.Contains(kind);

    public bool IsClean => Label is null;
}

/// <summary>Precision and recall of one check over the corpus.</summary>
public sealed record KindAccuracy(DiagnosisKind Kind, int TruePositives, int FalseNegatives, int FalsePositives, int Negatives)
{
    public int Support => TruePositives + FalseNegatives;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => Support == 0 ? 1 : TruePositives / (double)Support;
}

/// <summary>
/// Runs every corpus sample through the default analyzers once per test run and keeps what they reported, so that
/// the accuracy tests and the table in docs/diagnosis-accuracy.md come from one pass.
/// </summary>
public static class CorpusEvaluation
{
    private static readonly Lazy<IReadOnlyList<SampleOutcome>> SharedOutcomes = new(Run);

    public static IReadOnlyList<SampleOutcome> Outcomes => SharedOutcomes.Value;

    /// <summary>
    /// Per-kind figures at <paramref name="sensitivity"/>. Other sensitivities are derived from the scores of the
    /// default run, so a check suppressed at the default stays suppressed.
    /// </summary>
    public static KindAccuracy Accuracy(DiagnosisKind kind, int sensitivity = Vision.Sensitivity.Default) => Accuracy(Outcomes, kind, sensitivity);

    private static KindAccuracy Accuracy(IReadOnlyList<SampleOutcome> outcomes, DiagnosisKind kind, int sensitivity)
    {
        var threshold = Vision.Sensitivity.Threshold(sensitivity);
        int truePositives = 0, falseNegatives = 0, falsePositives = 0, negatives = 0;
        foreach (var outcome in outcomes)
        {
            if (!outcome.Findings.TryGetValue(kind, out var finding))
            {
                continue;
            }

            var detected = finding.Score >= threshold && !finding.Detail.StartsWith("not evaluated", StringComparison.Ordinal);
            if (outcome.IsPositiveOf(kind))
            {
                _ = detected ? truePositives++ : falseNegatives++;
            }
            else if (outcome.IsNegativeOf(kind))
            {
                negatives++;
                falsePositives += detected ? 1 : 0;
            }
        }

        return new KindAccuracy(kind, truePositives, falseNegatives, falsePositives, negatives);
    }

    /// <summary>The markdown table of docs/diagnosis-accuracy.md.</summary>
    public static string Table() => Table(Outcomes);

    private static string Table(IReadOnlyList<SampleOutcome> outcomes)
    {
        var text = new StringBuilder("| check | precision | recall | support | false positives / negatives | recall at 3 / 7 | false positives at 3 / 7 |\n|---|---|---|---|---|---|---|\n");
        foreach (var kind in Enum.GetValues<DiagnosisKind>())
        {
            var figures = Accuracy(outcomes, kind, Vision.Sensitivity.Default);
            if (figures.Support == 0)
            {
                continue;
            }

            var low = Accuracy(outcomes, kind, 3);
            var high = Accuracy(outcomes, kind, 7);
            text.Append(CultureInfo.InvariantCulture,
                $"| {kind} | {figures.Precision:F3} | {figures.Recall:F3} | {figures.Support} | {figures.FalsePositives} / {figures.Negatives} | {low.Recall:F3} / {high.Recall:F3} | {low.FalsePositives} / {high.FalsePositives} |\n");
        }

        return text.ToString();
    }

    private static IReadOnlyList<SampleOutcome> Run()
    {
        var diagnoser = VisionAnalyzers.CreateDiagnoser();
        var outcomes = new List<SampleOutcome>();
        foreach (var sample in DiagnosisCorpus.Generate())
        {
            using (sample)
            {
                using var set = sample.ToFrameSet();
                var report = diagnoser.Analyze(set);
                outcomes.Add(new SampleOutcome(sample.Id, sample.Label, sample.Borderline, sample.Tolerated, report.Findings.ToDictionary(f => f.Kind)));
            }
        }

        var folder = Environment.GetEnvironmentVariable("WATCHKEEPER_ACCURACY_OUT");
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "accuracy.md"), Table(outcomes));
            File.WriteAllLines(Path.Combine(folder, "findings.csv"), outcomes.SelectMany(o => o.Findings.Values.Select(f =>
                string.Create(CultureInfo.InvariantCulture, $"{o.Id},{o.Label?.ToString() ?? "clean"},{o.Borderline},{f.Kind},{f.Detected},{f.Score},\"{f.Detail}\""))));
        }

        return outcomes;
    }
}
