using OpenCvSharp;
using Watchkeeper.Vision.Tests.Corpus;

namespace Watchkeeper.Vision.Tests;

public sealed class CorpusExportTests
{
    /// <summary>
    /// With WATCHKEEPER_CORPUS_OUT set (scripts/diagnosis-corpus.sh sets it), writes the whole corpus there for
    /// inspection; otherwise writes a few samples of every generator to a temporary folder and checks them.
    /// </summary>
    [Fact]
    public void Export_WritesReadablePicturesAndIndex()
    {
        var target = Environment.GetEnvironmentVariable("WATCHKEEPER_CORPUS_OUT");
        var folder = target ?? Path.Combine(Path.GetTempPath(), $"watchkeeper-corpus-{Guid.NewGuid():N}");
        try
        {
            var samples = target is null
                ? DiagnosisCorpus.Generators.SelectMany(g => DiagnosisCorpus.Generate(generators: [g]).Take(2))
                : DiagnosisCorpus.Generate();

            var count = DiagnosisCorpus.Export(folder, samples);

            var lines = File.ReadAllLines(Path.Combine(folder, "index.csv"));
            lines.Length.ShouldBe(count + 1);
            var firstFile = lines[1].Split(',')[^1].Split(' ')[0];
            using var picture = Cv2.ImRead(Path.Combine(folder, firstFile));
            picture.Empty().ShouldBeFalse();
        }
        finally
        {
            if (target is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Generate_SameSeed_GivesSamePictures()
    {
        var generator = new SnowNoiseGenerator();

        using var first = DiagnosisCorpus.Generate(generators: [generator]).Skip(1).First();
        using var second = DiagnosisCorpus.Generate(generators: [generator]).Skip(1).First();

        first.Id.ShouldBe(second.Id);
        using var difference = new Mat();
        Cv2.Absdiff(first.Frames[0], second.Frames[0], difference);
        Cv2.CountNonZero(difference.Reshape(1)).ShouldBe(0);
    }
}
