using System.Buffers.Binary;
using Watchkeeper.Simulator.Assets;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>
/// Packs an H.264 access unit into RTP packets (RFC 3550 §5.1) in packetization mode 1 (RFC 6184 §6.3): a NAL unit
/// that fits goes alone in a packet (§5.6), a larger one is cut into FU-A fragments (§5.8). Each packet is framed
/// for interleaving in the RTSP connection: '$', channel, 16-bit length (RFC 2326 §10.12).
/// </summary>
internal static class RtpPacketizer
{
    /// <summary>Largest RTP payload, so that a packet would also fit an Ethernet frame over UDP, as cameras send it.</summary>
    public const int MaxPayload = 1400;

    public const int PayloadType = 96;

    private const int InterleavedHeader = 4;
    private const int RtpHeader = 12;
    private const int FuHeaders = 2;
    private const int FuA = 28;

    /// <summary>Returns the bytes <see cref="Write"/> needs at most for <paramref name="frame"/>.</summary>
    public static int MaxSize(AccessUnit frame)
    {
        var size = 0;
        foreach (var nal in frame.NalUnits)
        {
            var packets = nal.Length <= MaxPayload ? 1 : ((nal.Length - 1) / (MaxPayload - FuHeaders)) + 1;
            size += nal.Length + (packets * (InterleavedHeader + RtpHeader + FuHeaders));
        }

        return size;
    }

    /// <summary>
    /// Writes the packets of <paramref name="frame"/> into <paramref name="buffer"/>, numbering them from
    /// <paramref name="sequence"/> on, and returns the bytes written. The marker bit is set on the access unit's last
    /// packet (RFC 6184 §5.1).
    /// </summary>
    public static int Write(AccessUnit frame, Span<byte> buffer, byte channel, ref ushort sequence, uint timestamp, uint ssrc)
    {
        var written = 0;
        for (var n = 0; n < frame.NalUnits.Count; n++)
        {
            var nal = frame.NalUnits[n].Span;
            var lastNal = n == frame.NalUnits.Count - 1;
            if (nal.Length <= MaxPayload)
            {
                written += WritePacket(buffer[written..], channel, sequence++, timestamp, ssrc, lastNal, [], nal);
                continue;
            }

            // FU indicator: F and NRI of the NAL unit, type 28; FU header: start, end, the NAL unit's type.
            var indicator = (byte)((nal[0] & 0xE0) | FuA);
            var type = (byte)(nal[0] & 0x1F);
            var rest = nal[1..];
            var first = true;
            while (!rest.IsEmpty)
            {
                var size = Math.Min(rest.Length, MaxPayload - FuHeaders);
                var last = size == rest.Length;
                var header = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
                ReadOnlySpan<byte> prefix = [indicator, header];
                written += WritePacket(buffer[written..], channel, sequence++, timestamp, ssrc, lastNal && last, prefix, rest[..size]);
                rest = rest[size..];
                first = false;
            }
        }

        return written;
    }

    private static int WritePacket(Span<byte> buffer, byte channel, ushort sequence, uint timestamp, uint ssrc, bool marker, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        var length = RtpHeader + prefix.Length + payload.Length;
        buffer[0] = (byte)'$';
        buffer[1] = channel;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)length);

        var rtp = buffer[InterleavedHeader..];
        rtp[0] = 0x80;
        rtp[1] = (byte)((marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(rtp[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp[8..], ssrc);
        prefix.CopyTo(rtp[RtpHeader..]);
        payload.CopyTo(rtp[(RtpHeader + prefix.Length)..]);
        return InterleavedHeader + length;
    }
}
