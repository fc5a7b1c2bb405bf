namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// Cuts SIP messages out of a TCP byte stream by their Content-Length (RFC 3261 §18.3), within
/// <see cref="SipParser.MaxHeaderBytes"/> and <see cref="SipParser.MaxBodyBytes"/>.
/// </summary>
internal sealed class SipTcpFramer
{
    private byte[] _buffer = new byte[8192];
    private int _length;

    /// <summary>Appends bytes read from the connection.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>
    /// Takes the next whole message. Returns false when more bytes are needed, or with <paramref name="error"/> set when
    /// the stream cannot be framed any more and the connection must be closed.
    /// </summary>
    public bool TryTake(out SipMessage? message, out string? error)
    {
        message = null;
        error = null;
        SkipKeepalivePings();

        var pending = _buffer.AsSpan(0, _length);
        var headEnd = SipParser.FindHeadEnd(pending, out var separatorLength);
        if (headEnd < 0)
        {
            if (_length > SipParser.MaxHeaderBytes)
            {
                error = $"no header end within {SipParser.MaxHeaderBytes} bytes";
            }

            return false;
        }

        var head = SipParser.ParseHead(pending[..headEnd], out error);
        if (head is null)
        {
            return false;
        }

        // Content-Length is mandatory over TCP (RFC 3261 §20.14); a message without one is taken to have no body.
        var bodyLength = SipParser.ContentLength(head) ?? 0;
        if (bodyLength > SipParser.MaxBodyBytes)
        {
            error = $"Content-Length {bodyLength} exceeds {SipParser.MaxBodyBytes} bytes";
            return false;
        }

        var total = headEnd + separatorLength + bodyLength;
        if (_length < total)
        {
            return false;
        }

        head.Body = pending.Slice(headEnd + separatorLength, bodyLength).ToArray();
        Consume(total);
        message = head;
        return true;
    }

    // CRLF keepalives between messages (RFC 5626 §3.5.1) carry nothing.
    private void SkipKeepalivePings()
    {
        var skip = 0;
        while (skip < _length && _buffer[skip] is (byte)'\r' or (byte)'\n')
        {
            skip++;
        }

        Consume(skip);
    }

    private void Consume(int count)
    {
        if (count == 0)
        {
            return;
        }

        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }
}
