using System.Text;
using Watchkeeper.Protocols.Common;
using Watchkeeper.Protocols.Rtsp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Rtsp;

public sealed class RtspResponseTests
{
    private static Task<RtspResponse> ReadAsync(string text, RtspLimits? limits = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var effective = limits ?? RtspLimits.Default;
        var reader = new BoundedLineReader(new MemoryStream(bytes), effective.MaxLineBytes, effective.MaxMessageBytes);
        return RtspResponse.ReadAsync(reader, effective, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Read_ReolinkOptionsCapture_ReadsCSeqPublicAndDate()
    {
        var response = await ReadAsync(Fixtures.ReadCapture("rtsp_reolink_options_200.txt"));

        response.StatusCode.ShouldBe(200);
        response.ReasonPhrase.ShouldBe("OK");
        response.CSeq.ShouldBe(2);
        response.Headers.Get("Public")!.Split(',', StringSplitOptions.TrimEntries).ShouldContain("GET_PARAMETER");
        response.Headers.Get("Date").ShouldBe("Thu, Jun 06 2019 15:49:47 GMT");
        response.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_ReolinkDescribe401Capture_ReadsRfc2069DigestChallenge()
    {
        var response = await ReadAsync(Fixtures.ReadCapture("rtsp_reolink_describe_401_digest.txt"));

        response.StatusCode.ShouldBe(401);
        response.CSeq.ShouldBe(3);
        var challenge = AuthenticationChallenge.ParseAll(response.Headers.GetAll("www-authenticate")).Single();
        challenge.IsDigest.ShouldBeTrue();
        challenge.Realm.ShouldBe("LIVE555 Streaming Media");
        challenge.Nonce.ShouldBe("yyy");
        challenge.QopOptions.ShouldBeEmpty();
        challenge.Algorithm.ShouldBeNull();
    }

    [Fact]
    public async Task Read_LowercaseHeaderNames_FindsThemCaseInsensitively()
    {
        var response = await ReadAsync("RTSP/1.0 200 OK\r\ncseq: 4\r\ncontent-length: 3\r\ncontent-type: application/sdp\r\n\r\nv=0");

        response.CSeq.ShouldBe(4);
        response.Headers.Get("Content-Type").ShouldBe("application/sdp");
        response.BodyText().ShouldBe("v=0");
    }

    [Fact]
    public async Task Read_FoldedHeader_JoinsContinuation()
    {
        var response = await ReadAsync("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"cam\",\r\n  nonce=\"n\"\r\n\r\n");

        AuthenticationChallenge.Parse(response.Headers.Get("WWW-Authenticate")!)!.Nonce.ShouldBe("n");
    }

    [Fact]
    public async Task Read_StatusWithoutReason_Accepted()
    {
        var response = await ReadAsync("RTSP/1.0 200\r\nCSeq: 1\r\n\r\n");

        response.StatusCode.ShouldBe(200);
        response.StatusText.ShouldBe("200");
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("\u0001\u0002\u0003garbage\r\n\r\n")]
    [InlineData("RTSP/1.0 OK\r\n\r\n")]
    public async Task Read_NotRtsp_ThrowsWireFormat(string text)
    {
        var exception = await Should.ThrowAsync<WireFormatException>(() => ReadAsync(text));

        exception.Message.ShouldContain("not RTSP");
    }

    [Fact]
    public async Task Read_ControlCharactersInGarbage_AreEscapedInMessage()
    {
        var exception = await Should.ThrowAsync<WireFormatException>(() => ReadAsync("\u001b[31mred\r\n"));

        exception.Message.ShouldNotContain("\u001b");
        exception.Message.ShouldContain("\\x1b");
    }

    [Fact]
    public async Task Read_TruncatedBody_ThrowsEndOfStream()
    {
        await Should.ThrowAsync<EndOfStreamException>(() => ReadAsync("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 100\r\n\r\nv=0\r\n"));
    }

    [Fact]
    public async Task Read_HeadersCutOff_ThrowsEndOfStream()
    {
        await Should.ThrowAsync<EndOfStreamException>(() => ReadAsync("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Len"));
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("70000")]
    public async Task Read_ContentLengthOverLimit_ThrowsTooLarge(string length)
    {
        await Should.ThrowAsync<MessageTooLargeException>(() => ReadAsync($"RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: {length}\r\n\r\n"));
    }

    [Fact]
    public async Task Read_NegativeContentLength_ThrowsWireFormat()
    {
        await Should.ThrowAsync<WireFormatException>(() => ReadAsync("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: -5\r\n\r\n"));
    }

    [Fact]
    public async Task Read_TooManyHeaderFields_ThrowsTooLarge()
    {
        var headers = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-{i}: v\r\n"));

        await Should.ThrowAsync<MessageTooLargeException>(() => ReadAsync($"RTSP/1.0 200 OK\r\nCSeq: 1\r\n{headers}\r\n"));
    }
}
