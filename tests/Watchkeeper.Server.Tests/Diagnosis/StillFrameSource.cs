using System.Collections.Concurrent;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Diagnosis.Frames;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>What a test camera shows.</summary>
internal enum StillPicture
{
    Clean,
    Dark,

    /// <summary>The camera delivers no frame, as a stream that times out.</summary>
    NoFrame,
}

/// <summary>
/// Stands in for the ffmpeg and snapshot grabber, which needs a camera: it serves consecutive real JPEG frames of a live
/// scene from disk (<see cref="StreetFrames"/>) per camera, or fails the way an unreachable stream does. A request for more
/// frames than there are gets them again in order, so consecutive frames still differ.
/// </summary>
internal sealed class StillFrameSource : IFrameSource
{
    private readonly ConcurrentDictionary<long, StillPicture> _pictures = new();

    public void Show(long deviceId, StillPicture picture) => _pictures[deviceId] = picture;

    public Task<Result<GrabbedFrames>> GrabAsync(FrameRequest request, CancellationToken cancellationToken)
    {
        var picture = _pictures.GetValueOrDefault(request.DeviceId, StillPicture.Clean);
        if (picture == StillPicture.NoFrame)
        {
            return Task.FromResult<Result<GrabbedFrames>>(Error.Validation("frames.timeout", "取帧超时 / grabbing timed out after 10 s"));
        }

        var frames = picture == StillPicture.Dark ? StreetFrames.DarkLive : StreetFrames.Live;
        var images = Enumerable.Range(0, request.FrameCount)
            .Select(i => ($"test frame {i + 1}", (ReadOnlyMemory<byte>)frames[i % frames.Count]))
            .ToList();
        return Task.FromResult<Result<GrabbedFrames>>(new GrabbedFrames(images, request.Interval, request.RtspUrl is null ? "snapshot" : "rtsp", TimeSpan.FromMilliseconds(5)));
    }
}
