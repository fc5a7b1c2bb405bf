using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;

namespace Watchkeeper.Server.Gb28181;

/// <summary>A device's own GB/T 28181 settings as stored; null heartbeat values take the platform's.</summary>
public sealed record GbDeviceSettingsView(string? DigestUserName, bool HasOwnPassword, int? HeartbeatIntervalSeconds, int? HeartbeatCount);

/// <summary>
/// Sets a device's own digest user name, password and heartbeat, for the console and for
/// PUT /api/v1/gb28181/devices/{gbId}/settings. A ledger device with a GB/T 28181 ID gets its profile here, so its
/// own password can be set before it first registers.
/// </summary>
public sealed class GbDeviceSettingsService(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    CredentialProtector protector,
    GbSessionBook book,
    IOptionsMonitor<Gb28181Options> options)
{
    public const int MaxUserNameLength = 64;

    /// <summary>Returns the device's own settings, or null when it has no GB/T 28181 profile.</summary>
    public async Task<GbDeviceSettingsView?> GetAsync(string gbId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.GbDevices.AsNoTracking()
            .Where(d => d.GbId == gbId)
            .Select(d => new GbDeviceSettingsView(d.DigestUserName, d.EncryptedPassword != null, d.HeartbeatIntervalSeconds, d.HeartbeatCount))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Validates and stores the settings, and applies the heartbeat to the device's session at once.</summary>
    /// <remarks>NOTE: there are no roles yet, so every signed-in user may change a device's credentials.</remarks>
    public async Task<Result> SaveAsync(string gbId, GbDeviceSettingsInput input, CancellationToken cancellationToken)
    {
        if (input.HeartbeatIntervalSeconds is < GbPlatformSettingsRules.MinHeartbeatIntervalSeconds or > GbPlatformSettingsRules.MaxHeartbeatIntervalSeconds
            || input.HeartbeatCount is < GbPlatformSettingsRules.MinHeartbeatCount or > GbPlatformSettingsRules.MaxHeartbeatCount)
        {
            return Error.Validation("gb28181.settings.heartbeat", Bilingual.Join(
                "心跳周期须在 5–3600 秒之间，心跳次数须在 1–100 之间。", "The heartbeat interval must be 5-3600 s and the heartbeat count 1-100."), "heartbeatIntervalSeconds");
        }

        if (input.DigestUserName is { Length: > MaxUserNameLength })
        {
            return Error.Validation("gb28181.settings.user", Bilingual.Join(
                $"SIP 用户名最多 {MaxUserNameLength} 个字符。", $"The SIP user name may have at most {MaxUserNameLength} characters."), "digestUserName");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.GbDevices.FirstOrDefaultAsync(d => d.GbId == gbId, cancellationToken);
        if (profile is null)
        {
            var deviceId = await db.Devices.Where(d => d.GbId == gbId).OrderBy(d => d.Id).Select(d => (long?)d.Id).FirstOrDefaultAsync(cancellationToken);
            if (deviceId is null)
            {
                return GbEndpoints.DeviceNotFound(gbId);
            }

            profile = new GbDevice { DeviceId = deviceId.Value, GbId = gbId };
            db.GbDevices.Add(profile);
        }

        profile.DigestUserName = string.IsNullOrWhiteSpace(input.DigestUserName) ? null : input.DigestUserName.Trim();
        if (input.ClearPassword)
        {
            profile.EncryptedPassword = null;
        }
        else if (!string.IsNullOrEmpty(input.Password))
        {
            profile.EncryptedPassword = protector.Protect(input.Password);
        }

        profile.HeartbeatIntervalSeconds = input.HeartbeatIntervalSeconds;
        profile.HeartbeatCount = input.HeartbeatCount;
        await db.SaveChangesAsync(cancellationToken);

        if (book.Find(gbId) is { } session)
        {
            lock (session.Sync)
            {
                session.HeartbeatWindow = options.CurrentValue.HeartbeatWindow(profile.HeartbeatIntervalSeconds, profile.HeartbeatCount);
            }
        }

        return Result.Success();
    }
}
