using System.Globalization;
using System.Text;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

/// <summary>
/// Precision and recall of the multi-frame and reference checks on the corpus samples made for them, at the default
/// sensitivity. Every analyzer that can run on a sample runs, so a check that fires on another check's sample or on
/// a clean sample counts as a false positive.
/// </summary>
public sealed class MotionAccuracyTests
{
    private const double MinimumPrecision = 0.95;
    private const double MinimumRecall = 0.95;

    private static readonly IReadOnlyList<DiagnosisKind> Kinds =
        [DiagnosisKind.FrozenPicture, DiagnosisKind.SceneChange, DiagnosisKind.Shake, DiagnosisKind.PtzDrift];

    private static readonly Lazy<AccuracyTally> Tally = new(Measure);

    public static TheoryData<DiagnosisKind> KindsData => new(Kinds);

    [Theory]
    [MemberData(nameof(KindsData))]
    public void Precision_DefaultSensitivity_MeetsTarget(DiagnosisKind kind)
    {
        var row = Tally.Value.Rows[kind];

        row.Precision.ShouldBeGreaterThanOrEqualTo(MinimumPrecision, Tally.Value.Describe(kind));
    }

    [Theory]
    [MemberData(nameof(KindsData))]
    public void Recall_DefaultSensitivity_MeetsTarget(DiagnosisKind kind)
    {
        var row = Tally.Value.Rows[kind];

        row.Recall.ShouldBeGreaterThanOrEqualTo(MinimumRecall, Tally.Value.Describe(kind));
    }

    [Theory]
    [MemberData(nameof(KindsData))]
    public void Corpus_EveryKind_HasPositivesAndCleanSamples(DiagnosisKind kind)
    {
        Tally.Value.Rows[kind].Support.ShouldBeGreaterThanOrEqualTo(50);
        Tally.Value.CleanRuns[kind].ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void CleanSamples_DefaultSensitivity_HaveNoFinding()
    {
        Tally.Value.CleanFindings.ShouldBeEmpty();
    }

    private static AccuracyTally Measure()
    {
        var diagnoser = new FrameDiagnoser(MotionAnalyzers.All);
        var generators = new ICorpusGenerator[]
        {
            new FrozenPictureGenerator(), new ShakeGenerator(), new SceneChangeGenerator(), new PtzDriftGenerator(),
        };
        var tally = new AccuracyTally(Kinds);
        foreach (var sample in DiagnosisCorpus.Generate(generators: generators))
        {
            using (sample)
            {
                using var input = sample.ToFrameSet();
                tally.Add(sample, diagnoser.Analyze(input));
            }
        }

        var output = Environment.GetEnvironmentVariable("WATCHKEEPER_ACCURACY_OUT");
        if (output is not null)
        {
            File.WriteAllText(output, tally.Table());
        }

        TestContext.Current.TestOutputHelper?.WriteLine(tally.Table());
        return tally;
    }
}

/// <summary>The four multi-frame and reference analyzers, for tests that run only them.</summary>
internal static class MotionAnalyzers
{
    public static IReadOnlyList<IFrameAnalyzer> All { get; } =
        [new FrozenPictureAnalyzer(), new SceneChangeAnalyzer(), new ShakeAnalyzer(), new PtzDriftAnalyzer()];
}

/// <summary>Per-kind counts of true and false detections, and the samples that went wrong.</summary>
internal sealed class AccuracyTally(IReadOnlyList<DiagnosisKind> kinds)
{
    private readonly Dictionary<DiagnosisKind, List<string>> _misses = kinds.ToDictionary(k => k, _ => new List<string>());

    public Dictionary<DiagnosisKind, AccuracyRow> Rows { get; } = kinds.ToDictionary(k => k, _ => new AccuracyRow());

    /// <summary>How many clean samples each kind ran on.</summary>
    public Dictionary<DiagnosisKind, int> CleanRuns { get; } = kinds.ToDictionary(k => k, _ => 0);

    /// <summary>"sample id: kind (detail)" for every detection on a sample without a fault.</summary>
    public List<string> CleanFindings { get; } = [];

    public void Add(CorpusSample sample, DiagnosisReport report)
    {
        foreach (var finding in report.Findings.Where(f => Rows.ContainsKey(f.Kind)))
        {
            var row = Rows[finding.Kind];
            var line = $"{sample.Id}: score {finding.Score:0.000}, {finding.Detail}";
            if (sample.IsPositiveOf(finding.Kind))
            {
                row.Support++;
                row.TruePositives += finding.Detected ? 1 : 0;
                if (!finding.Detected)
                {
                    _misses[finding.Kind].Add($"missed {line}");
                }
            }
            else if (sample.IsNegativeOf(finding.Kind) && finding.Detected)
            {
                row.FalsePositives++;
                _misses[finding.Kind].Add($"false {line}");
            }

            if (sample.Label is null)
            {
                CleanRuns[finding.Kind]++;
                if (finding.Detected)
                {
                    CleanFindings.Add($"{sample.Id}: {finding.Kind} ({finding.Detail})");
                }
            }
        }
    }

    public string Describe(DiagnosisKind kind)
    {
        var row = Rows[kind];
        return $"{kind}: {row}\n{string.Join('\n', _misses[kind].Take(30))}";
    }

    /// <summary>The rows as a Markdown table.</summary>
    public string Table()
    {
        var table = new StringBuilder("| Check | Precision | Recall | Support | False positives | Clean samples run |\n|---|---|---|---|---|---|\n");
        foreach (var (kind, row) in Rows)
        {
            table.Append(CultureInfo.InvariantCulture,
                $"| {kind} | {row.Precision:0.000} | {row.Recall:0.000} | {row.Support} | {row.FalsePositives} | {CleanRuns[kind]} |\n");
        }

        foreach (var kind in Rows.Keys)
        {
            foreach (var miss in _misses[kind])
            {
                table.Append(CultureInfo.InvariantCulture, $"\n{kind} {miss}");
            }
        }

        return table.ToString();
    }
}

internal sealed class AccuracyRow
{
    public int Support { get; set; }

    public int TruePositives { get; set; }

    public int FalsePositives { get; set; }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => Support == 0 ? 0 : TruePositives / (double)Support;

    public override string ToString() =>
        $"precision {Precision:0.000}, recall {Recall:0.000}, support {Support}, false positives {FalsePositives}";
}
