using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Assets;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Rtsp;

/// <summary>
/// One RTSP session (RFC 2326 §3.1) of one stream, set up for RTP interleaved in the connection that created it.
/// Playing sends the camera's current clip in a loop at its frame rate; a picture change restarts at a key frame.
/// </summary>
internal sealed partial class RtspSession : IAsyncDisposable
{
    /// <summary>A client that has not taken a frame for this long has stopped reading; its connection is dropped.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FrameInterval = TimeSpan.FromSeconds(1.0 / VideoClip.FramesPerSecond);

    private readonly CameraPicture _picture;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private CancellationTokenSource? _playing;
    private Task _streaming = Task.CompletedTask;
    private ushort _sequence;
    private uint _timestamp;

    public RtspSession(string id, string streamPath, string trackUrl, byte channel, CameraPicture picture, ILogger logger)
    {
        Id = id;
        StreamPath = streamPath;
        TrackUrl = trackUrl;
        Channel = channel;
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        _timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
        _picture = picture;
        _logger = logger;
    }

    public string Id { get; }

    public string StreamPath { get; }

    public string TrackUrl { get; }

    /// <summary>The interleaved channel of RTP; RTCP would use the next one.</summary>
    public byte Channel { get; private set; }

    public uint Ssrc { get; }

    public bool IsPlaying
    {
        get
        {
            lock (_lock)
            {
                return _playing is not null;
            }
        }
    }

    /// <summary>The RTP-Info header of a PLAY response (RFC 2326 §12.33): the sequence number and timestamp of the next packet.</summary>
    public string RtpInfo()
    {
        lock (_lock)
        {
            return $"url={TrackUrl};seq={_sequence};rtptime={_timestamp}";
        }
    }

    public void ChangeChannel(byte channel) => Channel = channel;

    /// <summary>Starts sending on <paramref name="connection"/>; does nothing when already playing.</summary>
    public void Play(MessageConnection connection, string deviceCode)
    {
        lock (_lock)
        {
            if (_playing is not null)
            {
                return;
            }

            _playing = CancellationTokenSource.CreateLinkedTokenSource(connection.Closed);
            var token = _playing.Token;
            _streaming = Task.Run(() => StreamAsync(connection, deviceCode, token), CancellationToken.None);
        }
    }

    /// <summary>Stops sending and waits until the last frame is out; the sequence numbers and timestamps carry on at the next PLAY.</summary>
    public async Task PauseAsync()
    {
        CancellationTokenSource? playing;
        Task streaming;
        lock (_lock)
        {
            (playing, streaming) = (_playing, _streaming);
            _playing = null;
        }

        if (playing is null)
        {
            return;
        }

        await playing.CancelAsync();
        await streaming;
        playing.Dispose();
    }

    public async ValueTask DisposeAsync() => await PauseAsync();

    private async Task StreamAsync(MessageConnection connection, string deviceCode, CancellationToken cancellationToken)
    {
        // Media runs on the wall clock whatever clock the fleet runs on: clients decode it in real time.
        using var ticker = new PeriodicTimer(FrameInterval);
        using var writeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = Array.Empty<byte>();
        VideoClip? clip = null;
        var version = -1;
        var frame = 0;
        try
        {
            do
            {
                if (_picture.IsStalled)
                {
                    // Resuming after a stall starts over at a key frame, since the frames in between were never sent.
                    clip = null;
                    AdvanceClock();
                    continue;
                }

                var current = _picture.Current;
                if (clip is null || current.Version != version)
                {
                    (clip, version) = current;
                    frame = clip.KeyFrameAtOrBefore(WallClockFrame(clip));
                }

                var unit = clip.Frames[frame];
                var needed = RtpPacketizer.MaxSize(unit);
                if (buffer.Length < needed)
                {
                    buffer = new byte[needed];
                }

                int length;
                lock (_lock)
                {
                    length = RtpPacketizer.Write(unit, buffer, Channel, ref _sequence, _timestamp, Ssrc);
                }

                writeTimeout.CancelAfter(WriteTimeout);
                await connection.WriteAsync(buffer.AsMemory(0, length), writeTimeout.Token);
                writeTimeout.CancelAfter(Timeout.InfiniteTimeSpan);

                AdvanceClock();
                frame = (frame + 1) % clip.Frames.Count;
            }
            while (await ticker.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // PAUSE, TEARDOWN or the connection closed.
        }
        catch (OperationCanceledException)
        {
            LogClientStalled(_logger, deviceCode, StreamPath, WriteTimeout);
            connection.Abort();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            LogSendFailed(_logger, deviceCode, StreamPath, exception.Message);
        }
    }

    /// <summary>Moves the RTP clock on by one frame, sent or not, so that timestamps follow real time.</summary>
    private void AdvanceClock()
    {
        lock (_lock)
        {
            _timestamp += VideoClip.TicksPerFrame;
        }
    }

    /// <summary>The frame the camera would be showing now if the clip had been playing since the epoch, so sessions continue one picture.</summary>
    private static int WallClockFrame(VideoClip clip) =>
        (int)(TimeProvider.System.GetUtcNow().Ticks / FrameInterval.Ticks % clip.Frames.Count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} RTSP {StreamPath}: the client read no media for {Timeout}; connection dropped")]
    private static partial void LogClientStalled(ILogger logger, string deviceCode, string streamPath, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} RTSP {StreamPath}: sending media failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string deviceCode, string streamPath, string reason);
}
