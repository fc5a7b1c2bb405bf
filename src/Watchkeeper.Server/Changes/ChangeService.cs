using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>Change actions on behalf of a user, each through the audited save under the change's version check.</summary>
public sealed partial class ChangeService(
    WatchkeeperDbContext db,
    OrganizationDirectory organizations,
    ChangeHealth health,
    ChangeNotices notices,
    AlarmSuppressions suppressions,
    DeliverySignal deliveries,
    IOptions<ChangeOptions> options,
    TimeProvider time,
    ILogger<ChangeService> logger)
{
    public async Task<Result<long>> CreateAsync(ChangeCreateInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var type = Parse<ChangeType>(input.Type, "type", errors) ?? ChangeType.Minor;
        var template = await FindTemplateAsync(type, input.TemplateId, errors, cancellationToken);
        input = WithTemplate(input, template);
        var risk = input.Risk is null ? ChangeRisk.Low : Parse<ChangeRisk>(input.Risk, "risk", errors) ?? ChangeRisk.Low;
        var title = Text(input.Title, "title", ChangeLimits.TitleLength, required: true, errors);
        var reason = Text(input.Reason, "reason", ChangeLimits.TextLength, required: true, errors);
        var description = Text(input.Description, "description", ChangeLimits.TextLength, required: false, errors);
        var systems = Text(input.AffectedSystems, "affectedSystems", ChangeLimits.NoteLength, required: false, errors);
        var rollback = Text(input.RollbackPlan, "rollbackPlan", ChangeLimits.TextLength, required: type is ChangeType.Major, errors);
        if (input.PlannedStart is not { } start || input.PlannedEnd is not { } end || end <= start)
        {
            errors.Add(ChangeApiErrors.WindowRequired());
            start = end = default;
        }

        var deviceIds = (input.DeviceIds ?? []).Distinct().ToList();
        var organizationIds = (input.OrganizationIds ?? []).Distinct().ToList();
        if (deviceIds.Count == 0 && organizationIds.Count == 0)
        {
            errors.Add(ChangeApiErrors.ScopeEmpty());
        }
        else if (deviceIds.Count > ChangeLimits.MaxDevices || organizationIds.Count > ChangeLimits.MaxOrganizations)
        {
            errors.Add(ChangeApiErrors.ScopeTooLarge(deviceIds.Count, organizationIds.Count));
            return Result<long>.Failure(errors);
        }

        // The scope filters hide devices and organizations outside the caller's scope, so a change cannot reach them.
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).Select(d => new { d.Id, d.OrganizationId }).ToListAsync(cancellationToken);
        errors.AddRange(deviceIds.Except(devices.Select(d => d.Id)).Select(ChangeApiErrors.DeviceNotFound));
        errors.AddRange(await TemplateDeviceErrorsAsync(template, deviceIds, cancellationToken));
        var found = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        errors.AddRange(organizationIds.Except(found).Select(ChangeApiErrors.OrganizationNotFound));
        var implementer = input.ImplementerUserId?.Trim();
        if (!string.IsNullOrEmpty(implementer) && !await db.Users.AnyAsync(u => u.Id == implementer && !u.IsDisabled, cancellationToken))
        {
            errors.Add(ChangeApiErrors.UserNotFound("implementerUserId", implementer));
        }

        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        var owner = CommonAncestor(await organizations.GetTreeAsync(cancellationToken), [.. organizationIds, .. devices.Select(d => d.OrganizationId)]);
        var now = time.GetUtcNow();
        var change = ChangeRequest.Create(new ChangeDraft(type, owner, title, reason, description, start, end, deviceIds, organizationIds, systems, risk,
            rollback, string.IsNullOrEmpty(implementer) ? null : implementer, input.RequiresNotice ?? true, template?.Id, input.EmergencyId), caller.UserName, now);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeRequests.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        change.AssignNumber(string.Create(CultureInfo.InvariantCulture, $"BG-{TimeZoneInfo.ConvertTime(now, notices.Zone):yyyyMMdd}-{change.Id:D6}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCreated(change.Id, change.Number, change.Type, caller.UserName);
        return change.Id;
    }

    /// <summary>Applies a workflow action; a permit that gates refuse returns every unmet gate.</summary>
    public async Task<Result<long>> TransitionAsync(long id, ChangeTransitionInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var action = input.Action?.Trim().ToLowerInvariant() ?? "";
        if (Needed(action) is not { } permission)
        {
            return ChangeApiErrors.ValueUnknown("action", input.Action, s_actions.Keys);
        }

        if (!caller.Has(Capability.Changes, permission))
        {
            return ChangeApiErrors.Forbidden(action, $"changes.{permission.ToString().ToLowerInvariant()}");
        }

        var change = await LoadAsync(id, cancellationToken);
        if (change is null)
        {
            return ChangeApiErrors.NotFound(id);
        }

        var now = time.GetUtcNow();
        var who = new ApproverIdentity(caller.UserId, caller.Roles);
        var comment = input.Comment?.Trim() ?? "";
        Result result;
        switch (action)
        {
            case "submit":
                if (await CheckFreezeAsync(change, change.PlannedStart, change.PlannedEnd, action, caller, now, cancellationToken) is { } frozen)
                {
                    return frozen;
                }

                var chain = await db.ChangeApprovalChains.AsNoTracking().FirstOrDefaultAsync(c => c.Type == change.Type, cancellationToken);
                result = change.Submit(chain?.Steps ?? [], caller.UserName, now, now.AddHours(options.Value.EmergencyApprovalHours));
                break;
            case "approve":
                result = change.Approve(who, comment, now);
                break;
            case "reject":
                result = change.Reject(who, comment, now);
                break;
            case "delegate":
                var delegateId = input.DelegateUserId?.Trim() ?? "";
                if (!await db.Users.AnyAsync(u => u.Id == delegateId && !u.IsDisabled, cancellationToken))
                {
                    return ChangeApiErrors.UserNotFound("delegateUserId", input.DelegateUserId);
                }

                result = change.Delegate(who, delegateId, comment, now);
                break;
            case "issue-permit":
                return await IssuePermitAsync(change, input, caller, now, cancellationToken);
            case "start":
                result = change.Start(await ChangeHealth.SnapshotAsync(db, await health.ScopeAsync(db, change, cancellationToken), cancellationToken),
                    caller.UserName, now, comment);
                break;
            case "record-work":
                result = change.RecordWork(comment, caller.UserName, now);
                break;
            case "extend":
                result = input.WindowEnd is { } newEnd ? change.ExtendWindow(newEnd, comment, caller.UserName, now) : ChangeApiErrors.Required("windowEnd");
                if (result.IsSuccess)
                {
                    await ExtendMaintenanceWindowAsync(change, cancellationToken);
                    await notices.SendAsync(db, change, NoticeKind.Extension, change.Permit!.WindowStart, change.Permit.WindowEnd, null, null, null, caller.UserName,
                        now, cancellationToken);
                }

                break;
            case "close":
                return await CloseAsync(change, input, caller, now, cancellationToken);
            case "review":
                result = change.Review(comment, caller.UserName, now);
                break;
            case "cancel":
                var permitted = change.Permit is not null;
                result = change.Cancel(comment, caller.UserName, now);
                if (result.IsSuccess && permitted)
                {
                    await EndMaintenanceWindowAsync(change, now, cancellationToken);
                }

                if (result.IsSuccess && change.CurrentNotice is { } notice)
                {
                    await notices.SendAsync(db, change, NoticeKind.Cancellation, notice.WindowStart, notice.WindowEnd, notice.ImpactScope, comment, notice.Contact,
                        caller.UserName, now, cancellationToken);
                }

                break;
            default:
                result = change.Comment(comment, caller.UserName, now);
                break;
        }

        return result.IsSuccess ? await SaveAsync(change, action, caller, cancellationToken) : result.Error!;
    }

    public Task<Result<long>> AddBackupAsync(long id, ChangeBackupInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var what = Text(input.What, "what", ChangeLimits.NoteLength, required: true, errors);
        var location = Text(input.Location, "location", 1000, required: true, errors);
        if (input.SizeBytes is not > 0)
        {
            errors.Add(ChangeApiErrors.SizeInvalid(input.SizeBytes));
        }

        return errors.Count > 0
            ? Task.FromResult(Result<long>.Failure(errors))
            : ActAsync(id, caller, "backup", change => change.RecordBackup(what, location, input.SizeBytes!.Value, input.Sha256?.Trim() ?? "", caller.UserName,
                time.GetUtcNow()), cancellationToken);
    }

    public Task<Result<long>> AddTrialRunAsync(long id, ChangeTrialRunInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var environment = Text(input.Environment, "environment", ChangeLimits.NameLength, required: true, errors);
        var steps = Text(input.Steps, "steps", ChangeLimits.TextLength, required: true, errors);
        var results = Text(input.Results, "results", ChangeLimits.TextLength, required: true, errors);
        var evidence = Text(input.Evidence, "evidence", ChangeLimits.TextLength, required: false, errors);
        var signedOff = Text(input.SignedOffBy, "signedOffBy", ChangeLimits.NameLength, required: false, errors);
        return errors.Count > 0
            ? Task.FromResult(Result<long>.Failure(errors))
            : ActAsync(id, caller, "trial run", change => change.RecordTrialRun(environment, steps, results, evidence, input.Passed ?? false,
                signedOff.Length > 0 ? signedOff : null, caller.UserName, time.GetUtcNow()), cancellationToken);
    }

    public async Task<Result<long>> SendNoticeAsync(long id, ChangeNoticeInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var kind = input.Kind is null ? NoticeKind.Advance : Parse<NoticeKind>(input.Kind, "kind", errors) ?? NoticeKind.Advance;
        var scope = Text(input.ImpactScope, "impactScope", ChangeLimits.TextLength, required: true, errors);
        var countermeasures = Text(input.Countermeasures, "countermeasures", ChangeLimits.TextLength, required: kind != NoticeKind.Cancellation, errors);
        var contact = Text(input.Contact, "contact", ChangeLimits.NameLength, required: true, errors);
        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        return await ActAsync(id, caller, "notice", async change =>
        {
            var start = input.WindowStart ?? change.Permit?.WindowStart ?? change.PlannedStart;
            var end = input.WindowEnd ?? change.Permit?.WindowEnd ?? change.PlannedEnd;
            return await notices.SendAsync(db, change, kind, start, end, scope, countermeasures, contact, caller.UserName, time.GetUtcNow(), cancellationToken);
        }, cancellationToken);
    }

    public Task<Result<long>> AddPlanVersionAsync(long id, ChangePlanInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var content = Text(input.Content, "content", ChangeLimits.PlanLength, required: true, errors);
        var note = Text(input.Note, "note", ChangeLimits.NoteLength, required: false, errors);
        return errors.Count > 0
            ? Task.FromResult(Result<long>.Failure(errors))
            : ActAsync(id, caller, "plan", change => change.AddPlanVersion(content, caller.UserName, note, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Records a version before and after; for a device, the ledger's firmware version follows.</summary>
    public async Task<Result<long>> RecordVersionAsync(long id, ChangeVersionInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var component = Text(input.Component, "component", ChangeLimits.NameLength, required: input.DeviceId is null, errors);
        var before = Text(input.VersionBefore, "versionBefore", 100, required: false, errors);
        var after = Text(input.VersionAfter, "versionAfter", 100, required: true, errors);
        var device = input.DeviceId is { } deviceId ? await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken) : null;
        if (input.DeviceId is { } missing && device is null)
        {
            errors.Add(ChangeApiErrors.DeviceNotFound(missing));
        }

        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        return await ActAsync(id, caller, "version", change =>
        {
            var result = change.RecordVersion(device?.Id, component.Length > 0 ? component : device!.Name, before.Length > 0 ? before : device?.FirmwareVersion ?? "",
                after, caller.UserName, time.GetUtcNow());
            if (result.IsSuccess && device is not null)
            {
                device.FirmwareVersion = after;
                device.UpdatedAt = time.GetUtcNow();
            }

            return result;
        }, cancellationToken);
    }

    private static readonly Dictionary<string, PermissionAction> s_actions = new(StringComparer.Ordinal)
    {
        ["submit"] = PermissionAction.Edit,
        ["approve"] = PermissionAction.Approve,
        ["reject"] = PermissionAction.Approve,
        ["delegate"] = PermissionAction.Approve,
        ["issue-permit"] = PermissionAction.Approve,
        ["start"] = PermissionAction.Edit,
        ["record-work"] = PermissionAction.Edit,
        ["extend"] = PermissionAction.Edit,
        ["close"] = PermissionAction.Edit,
        ["review"] = PermissionAction.Close,
        ["cancel"] = PermissionAction.Edit,
        ["comment"] = PermissionAction.View,
    };

    private static PermissionAction? Needed(string action) => s_actions.TryGetValue(action, out var permission) ? permission : null;

    private async Task<Result<long>> IssuePermitAsync(ChangeRequest change, ChangeTransitionInput input, UserAccess caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // The implementer is responsible unless the issuer names someone else, and the issuer when there is no implementer.
        var responsible = input.ResponsibleUserId?.Trim() ?? change.ImplementerUserId ?? caller.UserId;
        if (!await db.Users.AnyAsync(u => u.Id == responsible && !u.IsDisabled, cancellationToken))
        {
            return ChangeApiErrors.UserNotFound("responsibleUserId", input.ResponsibleUserId);
        }

        var permit = new ChangePermit
        {
            Number = $"XK-{change.Number}",
            WindowStart = input.WindowStart ?? change.PlannedStart,
            WindowEnd = input.WindowEnd ?? change.PlannedEnd,
            ResponsibleUserId = responsible,
            SafetyMeasures = input.SafetyMeasures?.Trim() ?? "",
        };
        if (await CheckFreezeAsync(change, permit.WindowStart, permit.WindowEnd, "issue-permit", caller, now, cancellationToken) is { } frozen)
        {
            return frozen;
        }

        var issued = change.IssuePermit(permit, options.Value.NoticeLead, caller.UserName, now);
        if (!issued.IsSuccess)
        {
            return Result<long>.Failure(issued.Errors);
        }

        // A maintenance window over exactly the change's devices, saved with the permit, keeps the planned outage from notifying.
        var window = new MaintenanceWindow
        {
            Name = Truncate($"{change.Number} {change.Title}", MaintenanceWindow.MaxNameLength),
            StartAt = permit.WindowStart,
            EndAt = permit.WindowEnd,
            TimeZone = notices.Zone.Id,
            DeviceIds = string.Join(",", await health.ScopeAsync(db, change, cancellationToken)),
            Reason = Truncate($"变更 {change.Number} 工作许可 / Work permit of change {change.Number}", MaintenanceWindow.MaxReasonLength),
            CreatedBy = caller.UserName ?? caller.UserId,
            CreatedAt = now,
            UpdatedBy = caller.UserName ?? caller.UserId,
            UpdatedAt = now,
        };
        db.MaintenanceWindows.Add(window);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var saved = await SaveAsync(change, "issue-permit", caller, cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved;
        }

        change.LinkMaintenanceWindow(window.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        suppressions.Invalidate();
        return change.Id;
    }

    private async Task<Result<long>> CloseAsync(ChangeRequest change, ChangeTransitionInput input, UserAccess caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var outcome = input.Outcome is null ? ChangeOutcome.Successful : Parse<ChangeOutcome>(input.Outcome, "outcome", errors) ?? ChangeOutcome.Successful;
        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        // Compares the devices as they were at the start with the same devices now.
        var after = await ChangeHealth.SnapshotAsync(db, [.. change.HealthBefore.Select(h => h.DeviceId)], cancellationToken);
        var regressions = HealthComparison.Compare(change.HealthBefore, after);
        var result = change.Close(outcome, input.Results ?? "", input.RestoredSettings ?? "", regressions, input.RegressionExplanation, caller.UserName, now);
        if (!result.IsSuccess)
        {
            return result.Error!;
        }

        await EndMaintenanceWindowAsync(change, now, cancellationToken);
        return await SaveAsync(change, "close", caller, cancellationToken);
    }

    /// <summary>Ends the permit's maintenance window now, so that alarms after the work notify as usual.</summary>
    private async Task EndMaintenanceWindowAsync(ChangeRequest change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (change.Permit?.MaintenanceWindowId is { } id && await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is { } window
            && window.EndAt > now)
        {
            window.EndAt = now > window.StartAt ? now : window.StartAt;
            window.UpdatedAt = now;
        }
    }

    internal async Task ExtendMaintenanceWindowAsync(ChangeRequest change, CancellationToken cancellationToken)
    {
        if (change.Permit?.MaintenanceWindowId is { } id && await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is { } window)
        {
            window.EndAt = change.Permit.WindowEnd;
            window.UpdatedAt = time.GetUtcNow();
        }
    }

    private async Task<Result<long>> ActAsync(long id, UserAccess caller, string action, Func<ChangeRequest, Result> act, CancellationToken cancellationToken) =>
        await ActAsync(id, caller, action, change => Task.FromResult(act(change)), cancellationToken);

    private async Task<Result<long>> ActAsync(long id, UserAccess caller, string action, Func<ChangeRequest, Task<Result>> act, CancellationToken cancellationToken)
    {
        var change = await LoadAsync(id, cancellationToken);
        if (change is null)
        {
            return ChangeApiErrors.NotFound(id);
        }

        var result = await act(change);
        return result.IsSuccess ? await SaveAsync(change, action, caller, cancellationToken) : result.Error!;
    }

    internal async Task<Result<long>> SaveAsync(ChangeRequest change, string action, UserAccess caller, CancellationToken cancellationToken)
    {
        ChangeVersion.Increment(db, change);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ChangeApiErrors.ConcurrentChange(change.Id);
        }

        suppressions.Invalidate();
        deliveries.Wake();
        LogAction(change.Id, action, change.State, caller.UserName);
        return change.Id;
    }

    /// <summary>Loads a change in the caller's scope with all its records, which are few per change.</summary>
    internal Task<ChangeRequest?> LoadAsync(long id, CancellationToken cancellationToken) =>
        db.ChangeRequests.Include(c => c.Activities).Include(c => c.Approvals).Include(c => c.Delegations).Include(c => c.Backups)
            .Include(c => c.TrialRuns).Include(c => c.Notices).Include(c => c.PlanVersions).Include(c => c.Versions)
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>The deepest organization above or at every one given, so that the change is visible wherever its scope is.</summary>
    internal static long CommonAncestor(OrganizationTree tree, IReadOnlyList<long> organizationIds)
    {
        List<long> Path(long id)
        {
            var path = new List<long>();
            var visited = new HashSet<long>();
            for (var current = tree.Find(id); current is not null && visited.Add(current.Id); current = current.ParentId is { } parent ? tree.Find(parent) : null)
            {
                path.Insert(0, current.Id);
            }

            return path;
        }

        var paths = organizationIds.Distinct().Select(Path).Where(p => p.Count > 0).ToList();
        var common = paths[0];
        foreach (var path in paths.Skip(1))
        {
            var length = 0;
            while (length < common.Count && length < path.Count && common[length] == path[length])
            {
                length++;
            }

            common = common[..length];
        }

        return common.Count > 0 ? common[^1] : paths[0][0];
    }

    private static T? Parse<T>(string? value, string field, List<Error> errors)
        where T : struct, Enum
    {
        if (Enum.TryParse<T>(value?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(value!.Trim()[0]))
        {
            return parsed;
        }

        errors.Add(ChangeApiErrors.ValueUnknown(field, value, Enum.GetNames<T>()));
        return null;
    }

    private static string Text(string? value, string field, int max, bool required, List<Error> errors)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0)
        {
            errors.Add(ChangeApiErrors.Required(field));
        }
        else if (text.Length > max)
        {
            errors.Add(ChangeApiErrors.TooLong(field, text.Length, max));
        }

        return text;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} ({Number}, {Type}) created by {User}")]
    private partial void LogCreated(long changeId, string number, ChangeType type, string? user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId}: {Action} by {User}, now {State}")]
    private partial void LogAction(long changeId, string action, ChangeState state, string? user);
}
