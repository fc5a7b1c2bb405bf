namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// The server side of non-INVITE transactions (RFC 3261 section 17.2.2). It stores the response sent for each
/// request, so that a retransmitted request gets the same response again and is not processed twice.
/// Entries live 32 s after the response (Timer J, 64 × T1 on UDP); the table is bounded and drops the oldest
/// entries when full. Thread-safe.
/// </summary>
/// <remarks>
/// A server that responds to thousands of requests a second keeps up to <see cref="DefaultCapacity"/> responses alive
/// for seconds, long enough for the GC to promote them. <see cref="Complete(SipRequest, byte[])"/> keeps only the
/// bytes that were sent, one array per entry, and a retransmission gets them parsed back.
/// </remarks>
public sealed class SipServerTransactions
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(32);

    public const int DefaultCapacity = 200_000;

    private readonly Dictionary<TransactionKey, Entry> _entries = [];
    private readonly Queue<(TransactionKey Key, Entry Entry, long ExpiresAt)> _expiries = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _lifetimeTicks;
    private readonly int _capacity;

    public SipServerTransactions(TimeProvider? timeProvider = null, int capacity = DefaultCapacity, TimeSpan? lifetime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _capacity = capacity;
        _lifetimeTicks = (long)((lifetime ?? DefaultLifetime).TotalSeconds * _timeProvider.TimestampFrequency);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Starts a transaction for <paramref name="request"/>. Returns true when the request is new and must be
    /// processed. Returns false for a retransmission: <paramref name="response"/> is then the response to send
    /// again, or null while the first copy is still being processed (send nothing).
    /// </summary>
    public bool TryBegin(SipRequest request, out SipResponse? response)
    {
        var key = TransactionKey.For(request);
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            RemoveExpired(now);
            if (_entries.TryGetValue(key, out var existing))
            {
                response = existing.Response ?? Reparse(existing.SentBytes);
                return false;
            }

            Store(key, new Entry(), now);
            response = null;
            return true;
        }
    }

    /// <summary>Records the final response sent for <paramref name="request"/>, kept for the transaction lifetime from now.</summary>
    public void Complete(SipRequest request, SipResponse response) => Complete(request, response, sentBytes: null);

    /// <summary>
    /// Records the final response sent for <paramref name="request"/> as the bytes that went on the wire
    /// (<see cref="SipMessageWriter.Write"/>), kept for the transaction lifetime from now.
    /// </summary>
    public void Complete(SipRequest request, byte[] sentBytes) => Complete(request, response: null, sentBytes);

    private void Complete(SipRequest request, SipResponse? response, byte[]? sentBytes)
    {
        var key = TransactionKey.For(request);
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            RemoveExpired(now);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
            }

            entry.Response = response;
            entry.SentBytes = sentBytes;
            Store(key, entry, now);
        }
    }

    private static SipResponse? Reparse(byte[]? sentBytes) =>
        sentBytes is not null && SipParser.Parse(sentBytes) is { IsSuccess: true, Value: SipResponse response } ? response : null;

    private void Store(TransactionKey key, Entry entry, long now)
    {
        var expiresAt = now + _lifetimeTicks;
        entry.ExpiresAt = expiresAt;
        _entries[key] = entry;
        _expiries.Enqueue((key, entry, expiresAt));
        while (_entries.Count > _capacity && _expiries.Count > 0)
        {
            RemoveHead();
        }
    }

    private void RemoveExpired(long now)
    {
        while (_expiries.Count > 0 && _expiries.Peek().ExpiresAt <= now)
        {
            RemoveHead();
        }
    }

    /// <summary>Removes the oldest queued entry unless a later Complete renewed it.</summary>
    private void RemoveHead()
    {
        var (key, entry, expiresAt) = _expiries.Dequeue();
        if (entry.ExpiresAt == expiresAt && _entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public SipResponse? Response { get; set; }

        public byte[]? SentBytes { get; set; }

        public long ExpiresAt { get; set; }
    }

    /// <summary>
    /// Identifies a server transaction: the top Via branch and sent-by with the CSeq method (RFC 3261 section
    /// 17.2.3), or for a branch without the magic cookie, Call-ID, CSeq and From tag (RFC 2543). Both keys also
    /// contain the Call-ID and CSeq number, which a true retransmission repeats. So a device that wrongly reuses
    /// one branch for new requests still has each of them processed.
    /// </summary>
    private readonly record struct TransactionKey(string Branch, string SentByOrFromTag, string CallId, long Number, string Method)
    {
        public static TransactionKey For(SipRequest request)
        {
            var via = request.TopVia;
            var cseq = request.CSeq;
            var method = cseq.Method == SipMethods.Ack ? SipMethods.Invite : cseq.Method;
            return via is { HasRfc3261Branch: true }
                ? new TransactionKey(via.Branch!, via.SentBy, request.CallId, cseq.Number, method)
                : new TransactionKey("", request.From.Tag ?? "", request.CallId, cseq.Number, method);
        }
    }
}
