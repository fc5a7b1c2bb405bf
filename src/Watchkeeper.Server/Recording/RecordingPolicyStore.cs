using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Recording;

/// <summary>Loads the organizations' recording settings and resolves them for channels.</summary>
public sealed class RecordingPolicyStore(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations,
    IOptionsMonitor<RecordingOptions> options, TimeProvider time)
{
    /// <summary>The zone of calendar days where no organization sets one: the configured zone, else the server's.</summary>
    public TimeZoneInfo DefaultZone => LocalDay.FindZone(options.CurrentValue.TimeZone) ?? time.LocalTimeZone;

    public async Task<RecordingPolicyResolver> LoadResolverAsync(CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.RecordingPolicies.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
        var settings = stored.ToDictionary(p => p.OrganizationId,
            p => new OrganizationRecordingSettings(p.OrganizationId, p.RetentionDays, RecordingScheduleJson.Deserialize(p.Schedule), p.TimeZoneId));
        return new RecordingPolicyResolver(tree, settings, Math.Max(0, options.CurrentValue.DefaultRetentionDays), DefaultZone);
    }

    /// <summary>Resolves the policy of one channel, with its own schedule when it has one.</summary>
    public async Task<EffectiveRecordingPolicy> ResolveAsync(long organizationId, long deviceId, CancellationToken cancellationToken)
    {
        var resolver = await LoadResolverAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var own = await db.RecordingChannelStates.AsNoTracking().Where(s => s.DeviceId == deviceId).Select(s => s.Schedule).FirstOrDefaultAsync(cancellationToken);
        return resolver.Resolve(organizationId, RecordingScheduleJson.Deserialize(own));
    }
}
