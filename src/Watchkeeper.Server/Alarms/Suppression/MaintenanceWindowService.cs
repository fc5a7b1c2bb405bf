using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Recording;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>Lists, creates, replaces and deletes maintenance windows for the API and console.</summary>
public sealed class MaintenanceWindowService(
    WatchkeeperDbContext db,
    SuppressionAccess access,
    AlarmSuppressions suppressions,
    DutyTimeZone platformZone,
    TimeProvider time)
{
    /// <summary>Returns the windows visible to the current user, newest first; <paramref name="activeOnly"/> keeps those in force now.</summary>
    public async Task<IReadOnlyList<MaintenanceWindowView>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windows = await db.MaintenanceWindows.AsNoTracking().OrderByDescending(w => w.StartAt).ThenByDescending(w => w.Id).ToListAsync(cancellationToken);
        var scopes = windows.ToDictionary(w => w.Id, SuppressionScope.Of);
        var visible = await access.VisibilityAsync(scopes.Values, cancellationToken);
        var views = new List<MaintenanceWindowView>();
        foreach (var window in windows.Where(w => visible(scopes[w.Id])))
        {
            var view = MaintenanceWindows.ViewOf(window, now, await access.CanWriteAsync(scopes[window.Id], cancellationToken));
            if (!activeOnly || view.State == SuppressionState.Active)
            {
                views.Add(view);
            }
        }

        return views;
    }

    public async Task<Result<MaintenanceWindowView>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var window = await db.MaintenanceWindows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return SuppressionErrors.WindowNotFound(id);
        }

        var scope = SuppressionScope.Of(window);
        if (!(await access.VisibilityAsync([scope], cancellationToken))(scope))
        {
            return SuppressionErrors.WindowNotFound(id);
        }

        return MaintenanceWindows.ViewOf(window, time.GetUtcNow(), await access.CanWriteAsync(scope, cancellationToken));
    }

    public async Task<Result<MaintenanceWindowView>> CreateAsync(MaintenanceWindowInput input, string user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = new MaintenanceWindow { CreatedBy = user, CreatedAt = now };
        var errors = await ApplyAsync(window, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<MaintenanceWindowView>.Failure(errors);
        }

        window.UpdatedBy = user;
        window.UpdatedAt = now;
        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        return MaintenanceWindows.ViewOf(window, now, canEdit: true);
    }

    public async Task<Result<MaintenanceWindowView>> UpdateAsync(long id, MaintenanceWindowInput input, string user, CancellationToken cancellationToken)
    {
        var window = await FindWritableAsync(id, cancellationToken);
        if (!window.IsSuccess)
        {
            return Result<MaintenanceWindowView>.Failure(window.Errors);
        }

        var errors = await ApplyAsync(window.Value, input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<MaintenanceWindowView>.Failure(errors);
        }

        var now = time.GetUtcNow();
        window.Value.UpdatedBy = user;
        window.Value.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        return MaintenanceWindows.ViewOf(window.Value, now, canEdit: true);
    }

    /// <summary>Deletes the window; the suppression worker then clears the flag of every alarm it covered.</summary>
    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var window = await FindWritableAsync(id, cancellationToken);
        if (!window.IsSuccess)
        {
            return window.FirstError;
        }

        db.MaintenanceWindows.Remove(window.Value);
        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        return Result.Success();
    }

    private async Task<Result<MaintenanceWindow>> FindWritableAsync(long id, CancellationToken cancellationToken)
    {
        var window = await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return SuppressionErrors.WindowNotFound(id);
        }

        var scope = SuppressionScope.Of(window);
        if (!(await access.VisibilityAsync([scope], cancellationToken))(scope))
        {
            return SuppressionErrors.WindowNotFound(id);
        }

        return await access.CanWriteAsync(scope, cancellationToken) ? window : SuppressionErrors.WindowBeyondScope(id);
    }

    /// <summary>Validates the input and copies it onto the window; returns every rule it breaks.</summary>
    private async Task<List<Error>> ApplyAsync(MaintenanceWindow window, MaintenanceWindowInput input, CancellationToken cancellationToken)
    {
        var scope = new SuppressionScope(input.OrganizationIds ?? [], input.DeviceIds ?? [], input.DeviceKinds ?? [], input.AlarmTypes ?? [], []);
        var errors = await access.CheckScopeAsync(scope, cancellationToken);
        if (errors.Any(e => e.Kind != ErrorKind.Validation))
        {
            return errors;
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaintenanceWindow.MaxNameLength)
        {
            errors.Add(SuppressionErrors.WindowName());
        }

        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length > MaintenanceWindow.MaxReasonLength)
        {
            errors.Add(SuppressionErrors.WindowReason());
        }

        if (input.DeviceKinds?.Count > SuppressionLists.MaxEntries)
        {
            errors.Add(SuppressionErrors.TooManyEntries("deviceKinds"));
        }

        if (input.AlarmTypes?.Count > SuppressionLists.MaxEntries)
        {
            errors.Add(SuppressionErrors.TooManyEntries("alarmTypes"));
        }

        var zoneName = string.IsNullOrWhiteSpace(input.TimeZone) ? platformZone.Zone.Id : input.TimeZone.Trim();
        if (LocalDay.FindZone(zoneName) is null)
        {
            errors.Add(SuppressionErrors.InvalidTimeZone(input.TimeZone));
        }

        CheckPeriod(input, errors);
        var recurrence = ParseRecurrence(input.Recurrence, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        window.Name = name;
        window.Reason = reason;
        window.StartAt = input.Start!.Value.ToUniversalTime();
        window.EndAt = input.End!.Value.ToUniversalTime();
        window.TimeZone = zoneName;
        window.RecurrenceKind = recurrence?.Kind;
        window.DaysOfWeek = recurrence is { Kind: MaintenanceRecurrenceKind.Weekly } ? SuppressionLists.Format(recurrence.DaysOfWeek) : null;
        window.StartTime = recurrence is { Kind: MaintenanceRecurrenceKind.Weekly } ? recurrence.StartTime : null;
        window.CronExpression = recurrence?.CronExpression;
        window.DurationMinutes = recurrence is null ? null : (int)recurrence.Duration.TotalMinutes;
        window.OrganizationIds = SuppressionLists.Format(scope.OrganizationIds);
        window.DeviceIds = SuppressionLists.Format(scope.DeviceIds);
        window.DeviceKinds = SuppressionLists.Format(scope.DeviceKinds);
        window.AlarmTypes = SuppressionLists.Format(scope.AlarmTypes);
        return errors;
    }

    private static void CheckPeriod(MaintenanceWindowInput input, List<Error> errors)
    {
        if (input.Start is null || input.End is null)
        {
            errors.Add(Error.Validation("maintenance_window.period", Bilingual.Join(
                "请填写开始时间 start 和结束时间 end（ISO 8601，如 2026-12-06T02:00:00+08:00）。",
                "Give both start and end (ISO 8601, e.g. 2026-12-06T02:00:00+08:00)."), input.Start is null ? "start" : "end"));
        }
        else if (input.End <= input.Start)
        {
            errors.Add(SuppressionErrors.WindowEndBeforeStart(input.Start.Value, input.End.Value));
        }
    }

    /// <summary>Returns the recurrence the input describes, null for a one-off window or when it is invalid (with errors added).</summary>
    public static MaintenanceRecurrence? ParseRecurrence(RecurrenceInput? input, List<Error> errors)
    {
        if (input is null)
        {
            return null;
        }

        var before = errors.Count;
        if (input.DurationMinutes is not { } minutes || minutes < 1 || minutes > MaintenanceWindows.MaxDurationMinutes)
        {
            errors.Add(Error.Validation("maintenance_window.duration", Bilingual.Join(
                $"每次维护时长 durationMinutes 须在 1–{MaintenanceWindows.MaxDurationMinutes} 分钟之间。",
                $"durationMinutes must be 1-{MaintenanceWindows.MaxDurationMinutes} minutes."), "recurrence.durationMinutes"));
        }

        var duration = TimeSpan.FromMinutes(input.DurationMinutes ?? 0);
        switch (input.Kind)
        {
            case MaintenanceRecurrenceKind.Weekly:
                if (input.DaysOfWeek is not { Count: > 0 } days || days.Any(d => !Enum.IsDefined(d)))
                {
                    errors.Add(Error.Validation("maintenance_window.days_of_week", Bilingual.Join(
                        "每周重复须至少选择一天（daysOfWeek，如 [\"Monday\"]）。", "A weekly recurrence needs at least one day in daysOfWeek, e.g. [\"Monday\"]."),
                        "recurrence.daysOfWeek"));
                }

                if (!TimeOnly.TryParseExact(input.StartTime?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var startTime))
                {
                    errors.Add(Error.Validation("maintenance_window.start_time", Bilingual.Join(
                        $"开始时刻“{input.StartTime}”无效，请用 HH:mm，如 02:00。", $"Start time '{input.StartTime}' is invalid; use HH:mm, e.g. 02:00."),
                        "recurrence.startTime"));
                }

                return errors.Count > before ? null : MaintenanceRecurrence.Weekly(input.DaysOfWeek!, startTime, duration);

            case MaintenanceRecurrenceKind.Cron:
                if (input.Expression?.Length > SuppressionLists.MaxCronLength || MaintenanceRecurrence.TryParseCron(input.Expression) is null)
                {
                    errors.Add(Error.Validation("maintenance_window.cron", Bilingual.Join(
                        $"cron 表达式“{input.Expression}”无效，请用五段格式（分 时 日 月 周），如 0 2 * * 0。",
                        $"Cron expression '{input.Expression}' is invalid; use five fields (minute hour day month weekday), e.g. 0 2 * * 0."),
                        "recurrence.expression"));
                }

                return errors.Count > before ? null : MaintenanceRecurrence.Cron(input.Expression!, duration);

            default:
                errors.Add(Error.Validation("maintenance_window.recurrence_kind", Bilingual.Join(
                    "重复方式 kind 须为 Weekly 或 Cron；一次性窗口请省略 recurrence。",
                    "The recurrence kind must be Weekly or Cron; leave recurrence out for a one-off window."), "recurrence.kind"));
                return null;
        }
    }
}
