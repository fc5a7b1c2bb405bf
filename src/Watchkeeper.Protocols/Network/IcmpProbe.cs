using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Network;

/// <summary>
/// Sends up to <see cref="EchoRequests"/> ICMP echo requests to the device address and is Reachable at the
/// first reply. Where this process may not send ICMP, it is Skipped with ProbeReason.NotPermitted.
/// </summary>
public sealed class IcmpProbe : IProbe
{
    /// <summary>Requests per probe: one lost packet on a busy link should not count as an outage.</summary>
    public const int EchoRequests = 3;

    private readonly TimeProvider _time;
    private readonly Func<AddressFamily, IcmpAccess> _access;
    private int _sequence;

    /// <param name="access">
    /// Returns the ICMP access for an address family; the default detects it once per process with
    /// <see cref="IcmpAccess.For"/>.
    /// </param>
    public IcmpProbe(TimeProvider? time = null, Func<AddressFamily, IcmpAccess>? access = null)
    {
        _time = time ?? TimeProvider.System;
        _access = access ?? IcmpAccess.For;
    }

    public ProbeKind Kind => ProbeKind.Icmp;

    public async Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var host = target.Host();
        if (host is null)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, "no IP address or URL in the ledger");
        }

        // A literal address is checked before any I/O, so that an unpermitted host never resolves names.
        if (IPAddress.TryParse(host, out var literal) && _access(literal.AddressFamily) is { IsPermitted: false } denied)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotPermitted, denied.Detail);
        }

        return await ProbeExecution.RunAsync(Kind, host, target.Timeout, _time, (progress, token) => EchoAsync(host, literal, target.Timeout, progress, token), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<ProbeOutcome> EchoAsync(string host, IPAddress? address, TimeSpan timeout, ProbeProgress progress, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            progress.Begin("resolving the host name");
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (address is null)
            {
                return ProbeOutcome.Unreachable(Kind, ProbeReason.NameResolutionFailed, $"{host}: the host name resolves to no address");
            }
        }

        var access = _access(address.AddressFamily);
        if (!access.IsPermitted)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotPermitted, access.Detail);
        }

        progress.Begin("waiting for an echo reply");
        var started = _time.GetTimestamp();
        var perRequest = timeout / EchoRequests;
        var status = IPStatus.Unknown;
        for (var attempt = 1; attempt <= EchoRequests; attempt++)
        {
            var sent = _time.GetTimestamp();
            status = await SendEchoAsync(access.SocketKind, address, perRequest, cancellationToken).ConfigureAwait(false);
            if (status == IPStatus.Success)
            {
                var detail = $"{address}: echo reply in {ProbeExecution.Milliseconds(_time.GetElapsedTime(sent))} (request {attempt} of {EchoRequests})";
                return ProbeOutcome.Reachable(Kind, _time.GetElapsedTime(sent), detail);
            }

            if (status != IPStatus.TimedOut)
            {
                break;
            }
        }

        return Failed(address, status, timeout, _time.GetElapsedTime(started));
    }

    private async Task<IPStatus> SendEchoAsync(IcmpSocketKind kind, IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (kind == IcmpSocketKind.Datagram)
        {
            using var requestTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            requestTimeout.CancelAfter(timeout);
            var status = await DatagramIcmpEcho.SendAsync(address, NextSequence(), requestTimeout.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return status;
        }

        using var ping = new Ping();
        var reply = await ping.SendPingAsync(address, timeout, buffer: null, options: null, cancellationToken).ConfigureAwait(false);
        return reply.Status;
    }

    private ushort NextSequence() => (ushort)Interlocked.Increment(ref _sequence);

    private ProbeOutcome Failed(IPAddress address, IPStatus status, TimeSpan timeout, TimeSpan elapsed)
    {
        var (reason, detail) = status switch
        {
            IPStatus.TimedOut => (ProbeReason.Timeout,
                $"{address}: no echo reply to {EchoRequests} requests within {ProbeExecution.Seconds(timeout)}; check that the device is powered and the network path to it, and that no firewall drops ICMP"),
            IPStatus.DestinationHostUnreachable or IPStatus.DestinationNetworkUnreachable or IPStatus.DestinationUnreachable
                or IPStatus.TtlExpired or IPStatus.TimeExceeded or IPStatus.BadRoute => (ProbeReason.HostUnreachable,
                $"{address}: the network reports {status}; check the route and the switch port to the device"),
            _ => (ProbeReason.ProtocolError, $"{address}: echo failed with status {status}"),
        };
        return ProbeOutcome.Unreachable(Kind, reason, detail, elapsed);
    }
}
