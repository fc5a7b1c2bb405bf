namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>The encoding ffmpeg hands grabbed frames over in.</summary>
public enum FrameFormat
{
    /// <summary>Uncompressed BMP: no encoding or decoding work, about 2.8 MB per 1280x720 frame through the pipe.</summary>
    Bmp,

    /// <summary>JPEG at quality 2 (-q:v 2): a tenth of the bytes, with an encode in ffmpeg and a decode in OpenCV per frame.</summary>
    Jpeg,
}

/// <summary>The <c>Diagnosis:Frames</c> configuration section: how frames are fetched from cameras.</summary>
public sealed class FrameSourceOptions
{
    public const string Section = "Diagnosis:Frames";

    /// <summary>The ffmpeg executable: a name looked up on PATH, or a full path. Debian's package is ffmpeg.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Grabs (ffmpeg processes and snapshot requests) running at the same time across all cameras.</summary>
    public int MaxConcurrentGrabs { get; set; } = 8;

    /// <summary>
    /// Time one grab may take, in seconds, on top of the time its frames are spread over ((count - 1) x interval).
    /// A grab that runs out is stopped (ffmpeg and its children are killed) and reported as a timeout.
    /// </summary>
    public double GrabTimeoutSeconds { get; set; } = 10;

    /// <summary>How ffmpeg passes frames over; BMP costs no encoding (see docs/benchmarks.md for the comparison).</summary>
    public FrameFormat Format { get; set; } = FrameFormat.Bmp;

    /// <summary>Largest frame accepted from ffmpeg, in bytes; a 3840x2160 BMP is 24.9 MB.</summary>
    public int MaxFrameBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest snapshot body accepted, in bytes. By estimate a camera snapshot is well below 1 MB and a 4K JPEG a few MB.</summary>
    public int MaxSnapshotBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Last bytes of ffmpeg's error output kept to explain a failure.</summary>
    public int MaxErrorOutputBytes { get; set; } = 16 * 1024;

    internal TimeSpan GrabTimeout => TimeSpan.FromSeconds(Math.Max(0.1, GrabTimeoutSeconds));
}
