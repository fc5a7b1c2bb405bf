using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Duty;

/// <summary>The users that one roster query result names, loaded with one database query.</summary>
internal sealed class DutyUsers
{
    private readonly Dictionary<string, Row> _byId;

    private DutyUsers(Dictionary<string, Row> byId) => _byId = byId;

    internal sealed record Row(string Id, string UserName, string? DisplayName, bool IsDisabled, string? PhoneNumber, string? Email,
        string? DingTalkId, string? WeComId, string? FeishuId);

    public static async Task<DutyUsers> LoadAsync(WatchkeeperDbContext db, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var requested = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            return new DutyUsers([]);
        }

        var rows = await db.Users.AsNoTracking()
            .Where(u => requested.Contains(u.Id))
            .Select(u => new Row(u.Id, u.UserName ?? u.Id, u.DisplayName, u.IsDisabled, u.PhoneNumber, u.Email, u.DingTalkId, u.WeComId, u.FeishuId))
            .ToListAsync(cancellationToken);
        return new DutyUsers(rows.ToDictionary(r => r.Id, StringComparer.Ordinal));
    }

    /// <summary>Returns the ids among <paramref name="ids"/> that name no user.</summary>
    public static async Task<List<string>> MissingAsync(WatchkeeperDbContext db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        return ids.Except(found, StringComparer.Ordinal).ToList();
    }

    public DutyUserView? View(string? id) =>
        id is not null && _byId.TryGetValue(id, out var row) ? new DutyUserView(row.Id, row.UserName, row.DisplayName) : null;

    public List<DutyUserView> Views(IEnumerable<string> ids) => ids.Select(View).OfType<DutyUserView>().ToList();

    /// <summary>Returns the active users among <paramref name="ids"/> with their contacts; disabled users are left out.</summary>
    public List<OnDutyUser> OnDuty(IEnumerable<string> ids, string? leaderId) =>
        ids.Select(id => _byId.GetValueOrDefault(id))
            .OfType<Row>()
            .Where(r => !r.IsDisabled)
            .Select(r => new OnDutyUser(r.Id, r.UserName, r.DisplayName, r.Id == leaderId, r.PhoneNumber, r.Email, r.DingTalkId, r.WeComId, r.FeishuId))
            .OrderByDescending(u => u.IsLeader)
            .ThenBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
}
