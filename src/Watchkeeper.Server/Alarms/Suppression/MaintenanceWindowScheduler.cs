using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// Opens, moves and cancels the one-off window another capability owns (an approved change is "change:42"). It
/// does not check the caller's organization scope: the owning capability decided who may plan the work.
/// </summary>
/// <remarks>
/// Every write is audited. Called outside a user's request, it saves as the platform, because the audit
/// interceptor records only changes made while an organization scope is set.
/// </remarks>
public sealed partial class MaintenanceWindowScheduler(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    AlarmSuppressions suppressions,
    DutyTimeZone platformZone,
    TimeProvider time,
    ILogger<MaintenanceWindowScheduler> logger) : IMaintenanceWindowScheduler
{
    public async Task<Result<long>> ScheduleAsync(string owner, MaintenanceWindowDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var errors = Validate(owner, draft);
        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        using var audited = AuditedWork.Begin();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var window = await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Owner == owner.Trim(), cancellationToken);
        if (window is null)
        {
            window = new MaintenanceWindow { Owner = owner.Trim(), CreatedBy = actor, CreatedAt = now, TimeZone = platformZone.Zone.Id };
            db.MaintenanceWindows.Add(window);
        }

        window.Name = draft.Name.Trim();
        window.Reason = draft.Reason.Trim();
        window.StartAt = draft.Start.ToUniversalTime();
        window.EndAt = draft.End.ToUniversalTime();
        window.RecurrenceKind = null;
        window.DaysOfWeek = null;
        window.StartTime = null;
        window.CronExpression = null;
        window.DurationMinutes = null;
        window.OrganizationIds = SuppressionLists.Format(draft.OrganizationIds);
        window.DeviceIds = SuppressionLists.Format(draft.DeviceIds);
        window.DeviceKinds = SuppressionLists.Format(draft.DeviceKinds);
        window.AlarmTypes = SuppressionLists.Format(draft.AlarmTypes);
        window.UpdatedBy = actor;
        window.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        LogScheduled(window.Id, window.Owner!, window.StartAt, window.EndAt, actor);
        return window.Id;
    }

    public async Task CancelAsync(string owner, string actor, CancellationToken cancellationToken = default)
    {
        using var audited = AuditedWork.Begin();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Owner == owner.Trim(), cancellationToken);
        var now = time.GetUtcNow();
        if (window is null || window.EndAt <= now)
        {
            return;
        }

        // A window that has not started goes away; one in force ends now and stays in the history.
        if (window.StartAt >= now)
        {
            db.MaintenanceWindows.Remove(window);
        }
        else
        {
            window.EndAt = now;
            window.UpdatedBy = actor;
            window.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        LogCancelled(window.Id, owner, actor);
    }

    private static List<Error> Validate(string owner, MaintenanceWindowDraft draft)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(owner) || owner.Trim().Length > MaintenanceWindow.MaxOwnerLength)
        {
            errors.Add(Error.Validation("maintenance_window.owner", Bilingual.Join(
                $"所有者必填，且不超过 {MaintenanceWindow.MaxOwnerLength} 个字符，如 change:42。",
                $"The owner is required and at most {MaintenanceWindow.MaxOwnerLength} characters, e.g. change:42."), "owner"));
        }

        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > MaintenanceWindow.MaxNameLength)
        {
            errors.Add(SuppressionErrors.WindowName());
        }

        if (draft.Reason.Trim().Length > MaintenanceWindow.MaxReasonLength)
        {
            errors.Add(SuppressionErrors.WindowReason());
        }

        if (draft.End <= draft.Start)
        {
            errors.Add(SuppressionErrors.WindowEndBeforeStart(draft.Start, draft.End));
        }

        (string Field, int Count)[] lists = [("organizationIds", draft.OrganizationIds.Count), ("deviceIds", draft.DeviceIds.Count),
            ("deviceKinds", draft.DeviceKinds.Count), ("alarmTypes", draft.AlarmTypes.Count)];
        errors.AddRange(lists.Where(l => l.Count > SuppressionLists.MaxEntries).Select(l => SuppressionErrors.TooManyEntries(l.Field)));

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance window {WindowId} of {Owner} scheduled from {Start} to {End} by {Actor}")]
    private partial void LogScheduled(long windowId, string owner, DateTimeOffset start, DateTimeOffset end, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance window {WindowId} of {Owner} cancelled by {Actor}")]
    private partial void LogCancelled(long windowId, string owner, string actor);

    /// <summary>Sets an unrestricted scope while none is set, so that the audit interceptor records the change as the platform's.</summary>
    private readonly struct AuditedWork(bool set) : IDisposable
    {
        public static AuditedWork Begin()
        {
            if (OrganizationScope.Current is not null)
            {
                return new AuditedWork(false);
            }

            OrganizationScope.Current = OrganizationScope.Unrestricted;
            return new AuditedWork(true);
        }

        public void Dispose()
        {
            if (set)
            {
                OrganizationScope.Current = null;
            }
        }
    }
}
