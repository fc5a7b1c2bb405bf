using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>Reads and edits the fault level definitions of levels 1–4, which are never added or removed.</summary>
public sealed class FaultLevelService(WatchkeeperDbContext db, SlaPolicyCatalog catalog, TimeProvider time, ILogger<FaultLevelService> logger)
{
    public const int MaxCameras = 100_000;

    public async Task<IReadOnlyList<FaultLevelView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.FaultLevels.AsNoTracking().OrderBy(l => l.Level).ToListAsync(cancellationToken)).Select(FaultLevelView.From).ToList();

    public async Task<Result<FaultLevelView>> UpdateAsync(int level, FaultLevelInput input, CancellationToken cancellationToken)
    {
        if (level is < Ticket.MinLevel or > Ticket.MaxLevel)
        {
            return ServiceContractErrors.FaultLevelInvalid(level);
        }

        var errors = new List<Error>();
        var nameZh = Text(input.NameZh, "nameZh", FaultLevelDefinition.MaxNameLength, required: true, errors);
        var nameEn = Text(input.NameEn, "nameEn", FaultLevelDefinition.MaxNameLength, required: true, errors);
        var descriptionZh = Text(input.DescriptionZh, "descriptionZh", FaultLevelDefinition.MaxDescriptionLength, required: false, errors);
        var descriptionEn = Text(input.DescriptionEn, "descriptionEn", FaultLevelDefinition.MaxDescriptionLength, required: false, errors);
        var kinds = new List<DeviceKind>();
        foreach (var value in input.DeviceKinds ?? [])
        {
            var text = value?.Trim() ?? "";
            if (text.Length > 0 && !char.IsAsciiDigit(text[0]) && Enum.TryParse<DeviceKind>(text, ignoreCase: true, out var kind))
            {
                kinds.Add(kind);
            }
            else
            {
                errors.Add(ServiceContractErrors.DeviceKindUnknown("deviceKinds", value));
            }
        }

        if (input.MinAffectedCameras is { } cameras and (< 1 or > MaxCameras))
        {
            errors.Add(ServiceContractErrors.CameraCountInvalid(cameras));
        }

        if (errors.Count > 0)
        {
            return Result<FaultLevelView>.Failure(errors);
        }

        var definition = await db.FaultLevels.FirstOrDefaultAsync(l => l.Level == level, cancellationToken);
        if (definition is null)
        {
            definition = new FaultLevelDefinition { Level = level, NameZh = "", NameEn = "" };
            db.FaultLevels.Add(definition);
        }

        definition.NameZh = nameZh;
        definition.NameEn = nameEn;
        definition.DescriptionZh = descriptionZh;
        definition.DescriptionEn = descriptionEn;
        definition.DeviceKinds = [.. kinds.Distinct()];
        definition.MinAffectedCameras = input.MinAffectedCameras;
        definition.SiteOutage = input.SiteOutage;
        definition.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        logger.LogInformation("Updated fault level {FaultLevel} definition", level);
        return FaultLevelView.From(definition);
    }

    private static string Text(string? value, string field, int maxLength, bool required, List<Error> errors)
    {
        var text = value?.Trim() ?? "";
        if ((required && text.Length == 0) || text.Length > maxLength)
        {
            errors.Add(ServiceContractErrors.TextInvalid(field, value, maxLength, required));
        }

        return text;
    }
}
