using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

/// <summary>Ticket actions on behalf of a user: opening tickets and moving them through their workflow, each through the audited save.</summary>
public sealed partial class TicketService(
    WatchkeeperDbContext db,
    ISlaPolicies terms,
    IOptions<TicketOptions> options,
    TimeProvider time,
    ILogger<TicketService> logger,
    TicketAssigner assigner)
{
    public const int MaxDevices = 500;
    public const int MaxAlarms = 500;

    private const int MaxAttempts = 3;

    /// <summary>
    /// Opens a ticket. <paramref name="beforeCommit"/> runs in the ticket's transaction once the ticket has its id, so rows it
    /// adds to this service's context are saved with the ticket or not at all.
    /// </summary>
    public async Task<Result<long>> CreateAsync(TicketCreateInput input, TicketSource source, UserAccess caller, CancellationToken cancellationToken,
        Action<Ticket>? beforeCommit = null)
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

        if (input.FaultLevel is { } requested && requested is < Ticket.MinLevel or > Ticket.MaxLevel)
        {
            errors.Add(TicketErrors.LevelInvalid(requested));
        }

        var category = ParseEnum<FaultCategory>(input.Category, "category", FaultCategory.Other, errors);
        var priority = ParseEnum<CallPriority>(input.CallPriority, "callPriority", CallPriority.Normal, errors);
        var deviceIds = (input.DeviceIds ?? []).Distinct().ToList();
        var alarmIds = (input.AlarmIds ?? []).Distinct().ToList();
        if (deviceIds.Count > MaxDevices || alarmIds.Count > MaxAlarms)
        {
            errors.Add(TicketApiErrors.TooManyLinks(deviceIds.Count, alarmIds.Count));
        }

        if (input.OrganizationId is not { } organizationId || !await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            errors.Add(TicketApiErrors.OrganizationNotFound(input.OrganizationId));
            return Result<long>.Failure(errors);
        }

        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Kind, d.OrganizationId }).ToListAsync(cancellationToken);
        foreach (var missing in deviceIds.Except(devices.Select(d => d.Id)))
        {
            errors.Add(TicketApiErrors.DeviceNotFound(missing));
        }

        var alarms = await db.Alarms.AsNoTracking().Where(a => alarmIds.Contains(a.Id)).ToListAsync(cancellationToken);
        foreach (var missing in alarmIds.Except(alarms.Select(a => a.Id)))
        {
            errors.Add(TicketApiErrors.AlarmNotFound(missing));
        }

        var now = time.GetUtcNow();
        ContractSummary? contract = null;
        if (input.ContractId is { } contractId && (contract = await terms.ContractAsync(contractId, cancellationToken)) is null)
        {
            errors.Add(TicketApiErrors.ContractNotFound(contractId));
        }

        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        contract ??= await terms.ContractForAsync(organizationId, now, cancellationToken);
        var level = input.FaultLevel ?? await SuggestLevelAsync(devices.Select(d => (d.Kind, d.OrganizationId)).ToList(), alarms, cancellationToken);
        var report = new TicketReport(title, description, level, category, source, organizationId,
            Trimmed(input.RequesterName, 100) ?? caller.UserName ?? "", Trimmed(input.RequesterContact, 200) ?? "", priority,
            source == TicketSource.Portal ? caller.UserId : null);
        var ticket = Ticket.Open(report, await terms.TermsAsync(contract?.Id, level, cancellationToken), caller.UserName, now, contract?.Id);
        foreach (var device in devices)
        {
            ticket.RecordDeviceLinked(device.Id, caller.UserName, now);
        }

        foreach (var alarm in alarms)
        {
            ticket.RecordAlarmLinked(alarm.Id, caller.UserName, now, alarm.CausedByDeviceId is null ? "root" : null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(cancellationToken);
        ticket.AssignNumber(NumberOf(ticket, options.Value.TimeZone()));
        db.TicketDevices.AddRange(devices.Select(d => new TicketDevice { TicketId = ticket.Id, DeviceId = d.Id }));
        db.TicketAlarms.AddRange(alarms.Select(a => new TicketAlarm { TicketId = ticket.Id, AlarmId = a.Id, IsRoot = a.CausedByDeviceId is null }));
        (await TicketClocks.LoadAsync(db, cancellationToken)).Refresh(ticket, now);
        beforeCommit?.Invoke(ticket);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCreated(ticket.Id, ticket.Number, ticket.FaultLevel, ticket.OrganizationId, caller.UserName);
        return ticket.Id;
    }

    /// <summary>Applies a workflow action. After a concurrent change by someone else, it reloads the ticket and tries again.</summary>
    public async Task<Result> TransitionAsync(long id, TicketTransitionInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<TicketActionKind>(input.Action?.Trim(), ignoreCase: true, out var action) || char.IsAsciiDigit(input.Action!.Trim()[0]))
        {
            return TicketApiErrors.ActionUnknown(input.Action);
        }

        if (action == TicketActionKind.Close && !caller.Has(Capability.Tickets, PermissionAction.Close))
        {
            return TicketApiErrors.Forbidden("close");
        }

        for (var attempt = 1; ; attempt++)
        {
            var ticket = await LoadAsync(id, cancellationToken);
            if (ticket is null)
            {
                return TicketApiErrors.NotFound(id);
            }

            if (!MayTransition(ticket, action, caller))
            {
                return ActionForbidden(action);
            }

            var result = await ApplyAsync(ticket, action, input, caller, cancellationToken);
            if (!result.IsSuccess)
            {
                return result;
            }

            try
            {
                await SaveAsync(cancellationToken);
                LogTransition(ticket.Id, action, ticket.State, caller.UserName);
                return Result.Success();
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, id, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result> CommentAsync(long id, TicketCommentInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await LoadAsync(id, cancellationToken);
            if (ticket is null)
            {
                return TicketApiErrors.NotFound(id);
            }

            if (!MayContribute(ticket, caller))
            {
                return TicketApiErrors.Forbidden("comment");
            }

            var result = ticket.Comment(input.Text ?? "", caller.UserName, time.GetUtcNow());
            if (!result.IsSuccess)
            {
                return result;
            }

            try
            {
                await SaveAsync(cancellationToken);
                return Result.Success();
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, id, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result> ApplyAsync(Ticket ticket, TicketActionKind action, TicketTransitionInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = caller.UserName;
        switch (action)
        {
            case TicketActionKind.Assign:
            case TicketActionKind.Transfer:
                var assignee = input.AssigneeUserId?.Trim();
                if (string.IsNullOrEmpty(assignee) || !await db.Users.AnyAsync(u => u.Id == assignee && !u.IsDisabled, cancellationToken))
                {
                    return TicketApiErrors.AssigneeNotFound(input.AssigneeUserId);
                }

                return ticket.Assign(assignee, actor, now, input.Note);
            case TicketActionKind.Accept:
                return ticket.Accept(actor, now, input.Note);
            case TicketActionKind.Arrive:
                return ticket.Arrive(actor, now, input.ArrivedAt?.ToUniversalTime(), Trimmed(input.Location, 200), input.Note);
            case TicketActionKind.Start:
                return ticket.StartWork(actor, now, input.Note);
            case TicketActionKind.Pause:
                var pauseErrors = new List<Error>();
                var reason = ParseEnum(input.PauseReason, "pauseReason", PauseReason.WaitingForCustomer, pauseErrors);
                return pauseErrors.Count > 0 ? pauseErrors[0] : ticket.Pause(reason, actor, now, input.Note ?? input.Reason);
            case TicketActionKind.Resume:
                return ticket.Resume(actor, now, input.Note);
            case TicketActionKind.Restore:
                return ticket.Restore(input.LimitedService ?? false, actor, now, input.Note);
            case TicketActionKind.Resolve:
                return ticket.Resolve(input.Cause ?? "", input.Solution ?? "", input.KnowledgeArticleId, actor, now);
            case TicketActionKind.Confirm:
                return ticket.Confirm(actor, now, input.Note);
            case TicketActionKind.Rate:
                return ticket.Rate(input.Rating ?? 0, input.Note, actor, now);
            case TicketActionKind.Close:
                return ticket.Close(input.Reason, actor, now);
            case TicketActionKind.Reopen:
                return ticket.Reopen(input.Reason ?? "", actor, now);
            case TicketActionKind.ChangeLevel:
                if (input.FaultLevel is not { } level || level is < Ticket.MinLevel or > Ticket.MaxLevel)
                {
                    return TicketErrors.LevelInvalid(input.FaultLevel ?? 0);
                }

                return ticket.ChangeLevel(level, await terms.TermsAsync(ticket.ContractId, level, cancellationToken), input.Reason ?? "", actor, now);
            case TicketActionKind.Merge:
                var target = input.TargetTicketId is { } targetId ? await LoadAsync(targetId, cancellationToken) : null;
                return target is null ? TicketApiErrors.NotFound(input.TargetTicketId ?? 0) : ticket.MergeInto(target, actor, now, input.Note);
            case TicketActionKind.AutoAssign:
                return await assigner.AssignAsync(ticket, actor, now, cancellationToken);
            default:
                return TicketApiErrors.ActionUnknown(input.Action);
        }
    }

    /// <summary>Loads a ticket in the caller's scope with its whole log (a ticket's log is short) for the clocks.</summary>
    private Task<Ticket?> LoadAsync(long id, CancellationToken cancellationToken) =>
        db.Tickets.Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    /// <summary>Refreshes the clocks of every changed ticket and saves them under their version check.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        var clocks = await TicketClocks.LoadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var entry in db.ChangeTracker.Entries<Ticket>().ToList())
        {
            clocks.Refresh(entry.Entity, now);
            TicketVersion.Increment(db, entry.Entity);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<int> SuggestLevelAsync(List<(DeviceKind Kind, long OrganizationId)> devices, List<Alarm> alarms, CancellationToken cancellationToken)
    {
        var roots = alarms.Where(a => a.CausedByDeviceId is null).Select(a => a.DeviceId).ToList();
        var rootKinds = await db.Devices.AsNoTracking().Where(d => roots.Contains(d.Id)).Select(d => d.Kind).ToListAsync(cancellationToken);
        var consequences = alarms.Count(a => a.CausedByDeviceId is not null);
        var incidentIds = alarms.Where(a => a.IncidentId is not null).Select(a => a.IncidentId!.Value).ToList();
        var siteOutage = incidentIds.Count > 0
            && await db.AlarmIncidents.AnyAsync(i => incidentIds.Contains(i.Id) && i.Kind == AlarmIncidentKind.SiteOutage, cancellationToken);
        var camerasPerSite = devices.Where(d => d.Kind is DeviceKind.Camera or DeviceKind.Channel)
            .GroupBy(d => d.OrganizationId).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var evidence = new FaultEvidence([.. devices.Select(d => d.Kind).Concat(rootKinds).Distinct()], Math.Max(camerasPerSite, consequences), siteOutage);
        return FaultLevels.Suggest(await terms.FaultLevelCriteriaAsync(cancellationToken), evidence);
    }

    /// <summary>GD-yyyyMMdd-NNNNNN: the local date of the report and the ticket id, unique and easy to read out on the phone.</summary>
    internal static string NumberOf(Ticket ticket, TimeZoneInfo zone) =>
        $"GD-{TimeZoneInfo.ConvertTime(ticket.CreatedAt, zone):yyyyMMdd}-{ticket.Id:D6}";

    private static T ParseEnum<T>(string? value, string field, T fallback, List<Error> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && !char.IsAsciiDigit(value.Trim()[0]))
        {
            return parsed;
        }

        errors.Add(TicketApiErrors.EnumInvalid(field, value, Enum.GetNames<T>()));
        return fallback;
    }

    private static string? Trimmed(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > maxLength ? trimmed[..maxLength] : trimmed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} {TicketNumber} opened at fault level {FaultLevel} for organization {OrganizationId} by {Actor}")]
    private partial void LogCreated(long ticketId, string ticketNumber, int faultLevel, long organizationId, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while it was saved (attempt {Attempt}); reloading it and trying again")]
    private partial void LogConcurrentChange(Exception exception, long ticketId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: {Action} by {Actor}, now {TicketState}")]
    private partial void LogTransition(long ticketId, TicketActionKind action, TicketState ticketState, string? actor);
}

/// <summary>The workflow actions of <c>POST /api/v1/tickets/{id}/transitions</c>.</summary>
public enum TicketActionKind
{
    Assign,
    Transfer,
    Accept,
    Arrive,
    Start,
    Pause,
    Resume,
    Restore,
    Resolve,
    Confirm,
    Rate,
    Close,
    Reopen,
    ChangeLevel,
    Merge,

    /// <summary>Assigns the ticket to an engineer on duty, chosen by skills and workload (see <see cref="TicketAssigner"/>).</summary>
    AutoAssign,
}
