using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Tickets;

public sealed record TicketDeviceOption(long Id, string Code, string Name, DeviceKind Kind);

public sealed record TicketAlarmOption(long Id, AlarmType Type, AlarmSeverity Severity, AlarmState State, long DeviceId, string DeviceCode);

public sealed record TicketUserOption(string Id, string Name);

/// <summary>The lookups of the ticket console beyond the API's views: pickers, labels of linked records, clock calendars.</summary>
public sealed class TicketConsoleQueries(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    /// <summary>Maximum devices a device search returns; the dispatcher narrows the search text to find more.</summary>
    public const int MaxDeviceOptions = 50;

    /// <summary>Returns the devices of the organization and its descendants whose code or name contains the text.</summary>
    public async Task<IReadOnlyList<TicketDeviceOption>> DevicesAsync(long organizationId, string? text, CancellationToken cancellationToken)
    {
        var subtree = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId).ToList();
        var rows = db.Devices.AsNoTracking().Where(d => subtree.Contains(d.OrganizationId));
        if (!string.IsNullOrWhiteSpace(text))
        {
            var trimmed = text.Trim();
            rows = rows.Where(d => d.Code.Contains(trimmed) || d.Name.Contains(trimmed));
        }

        return await rows.OrderBy(d => d.Code).Take(MaxDeviceOptions)
            .Select(d => new TicketDeviceOption(d.Id, d.Code, d.Name, d.Kind)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TicketDeviceOption>> DevicesByIdAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id)).OrderBy(d => d.Code)
            .Select(d => new TicketDeviceOption(d.Id, d.Code, d.Name, d.Kind)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<TicketAlarmOption>> AlarmsByIdAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var alarms = await db.Alarms.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Type, a.Severity, a.State, a.DeviceId }).ToListAsync(cancellationToken);
        var deviceIds = alarms.Select(a => a.DeviceId).Distinct().ToList();
        var codes = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Code, cancellationToken);
        return [.. alarms.Select(a => new TicketAlarmOption(a.Id, a.Type, a.Severity, a.State, a.DeviceId, codes.GetValueOrDefault(a.DeviceId) ?? $"#{a.DeviceId}"))];
    }

    /// <summary>Returns the active users a ticket can be assigned to, by name.</summary>
    public async Task<IReadOnlyList<TicketUserOption>> AssigneesAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => !u.IsDisabled)
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName ?? u.Id }).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.Name, StringComparer.CurrentCulture).Select(u => new TicketUserOption(u.Id, u.Name))];
    }

    public static Error NumberNotFound(string number) => Error.Validation("ticket.number.not_found", Bilingual.Join(
        $"找不到编号为“{number}”的工单，请核对编号。", $"No ticket in your scope has the number '{number}'; check the number."), "targetTicketId");

    /// <summary>Returns the id of the ticket with the number (such as GD-20261205-000007), or null when none in scope has it.</summary>
    public async Task<long?> FindByNumberAsync(string number, CancellationToken cancellationToken)
    {
        var trimmed = number.Trim();
        return await db.Tickets.AsNoTracking().Where(t => t.Number == trimmed).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the business calendar of each clock's current target, or null for a target on 7×24 time, so that the
    /// console counts a running clock on the same time as the server.
    /// </summary>
    public async Task<IReadOnlyDictionary<SlaClockKind, BusinessCalendar?>> CalendarsAsync(long ticketId, CancellationToken cancellationToken)
    {
        var terms = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Terms).FirstOrDefaultAsync(cancellationToken);
        if (terms is null)
        {
            return new Dictionary<SlaClockKind, BusinessCalendar?>();
        }

        var clocks = await TicketClocks.LoadAsync(db, cancellationToken);
        return terms.Targets.ToDictionary(t => t.Clock, t => t.CalendarId is { } id ? clocks.Calendar(id) : null);
    }
}
