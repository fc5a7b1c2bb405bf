using System.Globalization;
using System.Text.RegularExpressions;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// The ffmpeg 5.1 command line that grabs frames from an RTSP stream over TCP and writes them to standard output,
/// and the masking that keeps the credentials it carries out of logs and messages.
/// </summary>
/// <remarks>
/// ffmpeg takes RTSP credentials only in the URL, so the password is in the process's argument list, which other
/// users of the host can read in /proc. <see cref="Display"/> and <see cref="Mask"/> keep it out of everything
/// Watchkeeper writes.
/// </remarks>
public sealed partial class FfmpegCommand
{
    private readonly string? _password;

    private FfmpegCommand(string executable, IReadOnlyList<string> arguments, string? password, string displayUrl)
    {
        Executable = executable;
        Arguments = arguments;
        _password = password;
        DisplayUrl = displayUrl;
    }

    public string Executable { get; }

    /// <summary>The arguments, credentials included: pass them to the process, never to a log.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The stream URL without user information, for messages.</summary>
    public string DisplayUrl { get; }

    /// <summary>The command line with the credentials masked, for logs.</summary>
    public string Display => Mask(Executable + " " + string.Join(' ', Arguments.Select(Quote)));

    /// <summary>
    /// Builds the command. The options that make a single-frame grab fast (measured in docs/benchmarks.md):
    /// <c>-probesize 32 -analyzeduration 0</c> stop ffmpeg from reading seconds of stream to estimate the frame rate,
    /// and <c>-threads 1</c> stops the decoder holding frames back for its frame threads. ffmpeg 5.1 sizes the output
    /// from the first decoded picture, so a camera whose SDP lacks sprop-parameter-sets works too (checked against the
    /// simulator with them removed). <c>-fflags nobuffer</c> was slower here and is not used.
    /// </summary>
    public static FfmpegCommand ForRtsp(string executable, Uri rtspUrl, string? userName, string? password, int frameCount, TimeSpan interval, FrameFormat format)
    {
        var url = WithCredentials(rtspUrl, userName, password);
        var arguments = new List<string>
        {
            // Verbose output shows how far the grab got (connected, SDP received) when it times out.
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "verbose",
            "-rtsp_transport", "tcp",
            "-probesize", "32", "-analyzeduration", "0",
            "-threads", "1",
            "-i", url,
            "-map", "0:v:0", "-an", "-sn", "-dn",
        };

        if (frameCount > 1)
        {
            // The first frame, then each frame at least one interval after the last one taken. Unlike the fps filter,
            // select passes a frame on as soon as it arrives instead of waiting for the next one.
            var seconds = interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            arguments.AddRange(["-vf", $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{seconds})'", "-fps_mode", "passthrough"]);
        }

        arguments.AddRange(["-frames:v", frameCount.ToString(CultureInfo.InvariantCulture), "-f", "image2pipe"]);
        arguments.AddRange(format == FrameFormat.Jpeg ? ["-c:v", "mjpeg", "-q:v", "2"] : ["-c:v", "bmp"]);
        arguments.Add("pipe:1");

        var secret = string.IsNullOrEmpty(password) ? PasswordOf(rtspUrl) : password;
        return new FfmpegCommand(executable, arguments, secret, DisplayUrlOf(rtspUrl));
    }

    /// <summary>Returns <paramref name="text"/> with user information of URLs and the password itself replaced by ***.</summary>
    public string Mask(string text)
    {
        var masked = UserInformation().Replace(text, "$1***@");
        if (_password is { Length: > 0 } password)
        {
            masked = masked.Replace(password, "***", StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(password);
            if (escaped != password)
            {
                masked = masked.Replace(escaped, "***", StringComparison.Ordinal);
            }
        }

        return masked;
    }

    /// <summary>Returns the URL without user information, e.g. rtsp://127.0.0.1:554/Streaming/Channels/101.</summary>
    public static string DisplayUrlOf(Uri url) =>
        Watchkeeper.Protocols.Common.UrlSecrets.Mask(url.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped));

    private static string WithCredentials(Uri url, string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return url.AbsoluteUri;
        }

        var builder = new UriBuilder(url)
        {
            UserName = Uri.EscapeDataString(userName),
            Password = Uri.EscapeDataString(password ?? ""),
        };
        return builder.Uri.AbsoluteUri;
    }

    private static string? PasswordOf(Uri url)
    {
        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
    }

    private static string Quote(string argument) =>
        argument.Contains(' ', StringComparison.Ordinal) || argument.Contains('\'', StringComparison.Ordinal) ? $"\"{argument}\"" : argument;

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s@'""]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInformation();
}
