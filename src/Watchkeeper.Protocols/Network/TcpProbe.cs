using System.Net.Sockets;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Network;

/// <summary>
/// Connects to each of the device's service ports and closes the connection at once.
/// </summary>
/// <remarks>
/// Reachable when any port accepts. Otherwise the reason shows the health state machine where the fault is:
/// ConnectionRefused when a port refused (the host is up, its services are not: a device fault), Timeout or
/// HostUnreachable when nothing responded (a network fault).
/// </remarks>
public sealed class TcpProbe : IProbe
{
    private readonly TimeProvider _time;

    public TcpProbe(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public ProbeKind Kind => ProbeKind.Tcp;

    public async Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var host = target.Host();
        if (host is null)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, "no IP address or URL in the ledger");
        }

        var ports = target.ServicePorts();
        if (ports.Count == 0)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{host}: no service port or URL in the ledger");
        }

        using var timeoutSource = new CancellationTokenSource(target.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var results = await Task.WhenAll(ports.Select(port => ConnectAsync(host, port, linked.Token))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Summarize(host, results, target.Timeout);
    }

    private async Task<PortResult> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Close with a reset rather than FIN, so that frequent probes leave no TIME_WAIT entries behind.
            socket.LingerState = new LingerOption(true, 0);
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new PortResult(port, ProbeReason.None, "", _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            return new PortResult(port, ProbeReason.Timeout, "", _time.GetElapsedTime(started));
        }
        catch (SocketException exception)
        {
            var (reason, detail) = ProbeErrors.Classify(exception, $"{host}:{port}");
            return new PortResult(port, reason, detail, _time.GetElapsedTime(started));
        }
    }

    private ProbeOutcome Summarize(string host, PortResult[] results, TimeSpan timeout)
    {
        var open = results.Where(r => r.Reason == ProbeReason.None).ToList();
        if (open.Count > 0)
        {
            var latency = open.Min(r => r.Elapsed);
            return ProbeOutcome.Reachable(Kind, latency, $"{host}: {string.Join(", ", results.Select(Describe))}");
        }

        var elapsed = results.Max(r => r.Elapsed);
        var refused = results.Where(r => r.Reason == ProbeReason.ConnectionRefused).ToList();
        if (refused.Count > 0)
        {
            return ProbeOutcome.Unreachable(Kind, ProbeReason.ConnectionRefused,
                $"{host}: {string.Join(", ", results.Select(Describe))}; the host is up but refuses the connection, so check that the device's services are running and the ports in the ledger are right",
                elapsed);
        }

        if (results.All(r => r.Reason == ProbeReason.Timeout))
        {
            return ProbeOutcome.Unreachable(Kind, ProbeReason.Timeout,
                $"{host}: connecting to port {string.Join(", ", results.Select(r => r.Port))} timed out after {ProbeExecution.Seconds(timeout)}; check that the device is powered and the network path to it",
                elapsed);
        }

        var first = results.First(r => r.Reason != ProbeReason.Timeout);
        return ProbeOutcome.Unreachable(Kind, first.Reason, first.Detail, elapsed);
    }

    private static string Describe(PortResult result) => result.Reason switch
    {
        ProbeReason.None => $"port {result.Port} open ({ProbeExecution.Milliseconds(result.Elapsed)})",
        ProbeReason.ConnectionRefused => $"port {result.Port} refused",
        ProbeReason.Timeout => $"port {result.Port} timed out",
        _ => $"port {result.Port} {result.Reason}",
    };

    private sealed record PortResult(int Port, ProbeReason Reason, string Detail, TimeSpan Elapsed);
}
