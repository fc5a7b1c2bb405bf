using Microsoft.EntityFrameworkCore;

namespace Watchkeeper.Server.Tickets;

public sealed partial class TicketService
{
    /// <summary>
    /// Returns the fault level that <see cref="CreateAsync"/> would choose for these devices when no level is given,
    /// so that the quick-entry form can show it as the default. Devices outside the caller's scope are ignored.
    /// </summary>
    public async Task<int> SuggestLevelAsync(IReadOnlyList<long> deviceIds, CancellationToken cancellationToken)
    {
        var ids = deviceIds.Distinct().Take(MaxDevices).ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Kind, d.OrganizationId }).ToListAsync(cancellationToken);
        return await SuggestLevelAsync(devices.Select(d => (d.Kind, d.OrganizationId)).ToList(), [], cancellationToken);
    }
}
