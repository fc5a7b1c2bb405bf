using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>A ledger change the health processor must apply: a device paused or deleted.</summary>
public abstract record LedgerMessage(long DeviceId);

public sealed record MonitoringPaused(long DeviceId) : LedgerMessage(DeviceId);

public sealed record DeviceDeleted(long DeviceId) : LedgerMessage(DeviceId);

/// <summary>
/// The seam between probing and health: probe workers write finished rounds here and the health processor
/// reads them. Today it is an in-process bounded channel; a site collector would feed the same rounds over the
/// network. Ledger changes travel on a separate unbounded channel so that a full round queue never drops them.
/// </summary>
public sealed class MonitoringQueue(IOptions<MonitoringOptions> options)
{
    private readonly Channel<ProbeRound> _rounds = Channel.CreateBounded<ProbeRound>(
        new BoundedChannelOptions(Math.Max(100, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    private readonly Channel<LedgerMessage> _ledger = Channel.CreateUnbounded<LedgerMessage>(new UnboundedChannelOptions { SingleReader = true });

    public int Count => _rounds.Reader.Count;

    public ChannelReader<ProbeRound> Rounds => _rounds.Reader;

    public ChannelReader<LedgerMessage> Ledger => _ledger.Reader;

    public ValueTask WriteAsync(ProbeRound round, CancellationToken cancellationToken) =>
        _rounds.Writer.WriteAsync(round, cancellationToken);

    public void Write(LedgerMessage message) => _ledger.Writer.TryWrite(message);
}
