using Watchkeeper.Simulator.Assets;
using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The embedded clips keep the properties streaming relies on, also after someone regenerates them.</summary>
public sealed class VideoClipTests
{
    public static TheoryData<PictureFaultKind> Faults => new(Enum.GetValues<PictureFaultKind>());

    [Theory]
    [MemberData(nameof(Faults))]
    public void ForFault_AnyKind_SharesParameterSetsOfNormalClip(PictureFaultKind kind)
    {
        var clip = VideoClip.ForFault(kind);

        clip.SequenceParameterSet.ToArray().ShouldBe(VideoClip.Normal.SequenceParameterSet.ToArray());
        clip.PictureParameterSet.ToArray().ShouldBe(VideoClip.Normal.PictureParameterSet.ToArray());
    }

    [Fact]
    public void Normal_KeyFrames_EveryTenFrames()
    {
        var keyFrames = VideoClip.Normal.Frames.Select((frame, index) => (frame, index)).Where(pair => pair.frame.IsKeyFrame).Select(pair => pair.index);

        keyFrames.ShouldBe([0, 10, 20, 30]);
    }

    [Fact]
    public void Normal_KeyFrame_CarriesParameterSetsFirst()
    {
        var nalTypes = VideoClip.Normal.Frames[10].NalUnits.Select(nal => nal.Span[0] & 0x1F);

        nalTypes.ShouldBe([7, 8, 5]);
    }

    [Fact]
    public void Parse_StreamWithoutIdr_Throws()
    {
        byte[] pFrameOnly = [0, 0, 0, 1, 0x41, 0x9A, 0x02];

        Should.Throw<InvalidOperationException>(() => VideoClip.Parse("broken", pFrameOnly));
    }

    [Fact]
    public void KeyFrameAtOrBefore_MidGroup_ReturnsGroupStart()
    {
        VideoClip.Normal.KeyFrameAtOrBefore(17).ShouldBe(10);
    }
}
