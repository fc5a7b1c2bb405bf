using Watchkeeper.Core.Results;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>Checks of a <see cref="FrameRequest"/> that every source makes before it connects.</summary>
internal static class FrameRequests
{
    /// <summary>Returns why the request cannot be served from <paramref name="url"/>, or null when it can.</summary>
    public static Error? Check(FrameRequest request, Uri? url, IReadOnlyCollection<string> schemes)
    {
        if (request.FrameCount is < 1 or > FrameSet.MaxFrames)
        {
            return FrameErrors.Invalid($"FrameCount {request.FrameCount} is outside 1..{FrameSet.MaxFrames}");
        }

        if (request.Interval < TimeSpan.Zero || request.Interval > TimeSpan.FromMinutes(1))
        {
            return FrameErrors.Invalid($"Interval {request.Interval} is outside 0..1 min");
        }

        if (url is null)
        {
            return FrameErrors.NoUrl(request.DeviceId);
        }

        if (!url.IsAbsoluteUri || !schemes.Contains(url.Scheme))
        {
            var display = url.IsAbsoluteUri ? FfmpegCommand.DisplayUrlOf(url) : "a relative URL";
            return FrameErrors.Invalid($"{display} is not an absolute {string.Join(" or ", schemes)} URL");
        }

        return null;
    }
}
