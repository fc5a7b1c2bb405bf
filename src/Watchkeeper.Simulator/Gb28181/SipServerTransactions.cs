namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// The responses a device sent to the platform's recent requests, by Via branch, so that a retransmitted request is
/// answered with the same response and not acted on twice (RFC 3261 §17.2.2).
/// </summary>
internal sealed class SipServerTransactions
{
    // Enough for every request of the last Timer J (64·T1 = 32 s) at the rates a device sees.
    private const int Capacity = 512;

    private readonly Dictionary<string, byte[]?> _responses = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Returns true when <paramref name="branch"/> was seen, with the response sent then (null when none was).</summary>
    public bool TryGetAnswered(string branch, out byte[]? response)
    {
        lock (_responses)
        {
            return _responses.TryGetValue(branch, out response);
        }
    }

    /// <summary>Records the response to <paramref name="branch"/>; null records a request left unanswered on purpose.</summary>
    public void Record(string branch, byte[]? response)
    {
        lock (_responses)
        {
            if (!_responses.ContainsKey(branch))
            {
                _order.Enqueue(branch);
                if (_order.Count > Capacity)
                {
                    _responses.Remove(_order.Dequeue());
                }
            }

            _responses[branch] = response;
        }
    }
}
