using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

/// <summary>
/// Accuracy of the multi-frame and reference checks on the whole corpus at the default sensitivity, from the same
/// pass as <see cref="AccuracyTests"/>: every registered analyzer runs on every sample, so a check firing on another
/// check's sample counts against it. Clean samples are covered by <see cref="AccuracyTests"/> for every check.
/// </summary>
public sealed class MotionAccuracyTests(ITestOutputHelper output)
{
    private const double MinimumPrecision = 0.95;
    private const double MinimumRecall = 0.95;

    public static readonly TheoryData<DiagnosisKind> Kinds =
        new(DiagnosisKind.FrozenPicture, DiagnosisKind.SceneChange, DiagnosisKind.Shake, DiagnosisKind.PtzDrift);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Corpus_Check_MeetsTarget(DiagnosisKind kind)
    {
        var figures = CorpusEvaluation.Accuracy(kind);
        output.WriteLine(CorpusEvaluation.Table());

        figures.Precision.ShouldBeGreaterThanOrEqualTo(MinimumPrecision, Misses(kind));
        figures.Recall.ShouldBeGreaterThanOrEqualTo(MinimumRecall, Misses(kind));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Corpus_Check_HasPositivesAndCleanSamples(DiagnosisKind kind)
    {
        var cleanRuns = CorpusEvaluation.Outcomes.Count(outcome => outcome.IsClean && outcome.Findings.ContainsKey(kind));

        CorpusEvaluation.Accuracy(kind).Support.ShouldBeGreaterThanOrEqualTo(50);
        cleanRuns.ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void Corpus_ReferenceChecks_AreExclusive()
    {
        var both = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.Findings.ContainsKey(DiagnosisKind.SceneChange) && outcome.Findings.ContainsKey(DiagnosisKind.PtzDrift))
            .Select(outcome => outcome.Id);

        both.ShouldBeEmpty();
    }

    private static string Misses(DiagnosisKind kind)
    {
        var missed = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.IsPositiveOf(kind) && !outcome.Findings[kind].Detected)
            .Select(outcome => $"missed {outcome.Id}: {outcome.Findings[kind].Detail}");
        var wrong = CorpusEvaluation.Outcomes
            .Where(outcome => outcome.IsNegativeOf(kind) && outcome.Findings.TryGetValue(kind, out var finding) && finding.Detected)
            .Select(outcome => $"false positive {outcome.Id}: {outcome.Findings[kind].Detail}");
        return string.Join('\n', missed.Concat(wrong).Take(30));
    }
}
