using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// One labelled input of the diagnosis corpus: the frames (and reference) a diagnosis would receive, and what a
/// person looking at them would call the picture. Owns its images.
/// </summary>
public sealed class CorpusSample : IDisposable
{
    /// <summary>Unique and stable across runs, e.g. "blur/building.jpg/r5"; used as the file name when exported.</summary>
    public required string Id { get; init; }

    /// <summary>The real picture the sample was made from, e.g. "vtest.avi@16s" or "building.jpg".</summary>
    public required string Source { get; init; }

    /// <summary>The fault the sample shows, or null for a clean picture.</summary>
    public DiagnosisKind? Label { get; init; }

    /// <summary>The generator's strength parameter in its own unit (a blur radius, a gain), for the accuracy tables.</summary>
    public double Strength { get; init; }

    /// <summary>
    /// True for a fault too mild for a person to call it one: the sample counts for neither recall nor false positives
    /// of <see cref="Label"/>, but still counts as a negative for every other check.
    /// </summary>
    public bool Borderline { get; init; }

    /// <summary>Checks that may also fire because the synthesised fault really shows them too (kept small and explained).</summary>
    public IReadOnlySet<DiagnosisKind> Tolerated { get; init; } = new HashSet<DiagnosisKind>();

    /// <summary>The frames in time order, 8-bit BGR, all of one size.</summary>
    public required IReadOnlyList<Mat> Frames { get; init; }

    public Mat? Reference { get; init; }

    public bool ParkedAtPreset { get; init; }

    public TimeSpan Interval { get; init; }

    /// <summary>True when the sample is scored as a positive of <paramref name="kind"/>.</summary>
    public bool IsPositiveOf(DiagnosisKind kind) => Label == kind && !Borderline;

    /// <summary>True when a detection of <paramref name="kind"/> on this sample is a false positive.</summary>
    public bool IsNegativeOf(DiagnosisKind kind) => Label != kind && !Tolerated.Contains(kind);

    /// <summary>Copies the images into a frame set, so the sample stays usable after the set is disposed.</summary>
    public FrameSet ToFrameSet() =>
        FrameSet.FromFrames(Frames.Select(frame => frame.Clone()).ToList(), Interval, Reference?.Clone(), ParkedAtPreset);

    public override string ToString() => Id;

    public void Dispose()
    {
        foreach (var frame in Frames)
        {
            frame.Dispose();
        }

        Reference?.Dispose();
    }
}

/// <summary>
/// Makes one family of corpus samples from the real source pictures. Generators are deterministic: the same sources
/// and the same <see cref="Random"/> give the same samples.
/// </summary>
public interface ICorpusGenerator
{
    /// <summary>A short lower-case name, the first part of every sample id; it also derives the generator's Random.</summary>
    string Name { get; }

    IEnumerable<CorpusSample> Generate(CorpusSources sources, Random random);
}
