using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>
/// SNMPv2c probe for switches, servers and storage: reads sysUpTime.0 and the ifOperStatus of every port
/// the ledger names, and reports a port that is not up as an InterfaceDown finding.
/// </summary>
public sealed class SnmpProbe(TimeProvider? timeProvider = null) : IProbe
{
    /// <summary>Community tried when the ledger has none: the factory default of most agents.</summary>
    public const string DefaultCommunity = "public";

    /// <summary>sysUpTime.0 (RFC 3418): hundredths of a second since the agent started.</summary>
    public static readonly ObjectIdentifier SysUpTime = ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0");

    /// <summary>ifOperStatus (RFC 2863), indexed by ifIndex.</summary>
    public static readonly ObjectIdentifier IfOperStatus = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8");

    /// <summary>
    /// Variable bindings per GetRequest. A Response with twenty ifOperStatus bindings takes about 420 bytes, under the
    /// 484 octets that RFC 3417 section 3.2 requires every agent to accept, so no agent should return tooBig.
    /// </summary>
    private const int MaxVarBindsPerRequest = 20;

    private const int Retries = 1;

    private readonly SnmpClient _client = new();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public ProbeKind Kind => ProbeKind.Snmp;

    public async Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Timeout <= TimeSpan.Zero)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: the probe timeout {target.Timeout} is not positive; correct the monitoring settings");
        }

        var host = target.Host();
        if (host is null)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: no IP address or URL in the ledger, so there is no SNMP agent to ask");
        }

        var port = target.SnmpPort ?? SnmpClient.DefaultPort;
        if (port is < 1 or > 65535)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: SNMP port {port} is not a valid UDP port; correct it in the ledger");
        }

        var endpointText = FormatEndpoint(host, port);
        var started = _timeProvider.GetTimestamp();

        IPEndPoint agent;
        try
        {
            agent = new IPEndPoint(await ResolveAsync(host, target.Timeout, cancellationToken).ConfigureAwait(false), port);
        }
        catch (SocketException exception)
        {
            var (reason, detail) = ProbeErrors.Classify(exception, endpointText);
            return ProbeOutcome.Unreachable(Kind, reason, detail, _timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Unreachable(Kind, ProbeReason.Timeout,
                $"{endpointText}: resolving {host} timed out after {target.Timeout.TotalSeconds:0.#} s; check DNS or put the IP address in the ledger",
                _timeProvider.GetElapsedTime(started));
        }

        var exchange = await ExchangeAsync(agent, endpointText, target, started, cancellationToken).ConfigureAwait(false);
        var latency = _timeProvider.GetElapsedTime(started);
        if (exchange.Failure is { } failure)
        {
            return ProbeOutcome.Unreachable(Kind, failure.Reason, failure.Detail, latency);
        }

        return SnmpReadings.ToOutcome(Kind, endpointText, exchange, latency);
    }

    private async Task<SnmpExchange> ExchangeAsync(IPEndPoint agent, string endpointText, ProbeTarget target, long started, CancellationToken cancellationToken)
    {
        var community = string.IsNullOrEmpty(target.SnmpCommunity) ? DefaultCommunity : target.SnmpCommunity;
        var exchange = new SnmpExchange(SnmpReadings.RequestedInterfaces(target.SnmpInterfaces));
        var oids = new List<ObjectIdentifier> { SysUpTime };
        oids.AddRange(exchange.Interfaces.Select(ifIndex => IfOperStatus.Append((uint)ifIndex)));

        foreach (var chunk in oids.Chunk(MaxVarBindsPerRequest))
        {
            var remaining = target.Timeout - _timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                exchange.Notes.Add($"no time left for {chunk.Length} variable bindings after {target.Timeout.TotalSeconds:0.#} s");
                break;
            }

            try
            {
                var response = await _client.GetAsync(agent, community, chunk, remaining, Retries, cancellationToken).ConfigureAwait(false);
                exchange.Answered = true;
                exchange.Record(response, chunk);
            }
            catch (TimeoutException) when (exchange.Answered)
            {
                exchange.Notes.Add($"no response for {chunk.Length} variable bindings starting at {chunk[0]}");
            }
            catch (TimeoutException)
            {
                var communityHint = string.IsNullOrEmpty(target.SnmpCommunity)
                    ? $"the ledger has no community, so '{DefaultCommunity}' was used; set the device's community"
                    : "check the community";
                exchange.Failure = (ProbeReason.Timeout,
                    $"{endpointText}: no answer within {target.Timeout.TotalSeconds:0.#} s ({Retries + 1} attempts); {communityHint} and that the agent allows this manager");
                break;
            }
            catch (SnmpFormatException exception)
            {
                exchange.Failure = (ProbeReason.ProtocolError, $"{endpointText}: the response is not a valid SNMP message: {exception.Message}");
                break;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
            {
                exchange.Failure = (ProbeReason.ConnectionRefused,
                    $"{endpointText}: port unreachable, no SNMP agent listens there; check the SNMP port and that the agent runs");
                break;
            }
            catch (SocketException exception)
            {
                exchange.Failure = ProbeErrors.Classify(exception, endpointText);
                break;
            }
        }

        return exchange;
    }

    private static async Task<IPAddress> ResolveAsync(string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        using var resolution = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        resolution.CancelAfter(timeout);
        var addresses = await Dns.GetHostAddressesAsync(host, resolution.Token).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    private static string FormatEndpoint(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')
            ? $"udp://[{host}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"udp://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
}
