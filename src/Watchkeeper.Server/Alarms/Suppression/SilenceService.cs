using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// The body of POST /api/v1/silences. At least one matcher list must be set. The silence starts at
/// <see cref="Start"/> (default now) and lasts <see cref="DurationMinutes"/> or until <see cref="End"/>.
/// </summary>
public sealed record SilenceInput(
    IReadOnlyList<long>? OrganizationIds,
    IReadOnlyList<long>? DeviceIds,
    IReadOnlyList<DeviceKind>? DeviceKinds,
    IReadOnlyList<AlarmType>? AlarmTypes,
    IReadOnlyList<AlarmSeverity>? Severities,
    DateTimeOffset? Start,
    int? DurationMinutes,
    DateTimeOffset? End,
    string? Reason);

public sealed record SilenceView(
    long Id,
    IReadOnlyList<long> OrganizationIds,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes,
    IReadOnlyList<AlarmSeverity> Severities,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Reason,
    SuppressionState State,
    bool CanExpire,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiredAt,
    string? ExpiredBy);

/// <summary>Which silences a list returns.</summary>
public enum SilenceListFilter
{
    All,

    /// <summary>In force now or starting later.</summary>
    Active,

    Expired,
}

/// <summary>Lists, creates and expires silences for the API and console.</summary>
public sealed class SilenceService(WatchkeeperDbContext db, SuppressionAccess access, AlarmSuppressions suppressions, TimeProvider time)
{
    /// <summary>The longest silence: 30 days. Longer planned quiet belongs in a maintenance window.</summary>
    public const int MaxDurationMinutes = 30 * 24 * 60;

    public async Task<IReadOnlyList<SilenceView>> ListAsync(SilenceListFilter filter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = db.Silences.AsNoTracking();
        query = filter switch
        {
            SilenceListFilter.Active => query.Where(s => s.EndAt > now && (s.ExpiredAt == null || s.ExpiredAt > now)),
            SilenceListFilter.Expired => query.Where(s => s.EndAt <= now || s.ExpiredAt <= now),
            _ => query,
        };
        var silences = await query.OrderByDescending(s => s.StartAt).ThenByDescending(s => s.Id).ToListAsync(cancellationToken);
        var scopes = silences.ToDictionary(s => s.Id, SuppressionScope.Of);
        var visible = await access.VisibilityAsync(scopes.Values, cancellationToken);
        var views = new List<SilenceView>();
        foreach (var silence in silences.Where(s => visible(scopes[s.Id])))
        {
            views.Add(ViewOf(silence, now, await access.CanWriteAsync(scopes[silence.Id], cancellationToken)));
        }

        return views;
    }

    public async Task<Result<SilenceView>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var silence = await db.Silences.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var scope = silence is null ? null : SuppressionScope.Of(silence);
        if (silence is null || !(await access.VisibilityAsync([scope!], cancellationToken))(scope!))
        {
            return SuppressionErrors.SilenceNotFound(id);
        }

        return ViewOf(silence, time.GetUtcNow(), await access.CanWriteAsync(scope!, cancellationToken));
    }

    public async Task<Result<SilenceView>> CreateAsync(SilenceInput input, string user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scope = new SuppressionScope(input.OrganizationIds ?? [], input.DeviceIds ?? [], input.DeviceKinds ?? [], input.AlarmTypes ?? [], input.Severities ?? []);
        if (scope.IsEmpty)
        {
            return Error.Validation("silence.matcher_empty", Bilingual.Join(
                "静默须至少指定一个匹配条件：organizationIds、deviceIds、deviceKinds、alarmTypes 或 severities。",
                "A silence needs at least one matcher: organizationIds, deviceIds, deviceKinds, alarmTypes or severities."), "organizationIds");
        }

        var errors = await access.CheckScopeAsync(scope, cancellationToken);
        if (errors.Any(e => e.Kind != ErrorKind.Validation))
        {
            return Result<SilenceView>.Failure(errors);
        }

        var start = (input.Start ?? now).ToUniversalTime();
        var end = CheckPeriod(input, start, now, errors);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > Silence.MaxReasonLength)
        {
            errors.Add(Error.Validation("silence.reason", Bilingual.Join(
                $"静默须填写原因，且不超过 {Silence.MaxReasonLength} 个字符。", $"A silence needs a reason of at most {Silence.MaxReasonLength} characters."), "reason"));
        }

        foreach (var (field, count) in new[] { ("deviceKinds", scope.DeviceKinds.Count), ("alarmTypes", scope.AlarmTypes.Count), ("severities", scope.Severities.Count) })
        {
            if (count > SuppressionLists.MaxEntries)
            {
                errors.Add(SuppressionErrors.TooManyEntries(field));
            }
        }

        if (errors.Count > 0)
        {
            return Result<SilenceView>.Failure(errors);
        }

        var silence = new Silence
        {
            OrganizationIds = SuppressionLists.Format(scope.OrganizationIds),
            DeviceIds = SuppressionLists.Format(scope.DeviceIds),
            DeviceKinds = SuppressionLists.Format(scope.DeviceKinds),
            AlarmTypes = SuppressionLists.Format(scope.AlarmTypes),
            Severities = SuppressionLists.Format(scope.Severities),
            StartAt = start,
            EndAt = end!.Value,
            Reason = reason,
            CreatedBy = user,
            CreatedAt = now,
        };
        db.Silences.Add(silence);
        await db.SaveChangesAsync(cancellationToken);
        suppressions.Invalidate();
        return ViewOf(silence, now, canExpire: true);
    }

    /// <summary>Ends the silence now and records who did; expiring an expired silence changes nothing.</summary>
    public async Task<Result<SilenceView>> ExpireAsync(long id, string user, CancellationToken cancellationToken)
    {
        var silence = await db.Silences.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var scope = silence is null ? null : SuppressionScope.Of(silence);
        if (silence is null || !(await access.VisibilityAsync([scope!], cancellationToken))(scope!))
        {
            return SuppressionErrors.SilenceNotFound(id);
        }

        if (!await access.CanWriteAsync(scope!, cancellationToken))
        {
            return SuppressionErrors.SilenceBeyondScope(id);
        }

        var now = time.GetUtcNow();
        if (silence.StateAt(now) != SuppressionState.Expired)
        {
            silence.ExpiredAt = now;
            silence.ExpiredBy = user;
            await db.SaveChangesAsync(cancellationToken);
            suppressions.Invalidate();
        }

        return ViewOf(silence, now, canExpire: true);
    }

    private static DateTimeOffset? CheckPeriod(SilenceInput input, DateTimeOffset start, DateTimeOffset now, List<Error> errors)
    {
        if (input.DurationMinutes is not null == input.End is not null)
        {
            errors.Add(Error.Validation("silence.period", Bilingual.Join(
                "请填写时长 durationMinutes 或结束时间 end，二者选一。", "Give either durationMinutes or end, not both and not neither."), "durationMinutes"));
            return null;
        }

        if (input.DurationMinutes is { } minutes && (minutes < 1 || minutes > MaxDurationMinutes))
        {
            errors.Add(Error.Validation("silence.duration", Bilingual.Join(
                $"时长 durationMinutes 须在 1–{MaxDurationMinutes} 分钟之间（最长 30 天）。", $"durationMinutes must be 1-{MaxDurationMinutes} (at most 30 days)."), "durationMinutes"));
            return null;
        }

        var end = input.End?.ToUniversalTime() ?? start.AddMinutes(input.DurationMinutes!.Value);
        if (end <= start)
        {
            errors.Add(Error.Validation("silence.end_before_start", Bilingual.Join(
                $"结束时间 {end:O} 须晚于开始时间 {start:O}。", $"The end {end:O} must be after the start {start:O}."), "end"));
        }
        else if (end <= now)
        {
            errors.Add(Error.Validation("silence.end_past", Bilingual.Join(
                $"结束时间 {end:O} 已过去，静默不会生效。", $"The end {end:O} has passed, so the silence would never apply."), "end"));
        }
        else if (end - start > TimeSpan.FromMinutes(MaxDurationMinutes))
        {
            errors.Add(Error.Validation("silence.duration", Bilingual.Join(
                "静默最长 30 天；更长的计划停机请用维护窗口。", "A silence lasts at most 30 days; use a maintenance window for longer planned work."), "end"));
        }

        return end;
    }

    private static SilenceView ViewOf(Silence silence, DateTimeOffset now, bool canExpire)
    {
        var scope = SuppressionScope.Of(silence);
        return new SilenceView(silence.Id, scope.OrganizationIds, scope.DeviceIds, scope.DeviceKinds, scope.AlarmTypes, scope.Severities,
            silence.StartAt, silence.EffectiveEndAt, silence.Reason, silence.StateAt(now), canExpire, silence.CreatedBy, silence.CreatedAt,
            silence.ExpiredAt, silence.ExpiredBy);
    }
}
