using System.Buffers;
using System.Text;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Sip;

/// <summary>Limits and timeouts for reading SIP messages from a stream.</summary>
public sealed record SipFramerOptions
{
    public static SipFramerOptions Default { get; } = new();

    /// <summary>The most bytes the start line and headers may take before the empty line.</summary>
    public int MaxHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>The largest Content-Length accepted; a catalog of a few thousand items fits well below it.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The longest wait for the first byte of the next message.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest wait for more bytes once a message has begun.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

public enum SipFrameStatus
{
    /// <summary>A whole message was read and parsed.</summary>
    Message,

    /// <summary>A whole message was read by its Content-Length but did not parse; the stream can go on.</summary>
    InvalidMessage,

    /// <summary>The stream cannot be framed any more (a limit, a timeout, or a close mid-message); close it.</summary>
    StreamError,

    /// <summary>The peer closed the stream between messages.</summary>
    EndOfStream,
}

/// <summary>One result of <see cref="SipStreamFramer.ReadAsync"/>: a message, or the reason there is none.</summary>
public readonly record struct SipFrame(SipFrameStatus Status, SipMessage? Message, Error? Error);

/// <summary>
/// Cuts SIP messages out of a TCP stream by their Content-Length (RFC 3261 section 18.3). A missing
/// Content-Length means an empty body. CRLF keep-alives between messages are skipped. Header and body sizes are
/// capped, and every read is bounded by a timeout, so a peer that stops mid-message cannot hold a reader.
/// For a PipeReader, pass <c>reader.AsStream()</c>.
/// </summary>
public sealed class SipStreamFramer : IDisposable
{
    private const int InitialBufferSize = 4096;

    private readonly Stream _stream;
    private readonly SipFramerOptions _options;
    private readonly TimeProvider _timeProvider;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public SipStreamFramer(Stream stream, SipFramerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _stream = stream;
        _options = options ?? SipFramerOptions.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    /// <summary>
    /// Reads the next message. After a <see cref="SipFrameStatus.StreamError"/> or
    /// <see cref="SipFrameStatus.EndOfStream"/> the caller closes the stream.
    /// </summary>
    /// <exception cref="IOException">The connection broke.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async ValueTask<SipFrame> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _start += SipWireScanner.CountLeadingLineEnds(_buffer.AsSpan(_start, _end - _start));
            if (_start == _end)
            {
                var idle = await FillAsync(0, messageStarted: false, cancellationToken).ConfigureAwait(false);
                if (idle is not null)
                {
                    return idle.Value;
                }

                continue;
            }

            var step = TryCutMessage(out var frameLength);
            if (step is not null)
            {
                return step.Value;
            }

            if (frameLength == 0)
            {
                var partial = await FillAsync(0, messageStarted: true, cancellationToken).ConfigureAwait(false);
                if (partial is not null)
                {
                    return partial.Value;
                }

                continue;
            }

            if (_end - _start < frameLength)
            {
                var body = await FillAsync(frameLength, messageStarted: true, cancellationToken).ConfigureAwait(false);
                if (body is not null)
                {
                    return body.Value;
                }

                continue;
            }

            var result = SipParser.Parse(_buffer.AsSpan(_start, frameLength));
            _start += frameLength;
            return result.IsSuccess
                ? new SipFrame(SipFrameStatus.Message, result.Value, null)
                : new SipFrame(SipFrameStatus.InvalidMessage, null, result.FirstError);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>
    /// Finds the length of the message at the start of the buffer: 0 while its headers are incomplete, or a
    /// stream error when a limit is broken.
    /// </summary>
    private SipFrame? TryCutMessage(out int frameLength)
    {
        frameLength = 0;
        var data = _buffer.AsSpan(_start, _end - _start);
        var headLength = SipWireScanner.FindHeaderEnd(data, out var bodyStart);
        if (headLength < 0 || headLength > _options.MaxHeaderBytes)
        {
            return headLength > _options.MaxHeaderBytes || data.Length > _options.MaxHeaderBytes
                ? StreamError(SipErrors.HeaderTooLarge(_options.MaxHeaderBytes))
                : null;
        }

        long contentLength = 0;
        if (SipWireScanner.TryFindContentLength(data[..headLength], out var contentLengthText))
        {
            contentLength = SipWireScanner.ParseLength(contentLengthText);
            if (contentLength < 0)
            {
                // Without a valid length the end of this message, and so the start of the next, cannot be found.
                return StreamError(SipErrors.ContentLengthInvalid(Encoding.UTF8.GetString(contentLengthText).Trim()));
            }
        }

        if (contentLength > _options.MaxBodyBytes)
        {
            return StreamError(SipErrors.BodyTooLarge(contentLength, _options.MaxBodyBytes));
        }

        frameLength = bodyStart + (int)contentLength;
        return null;
    }

    /// <summary>Reads more bytes until at least <paramref name="needed"/> are buffered (or any new bytes when 0).</summary>
    private async ValueTask<SipFrame?> FillAsync(int needed, bool messageStarted, CancellationToken cancellationToken)
    {
        MakeRoom(Math.Max(needed, _end - _start + 1));
        var timeout = messageStarted ? _options.ReadTimeout : _options.IdleTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), linkedSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return StreamError(messageStarted ? SipErrors.ReadTimeout(timeout, _end - _start) : SipErrors.IdleTimeout(timeout));
        }

        if (read == 0)
        {
            return messageStarted
                ? StreamError(SipErrors.StreamEnded(_end - _start))
                : new SipFrame(SipFrameStatus.EndOfStream, null, null);
        }

        _end += read;
        return null;
    }

    /// <summary>Moves the buffered bytes to the front and grows the buffer so that it can hold <paramref name="size"/> bytes.</summary>
    private void MakeRoom(int size)
    {
        var length = _end - _start;
        if (_start > 0 && (_end == _buffer.Length || size > _buffer.Length - _start))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            _start = 0;
            _end = length;
        }

        if (size > _buffer.Length || _end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, _start, larger, 0, length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            _start = 0;
            _end = length;
        }
    }

    private static SipFrame StreamError(Error error) => new(SipFrameStatus.StreamError, null, error);
}
