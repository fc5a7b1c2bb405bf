using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Tests.Diagnosis.Frames;

/// <summary>Builds the frame sources with test options, and simulated cameras on loopback addresses of their own.</summary>
internal static class FrameSourceHarness
{
    private static int _nextBlock;

    public static FrameSourceOptions Options(double timeoutSeconds = 10, int maxConcurrentGrabs = 4, string ffmpegPath = "ffmpeg") => new()
    {
        FfmpegPath = ffmpegPath,
        GrabTimeoutSeconds = timeoutSeconds,
        MaxConcurrentGrabs = maxConcurrentGrabs,
    };

    public static RtspFrameSource Rtsp(FrameSourceOptions? options = null, FrameGrabGate? gate = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new RtspFrameSource(wrapped, gate ?? new FrameGrabGate(wrapped), TimeProvider.System, NullLogger<RtspFrameSource>.Instance);
    }

    public static SnapshotFrameSource Snapshot(FrameSourceOptions? options = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new SnapshotFrameSource(wrapped, new FrameGrabGate(wrapped), TimeProvider.System, NullLogger<SnapshotFrameSource>.Instance);
    }

    public static FrameGrabGate Gate(FrameSourceOptions options) => new(Microsoft.Extensions.Options.Options.Create(options));

    /// <summary>Starts simulated cameras on a 127.x.y block no other test of this process uses.</summary>
    public static async Task<SimulatedFleet> StartCamerasAsync(int cameras = 5)
    {
        var block = Interlocked.Increment(ref _nextBlock);
        var second = 100 + Environment.ProcessId % 150;
        var created = SimulatedFleet.Create(new FleetOptions
        {
            CameraCount = cameras,
            RecorderCount = 0,
            SwitchCount = 0,
            CameraAddressBase = $"127.{second}.{200 + block}",
            CodePrefix = "FRAME",
        });
        created.IsSuccess.ShouldBeTrue(created.IsSuccess ? "" : created.FirstError.Message);
        var fleet = created.Value;
        var started = await fleet.StartAsync();
        started.IsSuccess.ShouldBeTrue(started.Error?.Message);
        return fleet;
    }

    public static FrameRequest Request(string? rtspUrl, string? snapshotUrl = null, string? user = null, string? password = null, int frames = 1, double intervalSeconds = 0) =>
        new(42, rtspUrl is null ? null : new Uri(rtspUrl), snapshotUrl is null ? null : new Uri(snapshotUrl), user, password, frames, TimeSpan.FromSeconds(intervalSeconds));

    /// <summary>Decodes the frames as the diagnosis will, and returns their mean brightness (0-255) in order.</summary>
    public static IReadOnlyList<double> MeanBrightness(GrabbedFrames frames)
    {
        var decoded = FrameSet.Decode(frames.Images);
        decoded.IsSuccess.ShouldBeTrue(decoded.IsSuccess ? "" : decoded.FirstError.Message);
        using var set = decoded.Value;
        return set.Frames.Select(frame => Cv2.Mean(frame).Val0).ToList();
    }

    /// <summary>Returns the ids of running processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(id);
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
