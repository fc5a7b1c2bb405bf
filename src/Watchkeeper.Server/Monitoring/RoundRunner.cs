using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Devices;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Runs one probe round of one device: the reachability probes of its kind in parallel and, for video devices
/// whose services all failed, ICMP and TCP to tell a network fault from a device fault.
/// </summary>
public sealed class RoundRunner
{
    /// <summary>Grace beyond the probe's own timeout before the runner abandons a probe that ignores it.</summary>
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(2);

    private readonly Dictionary<ProbeKind, IProbe> _probes;
    private readonly SemaphoreSlim _probeSlots;
    private readonly CredentialProtector _credentials;
    private readonly HealthBook _health;
    private readonly MonitoringMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RoundRunner> _logger;
    private readonly MonitoringOptions _options;

    // Decrypted credentials by device, valid while the device's credential version is unchanged: decrypting on
    // every round costs more than the rest of a healthy round's bookkeeping.
    private readonly ConcurrentDictionary<long, DecryptedCredentials> _credentialCache = new();

    public RoundRunner(IEnumerable<IProbe> probes, CredentialProtector credentials, HealthBook health, MonitoringMetrics metrics,
        IOptions<MonitoringOptions> options, TimeProvider time, ILogger<RoundRunner> logger)
    {
        _probes = probes.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Last());
        _options = options.Value;
        _probeSlots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentProbes));
        _credentials = credentials;
        _health = health;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public async Task<ProbeRound> RunAsync(MonitoredDevice device, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var target = BuildTarget(device);
        var kinds = device.Probes.Kinds().ToList();
        var reachability = kinds.Where(k => ProbePlan.IsReachabilityProbe(device.Kind, k)).ToList();
        var everyRound = kinds.Where(ProbePlan.RunsEveryRound).Except(reachability).ToList();
        var diagnostics = kinds.Except(reachability).Except(everyRound).ToList();

        var outcomes = new List<ProbeOutcome>(kinds.Count);
        if (device.Kind.IsVideoDevice())
        {
            outcomes.AddRange(await RunAllAsync(reachability, target, cancellationToken));
            var reached = outcomes.Any(o => o.Status == ProbeStatus.Reachable);
            outcomes.AddRange(await RunAllAsync(everyRound, target, cancellationToken));
            if (!reached)
            {
                outcomes.AddRange(await RunAllAsync(diagnostics, target, cancellationToken));
            }
        }
        else
        {
            outcomes.AddRange(await RunAllAsync(kinds, target, cancellationToken));
        }

        return new ProbeRound(device.Id, startedAt, _time.GetUtcNow(), outcomes) { CredentialVersion = device.CredentialVersion };
    }

    internal ProbeTarget BuildTarget(MonitoredDevice device)
    {
        var secrets = CredentialsOf(device);
        return new ProbeTarget
        {
            DeviceId = device.Id,
            Code = device.Code,
            Kind = device.Kind,
            IpAddress = device.IpAddress,
            HttpPort = device.HttpPort,
            RtspPort = device.RtspPort,
            SnmpPort = device.SnmpPort,
            RtspUrl = device.RtspUrl,
            OnvifUrl = device.OnvifUrl,
            SnapshotUrl = device.SnapshotUrl,
            HttpApiUrl = device.HttpApiUrl,
            Vendor = device.Vendor,
            GbId = device.GbId,
            UserName = device.UserName,
            Password = secrets.Password,
            SnmpCommunity = secrets.SnmpCommunity,
            SnmpInterfaces = device.SnmpInterfaces,
            OnvifAuthenticationBlocked = _health.Find(device.Id)?.IsOnvifBlocked(device.CredentialVersion) == true,
            Timeout = TimeSpan.FromSeconds(Math.Clamp(_options.ProbeTimeoutSeconds, 0.5, 120)),
            ClockSkewThreshold = TimeSpan.FromSeconds(Math.Max(1, _options.ClockSkewThresholdSeconds)),
        };
    }

    private DecryptedCredentials CredentialsOf(MonitoredDevice device)
    {
        if (_credentialCache.TryGetValue(device.Id, out var cached)
            && cached.Version == device.CredentialVersion
            && string.Equals(cached.EncryptedPassword, device.EncryptedPassword, StringComparison.Ordinal)
            && string.Equals(cached.EncryptedSnmpCommunity, device.EncryptedSnmpCommunity, StringComparison.Ordinal))
        {
            return cached;
        }

        var fresh = new DecryptedCredentials(device.CredentialVersion, device.EncryptedPassword, device.EncryptedSnmpCommunity,
            _credentials.Unprotect(device.EncryptedPassword, device.Id), _credentials.Unprotect(device.EncryptedSnmpCommunity, device.Id));
        _credentialCache[device.Id] = fresh;
        return fresh;
    }

    private sealed record DecryptedCredentials(int Version, string? EncryptedPassword, string? EncryptedSnmpCommunity, string? Password, string? SnmpCommunity);

    private async Task<ProbeOutcome[]> RunAllAsync(IReadOnlyList<ProbeKind> kinds, ProbeTarget target, CancellationToken cancellationToken) =>
        kinds.Count == 0 ? [] : await Task.WhenAll(kinds.Select(kind => RunOneAsync(kind, target, cancellationToken)));

    private async Task<ProbeOutcome> RunOneAsync(ProbeKind kind, ProbeTarget target, CancellationToken cancellationToken)
    {
        if (!_probes.TryGetValue(kind, out var probe))
        {
            return ProbeOutcome.Skipped(kind, ProbeReason.NotConfigured, $"no {kind} probe is installed on this server");
        }

        await _probeSlots.WaitAsync(cancellationToken);
        var started = _time.GetTimestamp();
        try
        {
            // The probe keeps its own timeout; this only stops waiting for one that ignores it.
            var outcome = await probe.RunAsync(target, cancellationToken).WaitAsync(target.Timeout + Backstop, _time, cancellationToken);
            _metrics.RecordProbe(outcome);
            return outcome;
        }
        catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The {ProbeKind} probe of device {DeviceId} {DeviceCode} ignored its timeout of {Timeout}", kind, target.DeviceId, target.Code, target.Timeout);
            var outcome = ProbeOutcome.Unreachable(kind, ProbeReason.Timeout,
                $"the {kind} probe did not finish within {(target.Timeout + Backstop).TotalSeconds:0.#} s", _time.GetElapsedTime(started));
            _metrics.RecordProbe(outcome);
            return outcome;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not TimeoutException)
        {
            // A probe must turn device behaviour into outcomes; an exception here is a bug in the probe.
            _logger.LogError(exception, "The {ProbeKind} probe threw for device {DeviceId} {DeviceCode}", kind, target.DeviceId, target.Code);
            var outcome = ProbeOutcome.Unreachable(kind, ProbeReason.ProtocolError, $"internal error in the {kind} probe: {exception.GetType().Name}", _time.GetElapsedTime(started));
            _metrics.RecordProbe(outcome);
            return outcome;
        }
        finally
        {
            _probeSlots.Release();
        }
    }
}
