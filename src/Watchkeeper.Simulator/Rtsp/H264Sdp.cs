using System.Text;
using Watchkeeper.Simulator.Assets;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>
/// The session description (RFC 4566) a simulated camera returns to DESCRIBE: one H.264 video track in the form of
/// RFC 6184 §8.2.1, as IP cameras describe their streams. The parameter sets are those of the clips the camera
/// streams (Assets/video-*.h264), so that a client decoding them learns the picture size it gets.
/// </summary>
internal static class H264Sdp
{
    public const int Width = 640;

    public const int Height = 360;

    public const int PayloadType = RtpPacketizer.PayloadType;

    public const string TrackControl = "trackID=1";

    public static string Build(long sessionId, string address, string sessionName)
    {
        var sdp = new StringBuilder(512);
        Line(sdp, "v=0");
        Line(sdp, $"o=- {sessionId} 1 IN IP4 {address}");
        Line(sdp, $"s={sessionName}");
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "t=0 0");
        Line(sdp, "a=control:*");
        Line(sdp, "a=range:npt=now-");
        Line(sdp, $"a=framerate:{VideoClip.FramesPerSecond}");
        Line(sdp, $"m=video 0 RTP/AVP {PayloadType}");
        Line(sdp, $"a=rtpmap:{PayloadType} H264/90000");
        var clip = VideoClip.Normal;
        Line(sdp, $"a=fmtp:{PayloadType} packetization-mode=1;profile-level-id={clip.ProfileLevelId};sprop-parameter-sets={clip.SpropParameterSets}");
        Line(sdp, $"a=x-dimensions:{Width},{Height}");
        Line(sdp, $"a=control:{TrackControl}");
        return sdp.ToString();
    }

    // RFC 4566 §5: lines end in CRLF.
    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
