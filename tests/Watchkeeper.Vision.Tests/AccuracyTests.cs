using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

/// <summary>
/// Accuracy of the default analyzers on the labelled corpus at the default sensitivity. The minimums are the figures
/// measured when the analyzers were calibrated, rounded down, so that a regression fails. docs/diagnosis-accuracy.md
/// contains the table.
/// </summary>
public sealed class AccuracyTests(ITestOutputHelper output)
{
    public static readonly TheoryData<DiagnosisKind, double, double> Minimums = new()
    {
        { DiagnosisKind.SignalLoss, 0.95, 0.95 },
        { DiagnosisKind.Blur, 0.95, 0.95 },
        { DiagnosisKind.TooDark, 0.95, 0.95 },
        { DiagnosisKind.Overexposed, 0.95, 0.95 },
        { DiagnosisKind.LowContrast, 0.95, 0.95 },
        { DiagnosisKind.ColorCast, 1.00, 1.00 },
        { DiagnosisKind.SnowNoise, 0.95, 0.95 },
        { DiagnosisKind.StripeInterference, 1.00, 0.95 },
        { DiagnosisKind.Occlusion, 0.98, 1.00 },
    };

    [Theory]
    [MemberData(nameof(Minimums))]
    public void Corpus_Check_MeetsMinimums(DiagnosisKind kind, double minimumPrecision, double minimumRecall)
    {
        var figures = CorpusEvaluation.Accuracy(kind);
        output.WriteLine(CorpusEvaluation.Table());

        figures.Support.ShouldBeGreaterThan(0);
        figures.Precision.ShouldBeGreaterThanOrEqualTo(minimumPrecision, Misses(kind));
        figures.Recall.ShouldBeGreaterThanOrEqualTo(minimumRecall, Misses(kind));
    }

    [Fact]
    public void Corpus_CleanPictures_HaveNoFinding()
    {
        var flagged = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.IsClean)
            .SelectMany(outcome => outcome.Findings.Values.Where(f => f.Detected).Select(f => $"{outcome.Id}: {f.Kind} ({f.Detail})"))
            .ToList();

        flagged.ShouldBeEmpty();
    }

    [Fact]
    public void Corpus_SampleIds_AreUnique()
    {
        var ids = CorpusEvaluation.Outcomes.Select(outcome => outcome.Id).ToList();

        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public void Corpus_SignalLoss_SuppressesEveryOtherCheck()
    {
        var blank = CorpusEvaluation.Outcomes.Where(outcome => outcome.Findings[DiagnosisKind.SignalLoss].Detected).ToList();

        blank.ShouldNotBeEmpty();
        blank.SelectMany(outcome => outcome.Findings.Values).Where(f => f.Kind != DiagnosisKind.SignalLoss && f.Detected).ShouldBeEmpty();
    }

    private static string Misses(DiagnosisKind kind)
    {
        var missed = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.IsPositiveOf(kind) && !outcome.Findings[kind].Detected)
            .Select(outcome => $"missed {outcome.Id}: {outcome.Findings[kind].Detail}");
        var wrong = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.IsNegativeOf(kind) && outcome.Findings.TryGetValue(kind, out var f) && f.Detected)
            .Select(outcome => $"false positive {outcome.Id}: {outcome.Findings[kind].Detail}");
        return string.Join('\n', missed.Concat(wrong).Take(30));
    }
}
