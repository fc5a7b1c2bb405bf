using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// Reads the lines and bodies of text protocols (RTSP, SIP, HTTP/1.x) from a stream, with a cap on the length
/// of one line and on the bytes of one message.
/// </summary>
/// <remarks>
/// Each read takes only the bytes the stream has available and returns as soon as a line ends, so it never
/// waits for bytes that a finished message will not send. Timeouts come from the caller's cancellation token.
/// Lines end in CRLF, LF or a lone CR: RFC 2326 section 4 asks receivers to accept all three. Lines are decoded
/// as UTF-8; invalid bytes become U+FFFD.
/// </remarks>
public sealed class BoundedLineReader
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private bool _dropLineFeed;

    public BoundedLineReader(Stream stream, int maxLineBytes, int maxMessageBytes, int bufferSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, maxLineBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 16);

        _stream = stream;
        _buffer = new byte[bufferSize];
        MaxLineBytes = maxLineBytes;
        MaxMessageBytes = maxMessageBytes;
    }

    /// <summary>Maximum bytes of one line, without its terminator.</summary>
    public int MaxLineBytes { get; }

    /// <summary>Maximum bytes of one message, counted from the last <see cref="BeginMessage"/>.</summary>
    public int MaxMessageBytes { get; }

    /// <summary>Bytes consumed since the last <see cref="BeginMessage"/>, terminators included.</summary>
    public int MessageBytes { get; private set; }

    /// <summary>Starts counting a new message against <see cref="MaxMessageBytes"/>.</summary>
    public void BeginMessage() => MessageBytes = 0;

    /// <summary>
    /// Reads one line without its terminator. Returns null when the stream ends before the first byte of a line.
    /// </summary>
    /// <exception cref="EndOfStreamException">The stream ended inside a line.</exception>
    /// <exception cref="MessageTooLargeException">The line or the message passed its limit.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_line.Length == 0)
                {
                    return null;
                }

                throw new EndOfStreamException($"the stream ended inside a line after {_line.Length} bytes");
            }

            if (_dropLineFeed)
            {
                _dropLineFeed = false;
                if (_buffer[_start] == LineFeed)
                {
                    Consume(1);
                    continue;
                }
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var terminator = span.IndexOfAny(CarriageReturn, LineFeed);
            var contentLength = terminator < 0 ? span.Length : terminator;
            if (_line.Length + contentLength > MaxLineBytes)
            {
                throw new MessageTooLargeException($"a line is longer than {MaxLineBytes} bytes");
            }

            Consume(contentLength);
            _line.Write(span[..contentLength]);
            if (terminator < 0)
            {
                continue;
            }

            ConsumeTerminator(span[terminator]);
            return Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, such as a body whose length a header gave.</summary>
    /// <exception cref="EndOfStreamException">The stream ended first.</exception>
    /// <exception cref="MessageTooLargeException">The bytes would take the message past its limit; nothing is read.</exception>
    public async ValueTask<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)MessageBytes + count > MaxMessageBytes)
        {
            throw new MessageTooLargeException($"a body of {count} bytes would take the message past {MaxMessageBytes} bytes");
        }

        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException($"the stream ended after {filled} of {count} body bytes");
            }

            if (_dropLineFeed)
            {
                // A lone CR ended the header block and the next byte turned out to be its LF.
                _dropLineFeed = false;
                if (_buffer[_start] == LineFeed)
                {
                    Consume(1);
                    continue;
                }
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            Consume(take);
            filled += take;
        }

        return result;
    }

    private void ConsumeTerminator(byte terminator)
    {
        Consume(1);
        if (terminator != CarriageReturn)
        {
            return;
        }

        // A CR may be followed by its LF. When the LF has not arrived yet, decide on the next read rather than
        // wait for it here: the CR may end the last line the peer sends.
        if (_start < _end)
        {
            if (_buffer[_start] == LineFeed)
            {
                Consume(1);
            }
        }
        else
        {
            _dropLineFeed = true;
        }
    }

    private void Consume(int count)
    {
        _start += count;
        MessageBytes += count;
        if (MessageBytes > MaxMessageBytes)
        {
            throw new MessageTooLargeException($"the message is longer than {MaxMessageBytes} bytes");
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
