using System.Collections.Concurrent;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// The non-INVITE client transactions of one device (RFC 3261 §17.1.2): over UDP a request is sent again after T1,
/// then at doubling intervals up to T2, until a final response arrives or Timer F (64·T1) fires. Each transaction
/// completes once, so a retransmitted response finds no transaction and is dropped.
/// </summary>
internal sealed class SipClientTransactions(SipSocket socket, TimeProvider timeProvider, SipTimers timers)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SipMessage>> _pending = new(StringComparer.Ordinal);
    private long _retransmissions;
    private long _duplicateResponses;

    /// <summary>Requests sent again because no response came within the retransmission interval.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Responses that matched no open transaction, e.g. a retransmitted 200 OK.</summary>
    public long DuplicateResponses => Interlocked.Read(ref _duplicateResponses);

    /// <summary>Sends <paramref name="request"/> and returns its final response, or null when none came before Timer F.</summary>
    public async Task<SipMessage?> SendAsync(SipMessage request, CancellationToken cancellationToken)
    {
        var branch = request.TopBranch() ?? throw new ArgumentException("The request has no Via branch.", nameof(request));
        var completion = new TaskCompletionSource<SipMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[branch] = completion;
        try
        {
            var bytes = request.ToBytes();
            var started = timeProvider.GetTimestamp();
            var interval = timers.T1;
            await socket.SendAsync(bytes, cancellationToken: cancellationToken);
            while (true)
            {
                var remaining = timers.TimerF - timeProvider.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                // Over TCP the transport is reliable: wait for Timer F without sending again (RFC 3261 §17.1.2.2).
                var wait = socket.Transport == GbTransport.Udp && interval < remaining ? interval : remaining;
                try
                {
                    return await completion.Task.WaitAsync(wait, timeProvider, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // No final response within this interval.
                }

                if (socket.Transport == GbTransport.Udp && timers.TimerF - timeProvider.GetElapsedTime(started) > TimeSpan.Zero)
                {
                    Interlocked.Increment(ref _retransmissions);
                    await socket.SendAsync(bytes, cancellationToken: cancellationToken);
                    interval = interval * 2 < timers.T2 ? interval * 2 : timers.T2;
                }
            }
        }
        finally
        {
            _pending.TryRemove(branch, out _);
        }
    }

    /// <summary>Completes the transaction a final response belongs to; provisional responses only keep it open.</summary>
    public void OnResponse(SipMessage response)
    {
        if (response.StatusCode < 200)
        {
            return;
        }

        var branch = response.TopBranch();
        if (branch is null || !_pending.TryRemove(branch, out var completion) || !completion.TrySetResult(response))
        {
            Interlocked.Increment(ref _duplicateResponses);
        }
    }
}

/// <summary>The RFC 3261 §17.1.1.1 timer values a device uses.</summary>
/// <param name="T1">The round-trip estimate and first retransmission interval, 500 ms by default.</param>
/// <param name="T2">The longest retransmission interval for non-INVITE requests, 4 s by default.</param>
internal sealed record SipTimers(TimeSpan T1, TimeSpan T2)
{
    /// <summary>The non-INVITE transaction timeout, 64·T1.</summary>
    public TimeSpan TimerF => T1 * 64;
}
