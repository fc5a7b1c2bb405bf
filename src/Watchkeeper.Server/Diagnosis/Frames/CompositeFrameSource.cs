using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// The frame source the diagnosis uses: the RTSP stream when the camera has a stream URL, else its snapshot URL.
/// A camera with neither fails with an error that says where to fill one in.
/// </summary>
/// <remarks>
/// A failed RTSP grab does not fall back to the snapshot: the stream is what the recorder and the operators watch,
/// so a broken stream is the fault to report, not something to hide behind a working snapshot.
/// </remarks>
public sealed class CompositeFrameSource(RtspFrameSource rtsp, SnapshotFrameSource snapshot) : IFrameSource
{
    public Task<Result<GrabbedFrames>> GrabAsync(FrameRequest request, CancellationToken cancellationToken)
    {
        if (request.RtspUrl is not null)
        {
            return rtsp.GrabAsync(request, cancellationToken);
        }

        if (request.SnapshotUrl is not null)
        {
            return snapshot.GrabAsync(request, cancellationToken);
        }

        return Task.FromResult(Result<GrabbedFrames>.Failure(FrameErrors.NoUrl(request.DeviceId)));
    }
}
