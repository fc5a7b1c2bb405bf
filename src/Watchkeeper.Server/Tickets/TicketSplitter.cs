using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

/// <summary>The part of a ticket to split off: the new ticket's title and description, and the devices and alarms it takes over.</summary>
public sealed record TicketSplitInput(string? Title, string? Description, IReadOnlyList<long>? DeviceIds, IReadOnlyList<long>? AlarmIds);

/// <summary>
/// Splits devices and alarms of a ticket off into a new ticket with the same organization, contract, requester, category
/// and level. Both logs record the split, and the new ticket's clocks start at the split.
/// </summary>
public sealed partial class TicketSplitter(
    WatchkeeperDbContext db,
    ISlaPolicies terms,
    IOptions<TicketOptions> options,
    TimeProvider time,
    ILogger<TicketSplitter> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>Returns the new ticket's id. After a concurrent change of the original, it reloads it and tries again.</summary>
    public async Task<Result<long>> SplitAsync(long id, TicketSplitInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > Ticket.MaxTitleLength)
        {
            errors.Add(TicketApiErrors.TitleInvalid(input.Title));
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > Ticket.MaxDescriptionLength)
        {
            errors.Add(TicketApiErrors.DescriptionTooLong(description.Length));
        }

        var deviceIds = (input.DeviceIds ?? []).Distinct().ToList();
        var alarmIds = (input.AlarmIds ?? []).Distinct().ToList();
        if (deviceIds.Count == 0 && alarmIds.Count == 0)
        {
            errors.Add(TicketRuleErrors.SplitEmpty());
        }

        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SplitOnceAsync(id, title, description, deviceIds, alarmIds, caller.UserName, cancellationToken);
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, id, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result<long>> SplitOnceAsync(long id, string title, string description, List<long> deviceIds, List<long> alarmIds, string? actor,
        CancellationToken cancellationToken)
    {
        var original = await db.Tickets.Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (original is null)
        {
            return TicketApiErrors.NotFound(id);
        }

        if (!original.IsOpen)
        {
            return TicketRuleErrors.SplitClosed(id);
        }

        var devices = await db.TicketDevices.Where(x => x.TicketId == id && deviceIds.Contains(x.DeviceId)).ToListAsync(cancellationToken);
        var alarms = await db.TicketAlarms.Where(x => x.TicketId == id && alarmIds.Contains(x.AlarmId)).ToListAsync(cancellationToken);
        var errors = deviceIds.Except(devices.Select(d => d.DeviceId)).Select(missing => TicketRuleErrors.SplitDeviceNotLinked(id, missing))
            .Concat(alarmIds.Except(alarms.Select(a => a.AlarmId)).Select(missing => TicketRuleErrors.SplitAlarmNotLinked(id, missing)))
            .ToList();
        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        var now = time.GetUtcNow();
        var report = new TicketReport(title, description, original.FaultLevel, original.Category, original.Source, original.OrganizationId,
            original.RequesterName, original.RequesterContact, original.CallPriority, original.RequesterUserId);
        var part = Ticket.Open(report, await terms.TermsAsync(original.ContractId, original.FaultLevel, cancellationToken), actor, now, original.ContractId);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Tickets.Add(part);
        await db.SaveChangesAsync(cancellationToken);
        part.AssignNumber(TicketService.NumberOf(part, options.Value.TimeZone()));

        var moved = Bilingual.Join(
            $"移出设备：{Ids(deviceIds, "无")}；告警：{Ids(alarmIds, "无")}", $"moved devices: {Ids(deviceIds, "none")}; alarms: {Ids(alarmIds, "none")}");
        original.RecordSplit(part, actor, now, moved);
        foreach (var device in devices)
        {
            part.RecordDeviceLinked(device.DeviceId, actor, now);
            db.TicketDevices.Remove(device);
            db.TicketDevices.Add(new TicketDevice { TicketId = part.Id, DeviceId = device.DeviceId });
        }

        foreach (var alarm in alarms)
        {
            part.RecordAlarmLinked(alarm.AlarmId, actor, now, alarm.IsRoot ? "root" : null);
            db.TicketAlarms.Remove(alarm);
            db.TicketAlarms.Add(new TicketAlarm { TicketId = part.Id, AlarmId = alarm.AlarmId, IsRoot = alarm.IsRoot });
        }

        // A root alarm that opened the original by rule now belongs to the new ticket, and so do its later consequences.
        foreach (var origin in await db.TicketAlarmOrigins.Where(o => o.TicketId == id && alarmIds.Contains(o.AlarmId)).ToListAsync(cancellationToken))
        {
            origin.TicketId = part.Id;
        }

        var clocks = await TicketClocks.LoadAsync(db, cancellationToken);
        clocks.Refresh(part, now);
        clocks.Refresh(original, now);
        TicketVersion.Increment(db, original);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSplit(original.Id, part.Id, devices.Count, alarms.Count, actor);
        return part.Id;
    }

    private static string Ids(List<long> ids, string none) =>
        ids.Count == 0 ? none : string.Join(", ", ids.Order().Select(i => i.ToString(CultureInfo.InvariantCulture)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} split into ticket {NewTicketId} ({DeviceCount} devices, {AlarmCount} alarms) by {Actor}")]
    private partial void LogSplit(long ticketId, long newTicketId, int deviceCount, int alarmCount, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while it was split (attempt {Attempt}); reloading it and trying again")]
    private partial void LogConcurrentChange(Exception exception, long ticketId, int attempt);
}
