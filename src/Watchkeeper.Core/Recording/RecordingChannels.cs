using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Recording;

/// <summary>Which ledger devices are recording channels, whose recordings the daily check fetches.</summary>
public static class RecordingChannels
{
    /// <summary>The most channels a recorder has; ISAPI track IDs are the channel number times 100 plus the stream.</summary>
    public const int MaxRecorderChannel = 512;

    /// <summary>
    /// Returns whether a device is a camera point that a recorder records: a channel or camera with its recorder
    /// channel number in the ledger (Hikvision ISAPI), or a GB/T 28181 video channel (type code 131 or 132) under a
    /// registering recorder or encoder.
    /// </summary>
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
