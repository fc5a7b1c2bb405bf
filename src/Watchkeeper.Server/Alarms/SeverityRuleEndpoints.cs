using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms;

/// <summary>The body of a severity rule; enum values are names (for example <c>"Critical"</c>, <c>"Camera"</c>, <c>"Offline"</c>).</summary>
public sealed record SeverityRuleInput(
    string? Name,
    long? OrganizationId,
    string? DeviceKind,
    string? AlarmType,
    string? SubjectContains,
    string? Severity,
    int? Priority);

public sealed record SeverityRuleResponse(
    long Id,
    string Name,
    long? OrganizationId,
    DeviceKind? DeviceKind,
    AlarmType? AlarmType,
    string SubjectContains,
    AlarmSeverity Severity,
    int Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public static class SeverityRuleEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxSubjectLength = 128;

    /// <summary>Maps <c>/severity-rules</c> under the alarms group: Alarms.View reads, Alarms.Administer writes.</summary>
    public static RouteGroupBuilder MapSeverityRulesApi(this RouteGroupBuilder alarms)
    {
        var rules = alarms.MapGroup("/severity-rules");
        var viewers = rules.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.View);
        var administrators = rules.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Administer);

        viewers.MapGet("/", async (WatchkeeperDbContext db, CancellationToken cancellationToken) =>
        {
            var stored = await db.SeverityRules.AsNoTracking().OrderBy(r => r.Priority).ThenBy(r => r.Id).ToListAsync(cancellationToken);
            return TypedResults.Ok(stored.Select(ToResponse).ToList());
        }).WithSummary("Severity rules in the order they are tried; the first that matches a new alarm sets its severity");

        administrators.MapPost("/", async (SeverityRuleInput input, WatchkeeperDbContext db, OrganizationDirectory organizations,
            SeverityRuleBook book, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var rule = new SeverityRule { CreatedAt = time.GetUtcNow() };
            if (await ApplyAsync(rule, input, db, organizations, rule.CreatedAt, cancellationToken) is { Count: > 0 } errors)
            {
                return ApiResults.Problem(errors);
            }

            db.SeverityRules.Add(rule);
            await db.SaveChangesAsync(cancellationToken);
            book.Invalidate();
            return TypedResults.Created($"/api/v1/alarms/severity-rules/{rule.Id}", ToResponse(rule));
        }).WithSummary("Create a severity rule");

        administrators.MapPut("/{id:long}", async (long id, SeverityRuleInput input, WatchkeeperDbContext db, OrganizationDirectory organizations,
            SeverityRuleBook book, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var rule = await db.SeverityRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (rule is null)
            {
                return RuleNotFound(id);
            }

            if (await ApplyAsync(rule, input, db, organizations, time.GetUtcNow(), cancellationToken) is { Count: > 0 } errors)
            {
                return ApiResults.Problem(errors);
            }

            await db.SaveChangesAsync(cancellationToken);
            book.Invalidate();
            return TypedResults.Ok(ToResponse(rule));
        }).WithSummary("Replace a severity rule; alarms already open keep their severity");

        administrators.MapDelete("/{id:long}", async (long id, WatchkeeperDbContext db, SeverityRuleBook book, CancellationToken cancellationToken) =>
        {
            var rule = await db.SeverityRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (rule is null)
            {
                return RuleNotFound(id);
            }

            db.SeverityRules.Remove(rule);
            await db.SaveChangesAsync(cancellationToken);
            book.Invalidate();
            return TypedResults.NoContent();
        }).WithSummary("Delete a severity rule");

        return alarms;
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="rule"/>; returns the errors, empty when it is valid.</summary>
    private static async Task<List<Error>> ApplyAsync(SeverityRule rule, SeverityRuleInput input, WatchkeeperDbContext db,
        OrganizationDirectory organizations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Add(Error.Validation("severity_rule.name", Bilingual.Join(
                $"规则名称须为 1–{MaxNameLength} 个字符。", $"The rule name must be 1-{MaxNameLength} characters."), "name"));
        }
        else if (await db.SeverityRules.IgnoreOrganizationScope().AnyAsync(r => r.Name == name && r.Id != rule.Id, cancellationToken))
        {
            errors.Add(Error.Conflict("severity_rule.name_taken", Bilingual.Join(
                $"已有名为“{name}”的严重程度规则，请换一个名称。", $"A severity rule named '{name}' exists; choose another name.")));
        }

        if (input.OrganizationId is { } organizationId && !await organizations.IsVisibleAsync(organizationId, cancellationToken))
        {
            errors.Add(Error.Validation("severity_rule.organization", Bilingual.Join(
                $"组织 {organizationId} 不存在。", $"Organization {organizationId} does not exist."), "organizationId"));
        }

        var severity = ParseEnum<AlarmSeverity>(input.Severity, "severity", errors, required: true);
        var deviceKind = ParseEnum<DeviceKind>(input.DeviceKind, "deviceKind", errors, required: false);
        var alarmType = ParseEnum<AlarmType>(input.AlarmType, "alarmType", errors, required: false);
        var subject = input.SubjectContains?.Trim() ?? "";
        if (subject.Length > MaxSubjectLength)
        {
            errors.Add(Error.Validation("severity_rule.subject", Bilingual.Join(
                $"subjectContains 最多 {MaxSubjectLength} 个字符。", $"subjectContains must be at most {MaxSubjectLength} characters."), "subjectContains"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        rule.Name = name;
        rule.OrganizationId = input.OrganizationId;
        rule.DeviceKind = deviceKind;
        rule.AlarmType = alarmType;
        rule.SubjectContains = subject;
        rule.Severity = severity!.Value;
        rule.Priority = input.Priority ?? 100;
        rule.UpdatedAt = now;
        return errors;
    }

    private static TEnum? ParseEnum<TEnum>(string? text, string field, List<Error> errors, bool required)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(Error.Validation($"severity_rule.{field}", Bilingual.Join(
                    $"缺少 {field}，可选 {string.Join("、", Enum.GetNames<TEnum>())}。",
                    $"{field} is missing; use one of {string.Join(", ", Enum.GetNames<TEnum>())}."), field));
            }

            return null;
        }

        if (!text.Trim().All(char.IsAsciiDigit) && Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        errors.Add(Error.Validation($"severity_rule.{field}", Bilingual.Join(
            $"{field} 的值“{text}”无效，可选 {string.Join("、", Enum.GetNames<TEnum>())}。",
            $"{field} '{text}' is invalid; use one of {string.Join(", ", Enum.GetNames<TEnum>())}."), field));
        return null;
    }

    private static IResult RuleNotFound(long id) =>
        ApiResults.Problem(Error.NotFound("severity_rule.not_found", Bilingual.Join($"严重程度规则 {id} 不存在。", $"Severity rule {id} does not exist.")));

    private static SeverityRuleResponse ToResponse(SeverityRule rule) => new(
        rule.Id, rule.Name, rule.OrganizationId, rule.DeviceKind, rule.AlarmType, rule.SubjectContains, rule.Severity, rule.Priority, rule.CreatedAt, rule.UpdatedAt);
}
