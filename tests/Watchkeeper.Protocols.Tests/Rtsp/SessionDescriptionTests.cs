using Watchkeeper.Protocols.Rtsp;

namespace Watchkeeper.Protocols.Tests.Rtsp;

public sealed class SessionDescriptionTests
{
    // The SDP that GStreamer's RTSP server 1.22 returned for the H.264 test camera of the peer tests.
    private const string GStreamerSdp =
        "v=0\r\n" +
        "o=- 9315546256112715788 1 IN IP4 127.0.0.1\r\n" +
        "s=Session streamed with GStreamer\r\n" +
        "i=rtsp-server\r\n" +
        "t=0 0\r\n" +
        "a=tool:GStreamer\r\n" +
        "a=type:broadcast\r\n" +
        "a=control:*\r\n" +
        "a=range:npt=now-\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:2097\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=framerate:15\r\n" +
        "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAFtoCgL/lwFqDAwNSgAAAAwCAAAAPR4sXUA==,aM48gA==;profile-level-id=42c016\r\n" +
        "a=control:stream=0\r\n";

    [Fact]
    public void Parse_GStreamerDescription_HasNoWarnings()
    {
        var description = SessionDescription.Parse(GStreamerSdp);

        description.Warnings.ShouldBeEmpty();
        description.Version.ShouldBe("0");
        description.SessionName.ShouldBe("Session streamed with GStreamer");
    }

    [Fact]
    public void Parse_GStreamerDescription_ReadsVideoMedia()
    {
        var video = SessionDescription.Parse(GStreamerSdp).FirstOf("video");

        video.ShouldNotBeNull();
        video.Encoding.ShouldBe("H264");
        video.ClockRate.ShouldBe(90000);
        video.Control.ShouldBe("stream=0");
        video.Formats.ShouldBe(["96"]);
    }

    [Fact]
    public void Parse_StaticPayloadType_KnowsEncodingWithoutRtpmap()
    {
        var audio = SessionDescription.Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 0 RTP/AVP 8\n").FirstOf("audio");

        audio!.Encoding.ShouldBe("PCMA");
        audio.ClockRate.ShouldBe(8000);
    }

    [Fact]
    public void Parse_WithoutVersionOriginAndName_WarnsForEach()
    {
        var description = SessionDescription.Parse("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n");

        description.Warnings.ShouldContain(w => w.Contains("v="));
        description.Warnings.ShouldContain(w => w.Contains("o="));
        description.Warnings.ShouldContain(w => w.Contains("s="));
        description.FirstOf("video")!.Encoding.ShouldBe("H265");
    }

    [Fact]
    public void Parse_NoMedia_Warns()
    {
        var description = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n");

        description.Warnings.ShouldHaveSingleItem().ShouldContain("m=");
    }

    [Fact]
    public void Parse_GarbageLines_WarnsAndKeepsGoodLines()
    {
        var description = SessionDescription.Parse("v=0\r\n<html>\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=video 0 RTP/AVP 26\r\n");

        description.Warnings.ShouldHaveSingleItem().ShouldContain("line 2");
        description.FirstOf("video")!.Encoding.ShouldBe("JPEG");
    }

    [Fact]
    public void Parse_ShortMediaLine_WarnsWithoutThrowing()
    {
        var description = SessionDescription.Parse("v=0\r\no=-\r\ns=-\r\nm=video\r\n");

        description.Warnings.ShouldHaveSingleItem().ShouldContain("m= line 4");
        description.FirstOf("video")!.Encoding.ShouldBeNull();
    }

    [Fact]
    public void Parse_ManyBadLines_CapsWarnings()
    {
        var description = SessionDescription.Parse(string.Concat(Enumerable.Repeat("bad line\n", 1000)));

        description.Warnings.Count.ShouldBeLessThanOrEqualTo(8);
    }

    [Fact]
    public void Parse_Empty_WarnsWithoutThrowing()
    {
        SessionDescription.Parse("").Warnings.ShouldNotBeEmpty();
    }
}
