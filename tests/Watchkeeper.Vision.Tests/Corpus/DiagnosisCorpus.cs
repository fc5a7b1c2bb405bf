using System.Globalization;
using System.Text;
using OpenCvSharp;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// The labelled corpus the diagnosis accuracy is measured on: every registered generator applied to the real
/// source pictures. Deterministic: each generator draws from a <see cref="Random"/> started from <see cref="Seed"/>
/// and its name, so the same sources always give the same samples.
/// </summary>
public static class DiagnosisCorpus
{
    /// <summary>The pseudo-random generator seed the whole corpus derives from; change it only with the accuracy table.</summary>
    public const int Seed = 20_261_205;

    /// <summary>Every generator of the corpus, one line each.</summary>
    public static readonly IReadOnlyList<ICorpusGenerator> Generators =
    [
        new CleanGenerator(),
        new NightGenerator(),
        new SignalLossGenerator(),
        new BlurGenerator(),
        new TooDarkGenerator(),
        new OverexposedGenerator(),
        new LowContrastGenerator(),
        new ColorCastGenerator(),
        new SnowNoiseGenerator(),
        new StripeGenerator(),
        new OcclusionGenerator(),
    ];

    /// <summary>
    /// Generates the samples one at a time; the caller disposes each. Lazily, because the whole corpus does not fit
    /// in memory at once.
    /// </summary>
    public static IEnumerable<CorpusSample> Generate(CorpusSources? sources = null, IEnumerable<ICorpusGenerator>? generators = null)
    {
        sources ??= CorpusSources.Shared;
        foreach (var generator in generators ?? Generators)
        {
            foreach (var sample in generator.Generate(sources, RandomFor(generator)))
            {
                yield return sample;
            }
        }
    }

    /// <summary>The Random of one generator: a stable (FNV-1a) hash of its name mixed with <see cref="Seed"/>.</summary>
    public static Random RandomFor(ICorpusGenerator generator)
    {
        var hash = 2166136261u;
        foreach (var character in generator.Name)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return new Random(Seed ^ (int)hash);
    }

    /// <summary>
    /// Writes samples as PNG files under <paramref name="folder"/> (one folder per generator, frames numbered, the
    /// reference as "-reference.png") with an index.csv of id, label, strength, borderline and files.
    /// </summary>
    /// <returns>The number of samples written.</returns>
    public static int Export(string folder, IEnumerable<CorpusSample> samples)
    {
        Directory.CreateDirectory(folder);
        var index = new StringBuilder("id,source,label,strength,borderline,files\n");
        var count = 0;
        foreach (var sample in samples)
        {
            using (sample)
            {
                var baseName = Path.Combine(folder, sample.Id.Replace('@', '_'));
                Directory.CreateDirectory(Path.GetDirectoryName(baseName)!);
                var files = new List<string>();
                for (var i = 0; i < sample.Frames.Count; i++)
                {
                    files.Add(Write($"{baseName}-{i + 1}.png", sample.Frames[i], folder));
                }

                if (sample.Reference is { } reference)
                {
                    files.Add(Write($"{baseName}-reference.png", reference, folder));
                }

                index.Append(CultureInfo.InvariantCulture,
                    $"{sample.Id},{sample.Source},{sample.Label?.ToString() ?? "clean"},{sample.Strength:0.###},{sample.Borderline},{string.Join(' ', files)}\n");
                count++;
            }
        }

        File.WriteAllText(Path.Combine(folder, "index.csv"), index.ToString());
        return count;
    }

    private static string Write(string path, Mat picture, string folder)
    {
        Cv2.ImWrite(path, picture);
        return Path.GetRelativePath(folder, path);
    }
}
