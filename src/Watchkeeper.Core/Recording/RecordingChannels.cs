using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Recording;

/// <summary>Which ledger devices are recording channels, whose recordings the daily check fetches.</summary>
public static class RecordingChannels
{
    /// <summary>The most channels a recorder has; ISAPI track IDs are the channel number times 100 plus the stream.</summary>
    public const int MaxRecorderChannel = 512;

    /// <summary>
    /// Returns whether a device is a camera point that a recorder records. That is a channel or camera under a parent
    /// with its recorder channel number in the ledger (Hikvision ISAPI), or one with a GB/T 28181 video ID (type code
    /// 131 or 132) under a parent.
    /// </summary>
    /// <remarks>
    /// NOTE: the parent's kind is not checked, so a GB/T 28181 camera under a switch counts too. Its daily check
    /// fails with "no registered device lists it" until a registered device reports it in a catalog.
    /// </remarks>
    public static bool IsRecordingChannel(DeviceKind kind, int? recorderChannel, string? gbId, long? parentId)
    {
        if (kind is not (DeviceKind.Camera or DeviceKind.Channel))
        {
            return false;
        }

        if (recorderChannel is > 0 and <= MaxRecorderChannel && parentId is not null)
        {
            return true;
        }

        return parentId is not null && gbId is not null && GbId.IsTwentyDigits(gbId) && GbId.TypeCode(gbId) is 131 or 132;
    }

    /// <summary>Returns the ISAPI track of a channel's main stream recordings: channel 3 is track 301.</summary>
    public static int IsapiTrack(int recorderChannel) => recorderChannel * 100 + 1;
}
