using Watchkeeper.Server.Diagnosis.Frames;

namespace Watchkeeper.Server.Tests.Diagnosis.Frames;

public sealed class FfmpegCommandTests
{
    private static readonly Uri Camera = new("rtsp://127.0.0.1:554/Streaming/Channels/101");

    [Fact]
    public void Display_Credentials_Masked()
    {
        var command = FfmpegCommand.ForRtsp("ffmpeg", Camera, "admin", "p@ss:word", 1, TimeSpan.Zero, FrameFormat.Bmp);

        command.Display.ShouldContain("rtsp://***@127.0.0.1:554/Streaming/Channels/101");
        command.Display.ShouldNotContain("p@ss");
        command.Display.ShouldNotContain("p%40ss");
    }

    [Fact]
    public void Arguments_Credentials_EscapedInUrl()
    {
        var command = FfmpegCommand.ForRtsp("ffmpeg", Camera, "admin", "p@ss:word", 1, TimeSpan.Zero, FrameFormat.Bmp);

        command.Arguments.ShouldContain("rtsp://admin:p%40ss%3Aword@127.0.0.1:554/Streaming/Channels/101");
    }

    [Fact]
    public void Arguments_SeveralFrames_SelectAtInterval()
    {
        var command = FfmpegCommand.ForRtsp("ffmpeg", Camera, null, null, 3, TimeSpan.FromSeconds(1.5), FrameFormat.Bmp);

        command.Arguments.ShouldContain("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,1.5)'");
        command.Arguments.ShouldContain("-rtsp_transport");
        command.Arguments[^1].ShouldBe("pipe:1");
    }

    [Fact]
    public void Mask_PasswordInErrorOutput_Replaced()
    {
        var command = FfmpegCommand.ForRtsp("ffmpeg", Camera, "admin", "Secret-9", 1, TimeSpan.Zero, FrameFormat.Bmp);

        var masked = command.Mask("rtsp://admin:Secret-9@127.0.0.1:554/x: Server returned 401; tried Secret-9");

        masked.ShouldBe("rtsp://***@127.0.0.1:554/x: Server returned 401; tried ***");
    }

    [Fact]
    public void ForRtsp_PasswordInUrl_MaskedToo()
    {
        var command = FfmpegCommand.ForRtsp("ffmpeg", new Uri("rtsp://admin:InUrl-7@127.0.0.1/live"), null, null, 1, TimeSpan.Zero, FrameFormat.Bmp);

        command.Mask("failed with InUrl-7").ShouldBe("failed with ***");
        command.DisplayUrl.ShouldBe("rtsp://127.0.0.1/live");
    }

    [Theory]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\nrtsp://***@h/x: Server returned 401 Unauthorized (authorization failed)", FrameErrors.AuthenticationFailed)]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 404 Stream Not Found\nrtsp://h/x: Server returned 404 Not Found", FrameErrors.StreamNotFound)]
    [InlineData("[tcp @ 0x1] Connection to tcp://h:554?timeout=0 failed: Connection refused", FrameErrors.ConnectionRefused)]
    [InlineData("[rtsp @ 0x1] method SETUP failed: 461 Unsupported transport", FrameErrors.UnsupportedTransport)]
    [InlineData("Stream map '0:v:0' matches no streams.", FrameErrors.NoVideoStream)]
    [InlineData("rtsp://h:80/x: Invalid data found when processing input", FrameErrors.ProtocolError)]
    [InlineData("Connection to tcp://h:554 failed: No route to host", FrameErrors.Unreachable)]
    [InlineData("something nobody expected", FrameErrors.Failed)]
    public void Explain_ErrorOutput_GivesReason(string errorOutput, string code)
    {
        FfmpegOutcome.Explain("rtsp://h/x", errorOutput, 1).Code.ShouldBe(code);
    }
}
