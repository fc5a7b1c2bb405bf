using System.IO.Pipelines;
using System.Text;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Tests.Common;

public sealed class BoundedLineReaderTests
{
    private static BoundedLineReader ReaderOver(string text, int maxLine = 1024, int maxMessage = 4096, int bufferSize = 16) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLine, maxMessage, bufferSize);

    private static async Task<List<string>> ReadAllLinesAsync(BoundedLineReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task ReadLine_MixedTerminators_SplitsOnEach()
    {
        var reader = ReaderOver("crlf\r\nlf\ncr\rlast\r\n");

        var lines = await ReadAllLinesAsync(reader);

        lines.ShouldBe(["crlf", "lf", "cr", "last"]);
    }

    [Fact]
    public async Task ReadLine_LineLongerThanBuffer_JoinsChunks()
    {
        var longLine = new string('x', 100);
        var reader = ReaderOver(longLine + "\r\nnext\r\n", bufferSize: 16);

        var lines = await ReadAllLinesAsync(reader);

        lines.ShouldBe([longLine, "next"]);
    }

    [Fact]
    public async Task ReadLine_CrLfSplitAcrossReads_GivesNoEmptyLine()
    {
        // Buffer of 16: "0123456789abcde\r" fills it exactly, so the LF arrives in the next read.
        var reader = ReaderOver("0123456789abcde\r\nnext\r\n", bufferSize: 16);

        var lines = await ReadAllLinesAsync(reader);

        lines.ShouldBe(["0123456789abcde", "next"]);
    }

    [Fact]
    public async Task ReadLine_TooLong_ThrowsMessageTooLarge()
    {
        var reader = ReaderOver(new string('x', 200) + "\r\n", maxLine: 64);

        var exception = await Should.ThrowAsync<MessageTooLargeException>(() => reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask());

        exception.Message.ShouldContain("64 bytes");
    }

    [Fact]
    public async Task ReadLine_MessageOverBudget_ThrowsMessageTooLarge()
    {
        var reader = ReaderOver(string.Concat(Enumerable.Repeat("header: value\r\n", 100)), maxLine: 64, maxMessage: 256);

        await Should.ThrowAsync<MessageTooLargeException>(() => ReadAllLinesAsync(reader));
    }

    [Fact]
    public async Task BeginMessage_ResetsBudget()
    {
        var reader = ReaderOver("0123456789\r\n0123456789\r\n", maxLine: 16, maxMessage: 16);
        var token = TestContext.Current.CancellationToken;

        (await reader.ReadLineAsync(token)).ShouldBe("0123456789");
        reader.BeginMessage();

        (await reader.ReadLineAsync(token)).ShouldBe("0123456789");
    }

    [Fact]
    public async Task ReadLine_EndInsideLine_ThrowsEndOfStream()
    {
        var reader = ReaderOver("complete\r\npartial");
        var token = TestContext.Current.CancellationToken;

        (await reader.ReadLineAsync(token)).ShouldBe("complete");

        await Should.ThrowAsync<EndOfStreamException>(() => reader.ReadLineAsync(token).AsTask());
    }

    [Fact]
    public async Task ReadLine_EndBetweenLines_ReturnsNull()
    {
        var reader = ReaderOver("only\r\n");
        var token = TestContext.Current.CancellationToken;

        (await reader.ReadLineAsync(token)).ShouldBe("only");

        (await reader.ReadLineAsync(token)).ShouldBeNull();
    }

    [Fact]
    public async Task ReadBytes_AfterHeaders_ReturnsBodyOnly()
    {
        var reader = ReaderOver("Content-Length: 5\r\n\r\nhello", bufferSize: 16);
        var token = TestContext.Current.CancellationToken;
        (await reader.ReadLineAsync(token)).ShouldBe("Content-Length: 5");
        (await reader.ReadLineAsync(token)).ShouldBe("");

        var body = await reader.ReadBytesAsync(5, token);

        Encoding.ASCII.GetString(body).ShouldBe("hello");
    }

    [Fact]
    public async Task ReadBytes_OverBudget_ThrowsBeforeReading()
    {
        var reader = ReaderOver("x", maxLine: 8, maxMessage: 100);

        await Should.ThrowAsync<MessageTooLargeException>(() => reader.ReadBytesAsync(1_000_000, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task ReadBytes_StreamEndsEarly_ThrowsEndOfStream()
    {
        var reader = ReaderOver("abc");

        var exception = await Should.ThrowAsync<EndOfStreamException>(() => reader.ReadBytesAsync(10, TestContext.Current.CancellationToken).AsTask());

        exception.Message.ShouldContain("3 of 10");
    }

    [Fact]
    public async Task ReadLine_LoneCrAtEndOfAvailableBytes_ReturnsWithoutWaiting()
    {
        // The writer sends a line ended by a lone CR and nothing more: the reader must not wait for an LF.
        var pipe = new Pipe();
        var reader = new BoundedLineReader(pipe.Reader.AsStream(), 64, 1024);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("status\r"), TestContext.Current.CancellationToken);

        var line = await reader.ReadLineAsync(TestContext.Current.CancellationToken);

        line.ShouldBe("status");
    }

    [Fact]
    public async Task ReadLine_Cancelled_ThrowsOperationCanceled()
    {
        var pipe = new Pipe();
        var reader = new BoundedLineReader(pipe.Reader.AsStream(), 64, 1024);
        using var cancellation = new CancellationTokenSource();
        var reading = reader.ReadLineAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => reading);
    }
}
