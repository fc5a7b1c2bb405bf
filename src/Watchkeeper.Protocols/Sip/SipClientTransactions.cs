using System.Collections.Concurrent;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// The client side of the transactions the platform starts, such as MESSAGE queries and SUBSCRIBE. It sends a
/// request and retransmits it on UDP with the RFC 3261 section 17.1.2 timers. It completes with the final
/// response, matched by top Via branch and CSeq method, or with null when Timer F (64 × T1) expires. Thread-safe.
/// </summary>
public sealed class SipClientTransactions
{
    /// <summary>RFC 3261 T1, the round-trip time estimate.</summary>
    public static readonly TimeSpan DefaultT1 = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 3261 T2, the longest retransmission interval of a non-INVITE request.</summary>
    public static readonly TimeSpan DefaultT2 = TimeSpan.FromSeconds(4);

    private readonly ConcurrentDictionary<(string Branch, string Method), Transaction> _transactions = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _t1;
    private readonly TimeSpan _t2;

    public SipClientTransactions(TimeProvider? timeProvider = null, TimeSpan? t1 = null, TimeSpan? t2 = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _t1 = t1 ?? DefaultT1;
        _t2 = t2 ?? DefaultT2;
    }

    /// <summary>How many transactions wait for their final response.</summary>
    public int Count => _transactions.Count;

    /// <summary>
    /// Sends <paramref name="request"/> through <paramref name="transmit"/> and waits for its final response.
    /// On an unreliable transport (UDP) the same bytes are sent again after T1, 2·T1, ... capped at T2 (for
    /// INVITE, doubling until a provisional response). Completes with null when no final response arrives
    /// within 64 × T1 (32 s by default).
    /// </summary>
    /// <exception cref="InvalidOperationException">A transaction with the same branch and method is already waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<SipResponse?> SendAsync(
        SipRequest request,
        Func<byte[], CancellationToken, ValueTask> transmit,
        bool reliableTransport,
        CancellationToken cancellationToken = default)
    {
        var key = KeyOf(request.TopVia?.Branch, request.CSeq.Method);
        var bytes = SipMessageWriter.Write(request);
        var transaction = new Transaction(this, bytes, transmit, request.CSeq.Method == SipMethods.Invite);
        if (!_transactions.TryAdd(key, transaction))
        {
            throw new InvalidOperationException($"A client transaction with branch {key.Branch} and method {key.Method} is already waiting.");
        }

        try
        {
            await using var registration = cancellationToken.Register(() => transaction.Cancel(cancellationToken)).ConfigureAwait(false);
            await transmit(bytes, cancellationToken).ConfigureAwait(false);
            transaction.StartTimers(reliableTransport);
            return await transaction.Completion.ConfigureAwait(false);
        }
        finally
        {
            transaction.Stop();
            _transactions.TryRemove(new KeyValuePair<(string, string), Transaction>(key, transaction));
        }
    }

    /// <summary>
    /// Passes a received response to its transaction. Returns false when no transaction waits for it, as for a
    /// late retransmission of a final response.
    /// </summary>
    public bool HandleResponse(SipResponse response)
    {
        var branch = response.TopVia?.Branch;
        if (branch is null || !SipCSeq.TryParse(response.Headers.Get("CSeq"), out var cseq)
            || !_transactions.TryGetValue(KeyOf(branch, cseq.Method), out var transaction))
        {
            return false;
        }

        if (response.IsProvisional)
        {
            transaction.OnProvisional();
        }
        else
        {
            transaction.Complete(response);
        }

        return true;
    }

    private static (string Branch, string Method) KeyOf(string? branch, string method)
    {
        if (string.IsNullOrEmpty(branch))
        {
            throw new InvalidOperationException("A client request needs a top Via with a branch; build it with SipRequestBuilder.");
        }

        return (branch, method);
    }

    private sealed class Transaction(
        SipClientTransactions owner,
        byte[] bytes,
        Func<byte[], CancellationToken, ValueTask> transmit,
        bool isInvite)
    {
        private readonly TaskCompletionSource<SipResponse?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private ITimer? _retransmitTimer;
        private ITimer? _timeoutTimer;
        private TimeSpan _interval;
        private bool _provisional;

        public Task<SipResponse?> Completion => _completion.Task;

        public void StartTimers(bool reliableTransport)
        {
            lock (_lock)
            {
                if (_completion.Task.IsCompleted)
                {
                    return;
                }

                _timeoutTimer = owner._timeProvider.CreateTimer(_ => _completion.TrySetResult(null), null, owner._t1 * 64, Timeout.InfiniteTimeSpan);
                if (!reliableTransport && !(_provisional && isInvite))
                {
                    _interval = _provisional ? owner._t2 : owner._t1;
                    _retransmitTimer = owner._timeProvider.CreateTimer(_ => Retransmit(), null, _interval, Timeout.InfiniteTimeSpan);
                }
            }
        }

        /// <summary>
        /// Handles a 1xx. For INVITE it ends retransmission (section 17.1.1.2). For other requests it moves the
        /// transaction to Proceeding, where retransmission goes on every T2 (section 17.1.2.2), so that a lost
        /// final response is still asked for again.
        /// </summary>
        public void OnProvisional()
        {
            lock (_lock)
            {
                _provisional = true;
                if (isInvite)
                {
                    _retransmitTimer?.Dispose();
                    _retransmitTimer = null;
                }
            }
        }

        public void Complete(SipResponse response) => _completion.TrySetResult(response);

        public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

        public void Stop()
        {
            lock (_lock)
            {
                _retransmitTimer?.Dispose();
                _timeoutTimer?.Dispose();
                _retransmitTimer = null;
                _timeoutTimer = null;
            }
        }

        private void Retransmit()
        {
            lock (_lock)
            {
                if (_retransmitTimer is null || _completion.Task.IsCompleted)
                {
                    return;
                }

                _interval = isInvite ? _interval * 2
                    : _provisional ? owner._t2
                    : TimeSpan.FromTicks(Math.Min((_interval * 2).Ticks, owner._t2.Ticks));
                _retransmitTimer.Change(_interval, Timeout.InfiniteTimeSpan);
            }

            _ = SendAgainAsync();
        }

        private async Task SendAgainAsync()
        {
            try
            {
                await transmit(bytes, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
            {
                // A lost retransmission is what Timer F covers; the next one, or the timeout, follows.
            }
        }
    }
}
