using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// Bounds the grabs running at once (<see cref="FrameSourceOptions.MaxConcurrentGrabs"/>), shared by the RTSP and
/// the snapshot source, so that a diagnosis round over thousands of cameras cannot start thousands of ffmpeg
/// processes.
/// </summary>
public sealed class FrameGrabGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private int _running;
    private int _peak;

    public FrameGrabGate(IOptions<FrameSourceOptions> options)
    {
        Capacity = Math.Max(1, options.Value.MaxConcurrentGrabs);
        _slots = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }

    /// <summary>Grabs running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Most grabs that ran at once since the start.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Waits for a slot; dispose the returned value to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var running = Interlocked.Increment(ref _running);
        int peak;
        while (running > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, peak) != peak)
        {
        }

        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private void Leave()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    private sealed class Slot(FrameGrabGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}
