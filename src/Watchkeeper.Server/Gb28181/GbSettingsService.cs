using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// Reads and changes the platform's GB/T 28181 settings for the API and the console. A change is validated and stored.
/// A new address, port or transport restarts the SIP listener, and a new heartbeat applies to the sessions in memory.
/// </summary>
public sealed partial class GbSettingsService(
    GbSettingsStore store,
    GbSipServer server,
    GbSessionBook book,
    IOptionsMonitor<Gb28181Options> options,
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    ILogger<GbSettingsService> logger)
{
    private readonly SemaphoreSlim _saving = new(1, 1);

    public GbPlatformSettingsResponse Get()
    {
        var settings = options.CurrentValue;
        return new GbPlatformSettingsResponse
        {
            ServerId = settings.ServerId,
            Domain = settings.Domain,
            PasswordSet = !string.IsNullOrEmpty(settings.Password),
            ListenAddress = settings.ListenAddress,
            SipPort = settings.SipPort,
            EnableUdp = settings.EnableUdp,
            EnableTcp = settings.EnableTcp,
            UnknownDevices = settings.UnknownDevices,
            HeartbeatIntervalSeconds = settings.HeartbeatIntervalSeconds,
            HeartbeatCount = settings.HeartbeatCount,
            CatalogRefreshMinutes = settings.CatalogRefreshMinutes,
            StatusRefreshMinutes = settings.StatusRefreshMinutes,
            StoredSettings = store.StoredNames.Select(name => char.ToLowerInvariant(name[0]) + name[1..]).Order(StringComparer.Ordinal).ToList(),
            Listening = server.IsListening,
            UdpPort = server.UdpPort,
            TcpPort = server.TcpPort,
            StartFailure = server.StartFailure ?? (settings.Enabled ? null : "the GB/T 28181 server is turned off (Gb28181:Enabled=false)"),
        };
    }

    /// <summary>Validates and stores a change; returns the settings in effect afterwards, or every rule the change breaks.</summary>
    /// <remarks>NOTE: there are no roles yet, so every signed-in user may change these settings.</remarks>
    public async Task<Result<GbPlatformSettingsResponse>> SaveAsync(GbPlatformSettingsInput input, string? changedBy, CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            var before = options.CurrentValue;
            var applied = GbPlatformSettingsRules.Apply(before, input);
            if (!applied.IsSuccess)
            {
                return Result<GbPlatformSettingsResponse>.Failure(applied.Errors);
            }

            var changes = GbPlatformSettingsRules.Changes(before, applied.Value);
            if (input.ClearPassword)
            {
                changes[nameof(Gb28181Options.Password)] = null;
            }
            else if (!string.IsNullOrEmpty(input.Password))
            {
                changes[nameof(Gb28181Options.Password)] = input.Password;
            }

            if (changes.Count == 0)
            {
                return Get();
            }

            await store.SaveAsync(changes, cancellationToken);
            var after = options.CurrentValue;
            LogSaved(changedBy ?? "", string.Join(", ", changes.Keys));

            if (GbPlatformSettingsRules.NeedsRestart(before, after))
            {
                await server.RestartAsync(cancellationToken);
            }

            if (before.HeartbeatIntervalSeconds != after.HeartbeatIntervalSeconds || before.HeartbeatCount != after.HeartbeatCount)
            {
                await ApplyHeartbeatAsync(after, cancellationToken);
            }

            return Get();
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>Sets the heartbeat window of every session that has no heartbeat of its own to the new platform values.</summary>
    private async Task ApplyHeartbeatAsync(Gb28181Options settings, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var own = await db.GbDevices.AsNoTracking()
            .Select(d => new { d.GbId, d.HeartbeatIntervalSeconds, d.HeartbeatCount })
            .ToDictionaryAsync(d => d.GbId, StringComparer.Ordinal, cancellationToken);
        foreach (var session in book.Sessions)
        {
            var device = own.GetValueOrDefault(session.GbId);
            lock (session.Sync)
            {
                session.HeartbeatWindow = settings.HeartbeatWindow(device?.HeartbeatIntervalSeconds, device?.HeartbeatCount);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 settings changed by {ChangedBy}: {Settings}")]
    private partial void LogSaved(string changedBy, string settings);
}
