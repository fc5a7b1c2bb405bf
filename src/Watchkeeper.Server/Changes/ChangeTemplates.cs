using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>
/// A standard-change template as written or replaced: allowedDeviceKinds names DeviceKind values (empty allows all);
/// approvedBy and approvedAt default to the caller and now.
/// </summary>
public sealed record ChangeTemplateInput(
    string? Name,
    string? Description,
    string? Category,
    string? Steps,
    string? RollbackPlan,
    string? Risk,
    IReadOnlyList<string>? AllowedDeviceKinds,
    bool? RequiresNotice,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt);

/// <summary>Keeps the standard-change template catalog. Writes go through the audited save.</summary>
public sealed partial class ChangeTemplates(WatchkeeperDbContext db, TimeProvider time, ILogger<ChangeTemplates> logger)
{
    public async Task<IReadOnlyList<ChangeTemplate>> ListAsync(bool activeOnly, CancellationToken cancellationToken) =>
        await db.ChangeTemplates.AsNoTracking().Where(t => !activeOnly || t.IsActive).OrderBy(t => t.Category).ThenBy(t => t.Name)
            .ToListAsync(cancellationToken);

    public Task<ChangeTemplate?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.ChangeTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public async Task<Result<ChangeTemplate>> CreateAsync(ChangeTemplateInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var template = new ChangeTemplate { CreatedAt = now, CreatedBy = caller.UserName };
        var errors = await ApplyAsync(template, input, caller, now, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ChangeTemplate>.Failure(errors);
        }

        db.ChangeTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        LogSaved(template.Id, template.Name, caller.UserName);
        return template;
    }

    public async Task<Result<ChangeTemplate>> UpdateAsync(long id, ChangeTemplateInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var template = await db.ChangeTemplates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return ChangeCatalogErrors.TemplateMissing(id);
        }

        var errors = await ApplyAsync(template, input, caller, time.GetUtcNow(), cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ChangeTemplate>.Failure(errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSaved(template.Id, template.Name, caller.UserName);
        return template;
    }

    /// <summary>Activates or deactivates a template. Changes already raised from it are not affected.</summary>
    public async Task<Result<ChangeTemplate>> SetActiveAsync(long id, bool active, UserAccess caller, CancellationToken cancellationToken)
    {
        var template = await db.ChangeTemplates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return ChangeCatalogErrors.TemplateMissing(id);
        }

        template.IsActive = active;
        template.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogActive(template.Id, active, caller.UserName);
        return template;
    }

    /// <summary>Checks the input and copies it onto the template; returns the errors, none when it was copied.</summary>
    private async Task<List<Error>> ApplyAsync(ChangeTemplate template, ChangeTemplateInput input, UserAccess caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = ChangeService.ReadText(input.Name, "name", ChangeLimits.NameLength, required: true, errors);
        var description = ChangeService.ReadText(input.Description, "description", ChangeLimits.TextLength, required: false, errors);
        var category = ChangeService.ReadText(input.Category, "category", ChangeLimits.NameLength, required: false, errors);
        var steps = ChangeService.ReadText(input.Steps, "steps", ChangeLimits.TextLength, required: true, errors);
        var rollback = ChangeService.ReadText(input.RollbackPlan, "rollbackPlan", ChangeLimits.TextLength, required: true, errors);
        var approvedBy = ChangeService.ReadText(input.ApprovedBy, "approvedBy", ChangeLimits.NameLength, required: false, errors);
        var risk = input.Risk is null ? ChangeRisk.Low : ChangeService.ParseEnum<ChangeRisk>(input.Risk, "risk", errors) ?? ChangeRisk.Low;
        var kinds = new List<DeviceKind>();
        foreach (var text in input.AllowedDeviceKinds ?? [])
        {
            if (Enum.TryParse<DeviceKind>(text?.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !char.IsAsciiDigit(text!.Trim()[0]))
            {
                kinds.Add(kind);
            }
            else
            {
                errors.Add(ChangeCatalogErrors.DeviceKindUnknown(text));
            }
        }

        if (errors.Count == 0 && await db.ChangeTemplates.AnyAsync(t => t.Name == name && t.Id != template.Id, cancellationToken))
        {
            errors.Add(ChangeCatalogErrors.TemplateNameTaken(name));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        template.Name = name;
        template.Description = description;
        template.Category = category;
        template.Steps = steps;
        template.RollbackPlan = rollback;
        template.Risk = risk;
        template.AllowedDeviceKinds = [.. kinds.Distinct()];
        template.RequiresNotice = input.RequiresNotice ?? false;
        template.ApprovedBy = approvedBy.Length > 0 ? approvedBy : caller.UserName ?? caller.UserId;
        template.ApprovedAt = input.ApprovedAt?.ToUniversalTime() ?? now;
        template.UpdatedAt = now;
        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Standard-change template {TemplateId} ({Name}) saved by {User}")]
    private partial void LogSaved(long templateId, string name, string? user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Standard-change template {TemplateId} set active={Active} by {User}")]
    private partial void LogActive(long templateId, bool active, string? user);
}
