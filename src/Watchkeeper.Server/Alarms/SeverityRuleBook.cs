using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms;

/// <summary>
/// The severity rules in memory, for the health processor to apply to every alarm it opens. The rules API
/// invalidates it after each change; it also reloads on its own every <see cref="MaxAge"/>.
/// </summary>
public sealed class SeverityRuleBook(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    public void Invalidate() => _snapshot = null;

    /// <summary>Sets the severity of each new alarm from the first rule that matches it.</summary>
    public async Task ApplyAsync(IEnumerable<Alarm> opened, DeviceDirectory directory, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(cancellationToken);
        if (snapshot.Rules.Count == 0)
        {
            return;
        }

        foreach (var alarm in opened)
        {
            var device = directory.Find(alarm.DeviceId);
            if (device is null)
            {
                continue;
            }

            var rule = snapshot.Rules.FirstOrDefault(r => Matches(r, snapshot.Tree, device, alarm));
            if (rule is not null)
            {
                alarm.ChangeSeverity(rule.Severity, at, $"severity rule \"{rule.Name}\"");
            }
        }
    }

    private static bool Matches(SeverityRule rule, OrganizationTree tree, MonitoredDevice device, Alarm alarm) =>
        (rule.AlarmType is null || rule.AlarmType == alarm.Type)
        && (rule.DeviceKind is null || rule.DeviceKind == device.Kind)
        && (rule.OrganizationId is not { } organizationId || tree.IsInSubtree(device.OrganizationId, organizationId))
        && (rule.SubjectContains.Length == 0 || alarm.Subject.Contains(rule.SubjectContains, StringComparison.OrdinalIgnoreCase));

    private async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } current && now - current.LoadedAt < MaxAge)
        {
            return current;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.SeverityRules.AsNoTracking().IgnoreOrganizationScope()
            .OrderBy(r => r.Priority).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var snapshot = new Snapshot(rules, await organizations.GetTreeAsync(cancellationToken), now);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<SeverityRule> Rules, OrganizationTree Tree, DateTimeOffset LoadedAt);
}
