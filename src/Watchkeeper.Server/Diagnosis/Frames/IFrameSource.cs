using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>Where and how to fetch frames of one camera for diagnosis.</summary>
/// <param name="DeviceId">The camera or channel in the ledger, for logs and metrics.</param>
/// <param name="RtspUrl">The stream to grab from with ffmpeg; preferred when set.</param>
/// <param name="SnapshotUrl">The HTTP snapshot URL (from the ledger or discovered through ONVIF); used without a stream.</param>
/// <param name="UserName">The device account, or null.</param>
/// <param name="Password">The decrypted password, or null. Never logged.</param>
/// <param name="FrameCount">How many frames to fetch, 1 to 16; several for the frozen-picture and shake checks.</param>
/// <param name="Interval">The wanted time between frames.</param>
public sealed record FrameRequest(
    long DeviceId,
    Uri? RtspUrl,
    Uri? SnapshotUrl,
    string? UserName,
    string? Password,
    int FrameCount,
    TimeSpan Interval)
{
    // The generated ToString would print the password.
    public override string ToString() =>
        $"{nameof(FrameRequest)} {{ DeviceId = {DeviceId}, RtspUrl = {RtspUrl}, SnapshotUrl = {SnapshotUrl}, FrameCount = {FrameCount} }}";
}

/// <summary>Frames fetched from a camera: encoded pictures (JPEG, PNG or BMP) in time order, ready for FrameSet.Decode.</summary>
/// <param name="Images">Each picture with a name for messages, e.g. "rtsp frame 2".</param>
/// <param name="Interval">The actual time between frames.</param>
/// <param name="Source">Where they came from: "rtsp" or "snapshot".</param>
/// <param name="Elapsed">How long the fetch took.</param>
public sealed record GrabbedFrames(
    IReadOnlyList<(string Name, ReadOnlyMemory<byte> Bytes)> Images,
    TimeSpan Interval,
    string Source,
    TimeSpan Elapsed);

/// <summary>
/// Fetches frames from a camera. A camera that cannot deliver a frame gives a failed result whose error says why
/// (timeout, refused, authentication, no video stream, ffmpeg missing) in Chinese and English; that is reported as
/// "no frame", never as a picture fault.
/// </summary>
public interface IFrameSource
{
    Task<Result<GrabbedFrames>> GrabAsync(FrameRequest request, CancellationToken cancellationToken);
}
