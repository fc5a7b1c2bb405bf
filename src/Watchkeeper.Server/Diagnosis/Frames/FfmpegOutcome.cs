using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>Reads why ffmpeg 5.1 failed from the last lines of its error output.</summary>
internal static class FfmpegOutcome
{
    /// <summary>Returns the error for a run that ended without the frames, from its (already masked) error output.</summary>
    public static Error Explain(string displayUrl, string errorOutput, int exitCode)
    {
        bool Has(string text) => errorOutput.Contains(text, StringComparison.OrdinalIgnoreCase);

        if (Has("401 Unauthorized") || Has("authorization failed"))
        {
            return FrameErrors.Authentication(displayUrl);
        }

        if (Has("404") && (Has("Not Found") || Has("method DESCRIBE failed")))
        {
            return FrameErrors.NotFound(displayUrl, StatusLine(errorOutput, "404") ?? "404 Not Found");
        }

        if (Has("461") || Has("Unsupported transport"))
        {
            return FrameErrors.Transport(displayUrl);
        }

        if (Has("Connection refused"))
        {
            return FrameErrors.Refused(displayUrl);
        }

        if (Has("No route to host") || Has("Network is unreachable") || Has("Connection timed out") || Has("Host is unreachable"))
        {
            return FrameErrors.NotReachable(displayUrl, LastLine(errorOutput));
        }

        if (Has("matches no streams") || Has("does not contain any stream"))
        {
            return FrameErrors.NoVideo(displayUrl);
        }

        if (Has("Invalid data found when processing input") || Has("Server returned 4") || Has("Server returned 5"))
        {
            return FrameErrors.Protocol(displayUrl, LastLine(errorOutput));
        }

        var detail = LastLine(errorOutput);
        return FrameErrors.Other(displayUrl, detail.Length > 0 ? $"ffmpeg exit {exitCode}: {detail}" : $"ffmpeg exit {exitCode} without a message");
    }

    /// <summary>Returns the last non-empty line, which is where ffmpeg puts the error that ended it.</summary>
    public static string LastLine(string errorOutput)
    {
        var lines = errorOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    /// <summary>Returns how far a run got from its verbose output: the SDP arrived, the TCP connection opened, or neither.</summary>
    public static string Stage(string errorOutput)
    {
        if (errorOutput.Contains("SDP:", StringComparison.Ordinal))
        {
            return FrameStages.Streaming;
        }

        return errorOutput.Contains("Successfully connected", StringComparison.Ordinal) ? FrameStages.Negotiating : FrameStages.Connecting;
    }

    private static string? StatusLine(string errorOutput, string status)
    {
        foreach (var line in errorOutput.Split('\n'))
        {
            var at = line.IndexOf("failed: " + status, StringComparison.Ordinal);
            if (at >= 0)
            {
                return line[(at + "failed: ".Length)..].Trim();
            }
        }

        return null;
    }
}
