using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>One real picture the corpus is made from.</summary>
/// <param name="Name">Where it comes from, e.g. "vtest.avi@16s" or "building.jpg".</param>
/// <param name="Path">The PNG or JPEG file to read it from.</param>
/// <param name="FromVideo">True for a frame of the street video, false for a photograph.</param>
public sealed record SourcePicture(string Name, string Path, bool FromVideo)
{
    /// <summary>Reads a fresh 8-bit BGR copy; the caller owns it.</summary>
    public Mat Load()
    {
        var picture = Cv2.ImRead(Path, ImreadModes.Color);
        if (picture.Empty())
        {
            throw new InvalidOperationException($"corpus source {Path} does not decode");
        }

        return picture;
    }
}

/// <summary>A run of consecutive frames of the street video, 0.1 s apart (the video has 10 frames per second).</summary>
public sealed record SourceSequence(string Name, IReadOnlyList<SourcePicture> Frames);

/// <summary>
/// The real pictures of the corpus: frames of vtest.avi (a fixed camera over a street, 768x576, 10 fps, 79.5 s) and
/// photographs of real scenes, all from the Debian package opencv-doc. The video frames are extracted with the ffmpeg
/// command line into a cache folder under the test output, once per test run.
/// </summary>
public sealed class CorpusSources
{
    public const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>Seconds into vtest.avi where a sequence starts; the street shows different walkers at each.</summary>
    public static readonly IReadOnlyList<int> VideoTimes = [0, 8, 16, 24, 32, 40, 48, 56, 64, 72];

    public const int SequenceLength = 5;

    /// <summary>
    /// Photographs of real scenes from the package (buildings, streets, aerial views, rooms, people, animals). Logos,
    /// charts, chessboards, paintings, printed test patterns and product close-ups are left out.
    /// </summary>
    public static readonly IReadOnlyList<string> PhotographNames =
    [
        "aero1.jpg", "aero3.jpg", "building.jpg", "home.jpg", "leuvenA.jpg", "messi5.jpg",
        "basketball1.png", "box_in_scene.png", "left.jpg", "squirrel_cls.jpg", "fruits.jpg", "baboon.jpg",
    ];

    private static readonly TimeSpan FfmpegTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<CorpusSources> SharedSources = new(() => Extract(DefaultCacheFolder()));

    private CorpusSources(IReadOnlyList<SourceSequence> sequences, IReadOnlyList<SourcePicture> photographs)
    {
        Sequences = sequences;
        Photographs = photographs;
    }

    /// <summary>The sources of this test run, extracted on first use.</summary>
    public static CorpusSources Shared => SharedSources.Value;

    /// <summary>Consecutive frames of the street video, one sequence per entry of <see cref="VideoTimes"/>.</summary>
    public IReadOnlyList<SourceSequence> Sequences { get; }

    public IReadOnlyList<SourcePicture> Photographs { get; }

    /// <summary>The first frame of every sequence, then every photograph: the stills single-frame faults are made from.</summary>
    public IEnumerable<SourcePicture> Stills => Sequences.Select(sequence => sequence.Frames[0]).Concat(Photographs);

    private static string DefaultCacheFolder() =>
        Path.Combine(AppContext.BaseDirectory, "corpus-frames", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Extracts the video frames into <paramref name="cacheFolder"/> (emptied first) and lists the photographs.</summary>
    public static CorpusSources Extract(string cacheFolder)
    {
        var video = Path.Combine(DataFolder, "vtest.avi");
        if (!File.Exists(video))
        {
            throw new InvalidOperationException($"{video} is missing: install the Debian package opencv-doc");
        }

        if (Directory.Exists(cacheFolder))
        {
            Directory.Delete(cacheFolder, recursive: true);
        }

        Directory.CreateDirectory(cacheFolder);
        var sequences = new List<SourceSequence>();
        foreach (var second in VideoTimes)
        {
            var pattern = Path.Combine(cacheFolder, $"vtest-{second:D2}s-%d.png");
            RunFfmpeg("-v", "error", "-ss", second.ToString(CultureInfo.InvariantCulture), "-i", video,
                "-frames:v", SequenceLength.ToString(CultureInfo.InvariantCulture), "-y", pattern);
            var frames = Enumerable.Range(1, SequenceLength)
                .Select(index => new SourcePicture($"vtest.avi@{second:D2}s+{index - 1}", Path.Combine(cacheFolder, $"vtest-{second:D2}s-{index}.png"), FromVideo: true))
                .ToList();
            sequences.Add(new SourceSequence($"vtest.avi@{second:D2}s", frames));
        }

        var photographs = PhotographNames
            .Select(name => new SourcePicture(name, Path.Combine(DataFolder, name), FromVideo: false))
            .ToList();
        foreach (var photograph in photographs.Where(p => !File.Exists(p.Path)))
        {
            throw new InvalidOperationException($"{photograph.Path} is missing: install the Debian package opencv-doc");
        }

        return new CorpusSources(sequences, photographs);
    }

    private static void RunFfmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start: install the Debian package ffmpeg");
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(FfmpegTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg {string.Join(' ', arguments)} timed out after {FfmpegTimeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {errors.Result}");
        }
    }
}
