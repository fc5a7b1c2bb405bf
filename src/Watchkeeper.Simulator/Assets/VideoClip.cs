using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Assets;

/// <summary>One coded picture (access unit): its NAL units in decoding order, without start codes.</summary>
internal sealed record AccessUnit(IReadOnlyList<ReadOnlyMemory<byte>> NalUnits, bool IsKeyFrame)
{
    public int Size { get; } = NalUnits.Sum(nal => nal.Length);
}

/// <summary>
/// A short H.264 clip that a simulated camera streams in a loop: 640x360 Constrained Baseline at 10 frames/s, with an
/// IDR picture and SPS and PPS in front every 10 frames. A client that joins waits at most 1 s for a picture it can
/// decode. Every clip shares one SPS and PPS, so a stream can switch clips at a key frame.
/// </summary>
internal sealed class VideoClip
{
    public const int FramesPerSecond = 10;

    /// <summary>RTP clock ticks per frame: H.264 over RTP uses a 90 kHz clock (RFC 6184 §5.1).</summary>
    public const uint TicksPerFrame = 90_000 / FramesPerSecond;

    private const int NalTypeIdr = 5;
    private const int NalTypeSps = 7;
    private const int NalTypePps = 8;

    private static readonly Lazy<VideoClip> NormalClip = new(() => Parse("normal", EmbeddedAssets.Load("video-normal.h264")));

    private static readonly Lazy<IReadOnlyDictionary<PictureFaultKind, VideoClip>> FaultClips = new(() =>
        Enum.GetValues<PictureFaultKind>().ToDictionary(
            kind => kind,
            kind => Parse(kind.ToString(), EmbeddedAssets.Load($"video-{EmbeddedAssets.FileStem(kind)}.h264"))));

    private VideoClip(string name, IReadOnlyList<AccessUnit> frames, ReadOnlyMemory<byte> sequenceParameterSet, ReadOnlyMemory<byte> pictureParameterSet)
    {
        Name = name;
        Frames = frames;
        SequenceParameterSet = sequenceParameterSet;
        PictureParameterSet = pictureParameterSet;
        MaxFrameSize = frames.Max(frame => frame.Size);
    }

    public static VideoClip Normal => NormalClip.Value;

    public string Name { get; }

    public IReadOnlyList<AccessUnit> Frames { get; }

    public ReadOnlyMemory<byte> SequenceParameterSet { get; }

    public ReadOnlyMemory<byte> PictureParameterSet { get; }

    public int MaxFrameSize { get; }

    /// <summary>The fmtp value sprop-parameter-sets (RFC 6184 §8.1): SPS and PPS in base64, comma separated.</summary>
    public string SpropParameterSets =>
        Convert.ToBase64String(SequenceParameterSet.Span) + "," + Convert.ToBase64String(PictureParameterSet.Span);

    /// <summary>The fmtp value profile-level-id: the three bytes after the SPS's NAL header, in hex.</summary>
    public string ProfileLevelId => Convert.ToHexString(SequenceParameterSet.Span.Slice(1, 3));

    public static VideoClip ForFault(PictureFaultKind fault) => FaultClips.Value[fault];

    /// <summary>Returns the index of the key frame at or before <paramref name="frame"/>.</summary>
    public int KeyFrameAtOrBefore(int frame)
    {
        for (var index = frame; index > 0; index--)
        {
            if (Frames[index].IsKeyFrame)
            {
                return index;
            }
        }

        return 0;
    }

    /// <summary>
    /// Splits an Annex B byte stream (ITU-T H.264 annex B: NAL units behind 00 00 01 or 00 00 00 01) into access
    /// units. The clips have one slice per picture, so each slice NAL unit ends an access unit and the parameter sets
    /// before it belong to it.
    /// </summary>
    public static VideoClip Parse(string name, ReadOnlyMemory<byte> annexB)
    {
        var frames = new List<AccessUnit>();
        var pending = new List<ReadOnlyMemory<byte>>();
        ReadOnlyMemory<byte> sps = default;
        ReadOnlyMemory<byte> pps = default;
        var keyFrame = false;
        foreach (var nal in SplitNalUnits(annexB))
        {
            var type = nal.Span[0] & 0x1F;
            pending.Add(nal);
            if (type == NalTypeSps && sps.IsEmpty)
            {
                sps = nal;
            }
            else if (type == NalTypePps && pps.IsEmpty)
            {
                pps = nal;
            }

            keyFrame |= type == NalTypeIdr;
            if (type is >= 1 and <= 5)
            {
                frames.Add(new AccessUnit(pending, keyFrame));
                pending = [];
                keyFrame = false;
            }
        }

        if (frames.Count == 0 || !frames[0].IsKeyFrame || sps.IsEmpty || pps.IsEmpty)
        {
            throw new InvalidOperationException($"The clip '{name}' must start with SPS, PPS and an IDR picture; see Assets/make-video-assets.sh.");
        }

        return new VideoClip(name, frames, sps, pps);
    }

    private static List<ReadOnlyMemory<byte>> SplitNalUnits(ReadOnlyMemory<byte> annexB)
    {
        var span = annexB.Span;
        var starts = new List<int>();
        for (var i = 0; i + 2 < span.Length; i++)
        {
            if (span[i] == 0 && span[i + 1] == 0 && span[i + 2] == 1)
            {
                starts.Add(i + 3);
                i += 2;
            }
        }

        var units = new List<ReadOnlyMemory<byte>>(starts.Count);
        for (var n = 0; n < starts.Count; n++)
        {
            var end = n + 1 < starts.Count ? starts[n + 1] - 3 : span.Length;

            // Trailing zeros belong to the next start code (00 00 00 01) or are trailing_zero_8bits.
            while (end > starts[n] && span[end - 1] == 0)
            {
                end--;
            }

            if (end > starts[n])
            {
                units.Add(annexB[starts[n]..end]);
            }
        }

        return units;
    }
}
