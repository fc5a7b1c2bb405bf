using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// Every GB/T 28181 session in memory, by device ID and by catalog item ID. Loaded from the database at start,
/// so that a restart neither forgets valid registrations nor flips every device's state.
/// </summary>
public sealed class GbSessionBook(IDbContextFactory<WatchkeeperDbContext> dbFactory, IOptionsMonitor<Gb28181Options> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GbSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GbSession> _owners = new(StringComparer.Ordinal);

    /// <summary>When this platform process started: a device's deadlines never fall before it plus its window.</summary>
    public DateTimeOffset StartedAt { get; private set; } = time.GetUtcNow();

    public int Count => _sessions.Count;

    public IEnumerable<GbSession> Sessions => _sessions.Values;

    public GbSession? Find(string gbId) => _sessions.GetValueOrDefault(gbId);

    public GbSession GetOrAdd(string gbId, long deviceId) => _sessions.GetOrAdd(gbId, id => new GbSession(id, deviceId));

    public void Remove(string gbId)
    {
        if (_sessions.TryRemove(gbId, out var session) && session.HasChannels)
        {
            foreach (var channel in session.Channels.Keys)
            {
                _owners.TryRemove(new KeyValuePair<string, GbSession>(channel, session));
            }
        }
    }

    /// <summary>Records a catalog item of <paramref name="owner"/> and indexes it for the channel's health.</summary>
    public void SetChannel(GbSession owner, GbChannelState channel)
    {
        owner.Channels[channel.ChannelGbId] = channel;
        if (channel.ChannelGbId != owner.GbId)
        {
            _owners[channel.ChannelGbId] = owner;
        }
    }

    /// <summary>Returns the registering device that reported a catalog item, or null.</summary>
    public GbSession? OwnerOf(string channelGbId) => _owners.GetValueOrDefault(channelGbId);

    /// <summary>Evaluates the GB/T 28181 probe of a ledger device by its GB/T 28181 ID.</summary>
    public ProbeOutcome Evaluate(string? gbId)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return ProbeOutcome.Skipped(ProbeKind.Gb28181, ProbeReason.NotConfigured, "the GB/T 28181 server is turned off (Gb28181:Enabled)");
        }

        if (string.IsNullOrEmpty(gbId))
        {
            return ProbeOutcome.Skipped(ProbeKind.Gb28181, ProbeReason.NotConfigured, "no GB/T 28181 ID in the ledger");
        }

        var now = time.GetUtcNow();
        if (_sessions.TryGetValue(gbId, out var session))
        {
            return GbHealthEvaluator.EvaluateDevice(session, now, StartedAt, TimeSpan.FromSeconds(Math.Max(1, settings.ClockSkewThresholdSeconds)));
        }

        if (_owners.TryGetValue(gbId, out var owner) && owner.HasChannels && owner.Channels.TryGetValue(gbId, out var channel))
        {
            return GbHealthEvaluator.EvaluateChannel(owner, channel, now, StartedAt);
        }

        return ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.NotRegistered,
            $"{gbId} has not registered to the platform and no registered device lists it in its catalog");
    }

    /// <summary>Loads the stored registrations and catalog items; call once before the SIP server starts.</summary>
    /// <param name="storedState">The health state stored for a device. Where it agrees with what the registration
    /// shows, nothing is announced at start, so a restart does not request a round of every device at once.</param>
    public async Task LoadAsync(CancellationToken cancellationToken, Func<long, HealthState>? storedState = null)
    {
        StartedAt = time.GetUtcNow();
        var settings = options.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The sessions of every device, whoever triggered the load; GB endpoints check the caller's scope themselves.
        var devices = await db.GbDevices.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
        var channels = await db.GbChannels.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);

        _sessions.Clear();
        _owners.Clear();
        foreach (var device in devices)
        {
            var session = GetOrAdd(device.GbId, device.DeviceId);
            Restore(session, device, settings);
        }

        if (storedState is not null)
        {
            var now = time.GetUtcNow();
            foreach (var session in _sessions.Values)
            {
                session.StartGrace = storedState(session.DeviceId).CountsAsOnline();
                var liveness = GbHealthEvaluator.Liveness(session, now, StartedAt);
                if ((liveness == GbLiveness.Alive) == storedState(session.DeviceId).CountsAsOnline())
                {
                    session.AnnouncedLiveness = liveness;
                }
            }
        }

        var byDeviceId = _sessions.Values.ToDictionary(s => s.DeviceId);
        foreach (var channel in channels)
        {
            if (byDeviceId.TryGetValue(channel.OwnerDeviceId, out var owner))
            {
                SetChannel(owner, new GbChannelState(channel.ChannelGbId, channel.Status, channel.Removed, channel.LedgerDeviceId));
            }
        }
    }

    internal static void Restore(GbSession session, GbDevice device, Gb28181Options settings)
    {
        lock (session.Sync)
        {
            session.Transport = device.Transport;
            session.RegisteredAt = device.RegisteredAt;
            session.ExpiresAt = device.RegistrationExpiresAt;
            session.UnregisteredAt = device.UnregisteredAt;
            session.HeartbeatWindow = settings.HeartbeatWindow(device.HeartbeatIntervalSeconds, device.HeartbeatCount);
            session.Remote = IPAddress.TryParse(device.RemoteAddress, out var address) && device.RemotePort is { } port
                ? new IPEndPoint(address, port)
                : null;
            session.Status = device.StatusReceivedAt is { } received
                ? new GbStatusSnapshot(received, device.Encoding, device.Recording, device.ClockSkewSeconds, device.StatusOnline, device.StatusResult)
                : null;
            session.RestoreKeepalive(device.LastKeepaliveAt);
        }
    }
}
