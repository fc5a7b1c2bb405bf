using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>The standard-change template and the freeze periods as a change is raised, submitted and permitted.</summary>
public sealed partial class ChangeService
{
    internal static string ReadText(string? value, string field, int max, bool required, List<Error> errors) => Text(value, field, max, required, errors);

    internal static T? ParseEnum<T>(string? value, string field, List<Error> errors)
        where T : struct, Enum => Parse<T>(value, field, errors);

    /// <summary>
    /// Finds the template a change names. A Standard change needs an active template; other types take none.
    /// </summary>
    private async Task<ChangeTemplate?> FindTemplateAsync(ChangeType type, long? templateId, List<Error> errors, CancellationToken cancellationToken)
    {
        if (type != ChangeType.Standard)
        {
            if (templateId is not null)
            {
                errors.Add(ChangeCatalogErrors.TemplateNotForType(type));
            }

            return null;
        }

        if (templateId is not { } id)
        {
            errors.Add(ChangeCatalogErrors.TemplateRequired());
            return null;
        }

        var template = await db.ChangeTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            errors.Add(ChangeCatalogErrors.TemplateNotFound(id));
            return null;
        }

        if (!template.IsActive)
        {
            errors.Add(ChangeCatalogErrors.TemplateInactive(id, template.Name));
            return null;
        }

        return template;
    }

    /// <summary>Fills what the user left empty from the template: the title, the steps as the description, the rollback plan, the risk and the notice.</summary>
    private static ChangeCreateInput WithTemplate(ChangeCreateInput input, ChangeTemplate? template) => template is null
        ? input
        : input with
        {
            Title = string.IsNullOrWhiteSpace(input.Title) ? template.Name : input.Title,
            Description = string.IsNullOrWhiteSpace(input.Description) ? template.Steps : input.Description,
            RollbackPlan = string.IsNullOrWhiteSpace(input.RollbackPlan) ? template.RollbackPlan : input.RollbackPlan,
            Risk = input.Risk ?? template.Risk.ToString(),
            RequiresNotice = input.RequiresNotice ?? template.RequiresNotice,
        };

    /// <summary>Returns an error for each named device whose kind the template does not allow.</summary>
    private async Task<IEnumerable<Error>> TemplateDeviceErrorsAsync(ChangeTemplate? template, IReadOnlyList<long> deviceIds, CancellationToken cancellationToken)
    {
        if (template is null || template.AllowedDeviceKinds.Count == 0 || deviceIds.Count == 0)
        {
            return [];
        }

        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).Select(d => new { d.Name, d.Kind }).ToListAsync(cancellationToken);
        return devices.Where(d => !template.AllowedDeviceKinds.Contains(d.Kind))
            .Select(d => ChangeCatalogErrors.DeviceKindNotAllowed(template.Name, d.Name, d.Kind, template.AllowedDeviceKinds)).ToList();
    }

    /// <summary>
    /// Rejects a Standard, Minor or Major change whose window falls in a freeze period covering its scope, naming the
    /// period. An Emergency change goes ahead: the overlap is logged and recorded on the change.
    /// </summary>
    private async Task<Error?> CheckFreezeAsync(ChangeRequest change, DateTimeOffset windowStart, DateTimeOffset windowEnd, string action, UserAccess caller,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var periods = await ChangeFreezes.CoveringAsync(db, organizations, health, change, windowStart, windowEnd, cancellationToken);
        if (periods.Count == 0)
        {
            return null;
        }

        if (change.Type != ChangeType.Emergency)
        {
            return ChangeCatalogErrors.Frozen(periods[0], action);
        }

        foreach (var period in periods)
        {
            change.RecordFreezeOverlap(period.Name, action, caller.UserName, now);
            LogFreezeOverlap(change.Id, period.Id, period.Name, action);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency change {ChangeId}: {Action} inside freeze period {FreezePeriodId} ({Name})")]
    private partial void LogFreezeOverlap(long changeId, long freezePeriodId, string name, string action);
}
