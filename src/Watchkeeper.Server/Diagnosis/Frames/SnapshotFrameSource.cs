using System.Net;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;
using Watchkeeper.Protocols.Http;
using Watchkeeper.Protocols.HttpApi;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// Fetches JPEG snapshots from a camera's HTTP snapshot URL with Basic or Digest authentication. The URL is the
/// ledger's, which the ONVIF probe fills in when it discovers one. Several frames are several requests an interval
/// apart, and each body is capped and checked to be a complete JPEG (or PNG) picture.
/// </summary>
public sealed partial class SnapshotFrameSource(
    IOptions<FrameSourceOptions> options,
    FrameGrabGate gate,
    TimeProvider time,
    ILogger<SnapshotFrameSource> logger) : IFrameSource
{
    public const string SourceName = "snapshot";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly FrameSourceOptions _options = options.Value;

    public async Task<Result<GrabbedFrames>> GrabAsync(FrameRequest request, CancellationToken cancellationToken)
    {
        if (FrameRequests.Check(request, request.SnapshotUrl, ["http", "https"]) is { } invalid)
        {
            return invalid;
        }

        var url = request.SnapshotUrl!;
        var display = FfmpegCommand.DisplayUrlOf(url);
        var timeout = _options.GrabTimeout + (request.Interval * (request.FrameCount - 1));
        var credential = string.IsNullOrEmpty(request.UserName) ? null : new NetworkCredential(request.UserName, request.Password ?? "");

        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        using var client = new DeviceHttpClient(credential, timeout, time);
        var started = time.GetTimestamp();
        var images = new List<(string Name, ReadOnlyMemory<byte> Bytes)>(request.FrameCount);
        for (var index = 0; index < request.FrameCount; index++)
        {
            if (index > 0)
            {
                var due = request.Interval * index - time.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
                }
            }

            var picture = await FetchAsync(client, url, display, timeout, cancellationToken).ConfigureAwait(false);
            if (!picture.IsSuccess)
            {
                LogSnapshotFailed(logger, request.DeviceId, display, picture.FirstError.Code);
                return picture.FirstError;
            }

            images.Add(($"{SourceName} {index + 1}", picture.Value));
        }

        var elapsed = time.GetElapsedTime(started);
        LogSnapshotsFetched(logger, request.DeviceId, images.Count, elapsed.TotalMilliseconds);
        return new GrabbedFrames(images, request.FrameCount > 1 ? request.Interval : TimeSpan.Zero, SourceName, elapsed);
    }

    private async Task<Result<ReadOnlyMemory<byte>>> FetchAsync(DeviceHttpClient client, Uri url, string display, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await client.GetAsync(url, _options.MaxSnapshotBytes, authenticate: client.HasCredential, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Explain(result.Failure, display, timeout);
        }

        var response = result.Response;
        if (response.Status == HttpStatusCode.Unauthorized)
        {
            return FrameErrors.Authentication(display);
        }

        if (response.Status == HttpStatusCode.NotFound)
        {
            return FrameErrors.NotFound(display, response.StatusText);
        }

        if (!response.IsSuccess)
        {
            return FrameErrors.Status(display, response.StatusText);
        }

        if (response.Body.AsSpan().StartsWith(PngSignature))
        {
            return (ReadOnlyMemory<byte>)response.Body;
        }

        var jpeg = JpegInspector.Inspect(response.Body);
        if (!jpeg.IsValid)
        {
            var type = response.MediaType is null ? "" : $"{response.MediaType}, ";
            return FrameErrors.NotImage(display, $"{type}{response.Body.Length} bytes: {jpeg.Problem}");
        }

        return (ReadOnlyMemory<byte>)response.Body;
    }

    private Error Explain(ProbeFailure failure, string display, TimeSpan timeout) => failure.Reason switch
    {
        ProbeReason.Timeout => FrameErrors.TimedOut(display, timeout, FrameStages.Snapshot),
        ProbeReason.ConnectionRefused => FrameErrors.Refused(display),
        ProbeReason.HostUnreachable or ProbeReason.NameResolutionFailed => FrameErrors.NotReachable(display, failure.Detail),
        ProbeReason.ResponseTooLarge => FrameErrors.Oversized(display, _options.MaxSnapshotBytes, nameof(FrameSourceOptions.MaxSnapshotBytes)),
        ProbeReason.ProtocolError or ProbeReason.ConnectionReset or ProbeReason.TlsFailed => FrameErrors.Protocol(display, failure.Detail),
        _ => FrameErrors.Other(display, failure.Detail),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched {Count} snapshots of device {DeviceId} in {ElapsedMs:0} ms")]
    private static partial void LogSnapshotsFetched(ILogger logger, long deviceId, int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "No snapshot from device {DeviceId} at {Url}: {ErrorCode}")]
    private static partial void LogSnapshotFailed(ILogger logger, long deviceId, string url, string errorCode);
}
