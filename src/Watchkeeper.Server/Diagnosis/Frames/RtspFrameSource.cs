using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// Grabs frames from a camera's RTSP stream with the ffmpeg command line (RTP over TCP), one ffmpeg process per
/// grab, at most <see cref="FrameSourceOptions.MaxConcurrentGrabs"/> at once with the snapshot source. A grab that
/// outlives its timeout is killed with its child processes.
/// </summary>
public sealed partial class RtspFrameSource(
    IOptions<FrameSourceOptions> options,
    FrameGrabGate gate,
    TimeProvider time,
    ILogger<RtspFrameSource> logger) : IFrameSource
{
    public const string SourceName = "rtsp";

    /// <summary>How long a killed ffmpeg may take to be reaped before the grab returns anyway.</summary>
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);

    private readonly FrameSourceOptions _options = options.Value;

    public async Task<Result<GrabbedFrames>> GrabAsync(FrameRequest request, CancellationToken cancellationToken)
    {
        if (FrameRequests.Check(request, request.RtspUrl, ["rtsp", "rtsps"]) is { } invalid)
        {
            return invalid;
        }

        var command = FfmpegCommand.ForRtsp(
            _options.FfmpegPath, request.RtspUrl!, request.UserName, request.Password, request.FrameCount, request.Interval, _options.Format);
        var timeout = _options.GrabTimeout + (request.Interval * (request.FrameCount - 1));

        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        LogGrabStarting(logger, request.DeviceId, command.Display);

        var result = await RunAsync(command, request, timeout, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        if (!result.IsSuccess)
        {
            LogGrabFailed(logger, request.DeviceId, command.DisplayUrl, result.FirstError.Code, elapsed.TotalMilliseconds);
            return result.FirstError;
        }

        var images = result.Value.Select((bytes, index) => ($"{SourceName} frame {index + 1}", (ReadOnlyMemory<byte>)bytes)).ToList();
        LogGrabbed(logger, request.DeviceId, images.Count, elapsed.TotalMilliseconds);
        return new GrabbedFrames(images, request.FrameCount > 1 ? request.Interval : TimeSpan.Zero, SourceName, elapsed);
    }

    private async Task<Result<IReadOnlyList<byte[]>>> RunAsync(FfmpegCommand command, FrameRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null for ffmpeg");
        }
        catch (Win32Exception)
        {
            LogFfmpegMissing(logger, command.Executable);
            return FrameErrors.Missing(command.Executable);
        }

        using (process)
        {
            process.StandardInput.Close();
            var splitter = new FrameStreamSplitter(_options.Format, _options.MaxFrameBytes);
            var errorOutput = new BoundedText(_options.MaxErrorOutputBytes);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);

            var reading = ReadFramesAsync(process, splitter, request.FrameCount, deadline.Token);
            var errors = ReadErrorsAsync(process, errorOutput);
            try
            {
                await reading.ConfigureAwait(false);
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await KillAsync(process, request.DeviceId).ConfigureAwait(false);
                await errors.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (splitter.Frames.Count >= request.FrameCount)
                {
                    // The frames arrived and only the exit hung.
                    return Result<IReadOnlyList<byte[]>>.Success(splitter.Frames.Take(request.FrameCount).ToList());
                }

                var stage = FfmpegOutcome.Stage(errorOutput.Text);
                LogGrabTimedOut(logger, request.DeviceId, command.DisplayUrl, timeout.TotalSeconds, command.Mask(FfmpegOutcome.LastLine(errorOutput.Text)));
                return FrameErrors.TimedOut(command.DisplayUrl, timeout, stage);
            }

            await errors.ConfigureAwait(false);
            return Conclude(command, splitter, errorOutput, request.FrameCount, process.ExitCode);
        }
    }

    private Result<IReadOnlyList<byte[]>> Conclude(FfmpegCommand command, FrameStreamSplitter splitter, BoundedText errorOutput, int frameCount, int exitCode)
    {
        if (splitter.TooLarge)
        {
            return FrameErrors.Oversized(command.DisplayUrl, _options.MaxFrameBytes, nameof(FrameSourceOptions.MaxFrameBytes));
        }

        if (splitter.Problem is { } problem)
        {
            return FrameErrors.Other(command.DisplayUrl, problem);
        }

        if (splitter.Frames.Count >= frameCount)
        {
            return Result<IReadOnlyList<byte[]>>.Success(splitter.Frames.Take(frameCount).ToList());
        }

        var masked = command.Mask(errorOutput.Text);
        if (exitCode == 0)
        {
            return FrameErrors.Other(command.DisplayUrl, $"the stream ended after {splitter.Frames.Count} of {frameCount} frames");
        }

        return FfmpegOutcome.Explain(command.DisplayUrl, masked, exitCode);
    }

    /// <summary>Reads standard output into frames until ffmpeg closes it, the frames are complete or a frame is refused.</summary>
    private static async Task ReadFramesAsync(Process process, FrameStreamSplitter splitter, int frameCount, CancellationToken cancellationToken)
    {
        var stream = process.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        while (splitter.Frames.Count < frameCount && splitter.Problem is null)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            splitter.Append(buffer.AsSpan(0, read));
        }

        if (splitter.Problem is not null && !process.HasExited)
        {
            // Stop a process whose output is refused instead of reading it to the end.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    private static async Task ReadErrorsAsync(Process process, BoundedText errorOutput)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await process.StandardError.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            errorOutput.Append(buffer.AsSpan(0, read));
        }
    }

    private async Task KillAsync(Process process, long deviceId)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return;
        }

        using var reap = new CancellationTokenSource(ReapTimeout);
        try
        {
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogKillSlow(logger, deviceId, process.Id, ReapTimeout.TotalSeconds);
        }
    }

    /// <summary>The last characters of a text, so that a chatty ffmpeg cannot grow memory without bound.</summary>
    private sealed class BoundedText(int maxCharacters)
    {
        private readonly StringBuilder _text = new();

        public string Text => _text.ToString();

        public void Append(ReadOnlySpan<char> chunk)
        {
            _text.Append(chunk);
            if (_text.Length > maxCharacters)
            {
                _text.Remove(0, _text.Length - maxCharacters);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grabbing frames of device {DeviceId}: {Command}")]
    private static partial void LogGrabStarting(ILogger logger, long deviceId, string command);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grabbed {Count} frames of device {DeviceId} in {ElapsedMs:0} ms")]
    private static partial void LogGrabbed(ILogger logger, long deviceId, int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "No frame from device {DeviceId} at {Url}: {ErrorCode} after {ElapsedMs:0} ms")]
    private static partial void LogGrabFailed(ILogger logger, long deviceId, string url, string errorCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grab of device {DeviceId} at {Url} timed out after {TimeoutSeconds} s; ffmpeg killed. Its last output: {LastLine}")]
    private static partial void LogGrabTimedOut(ILogger logger, long deviceId, string url, double timeoutSeconds, string lastLine);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg was not found at {Path}; install the Debian package ffmpeg or set Diagnosis:Frames:FfmpegPath")]
    private static partial void LogFfmpegMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg process {ProcessId} of device {DeviceId} still runs {Seconds} s after it was killed")]
    private static partial void LogKillSlow(ILogger logger, long deviceId, int processId, double seconds);
}
