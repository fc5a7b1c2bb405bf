using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Devices.Ledger;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Search, export and verification of the audit log. There is deliberately no endpoint that changes or deletes an
/// entry.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/audit").WithTags("Audit");

        group.MapGet("/", SearchAsync)
            .RequirePermission(Capability.Audit, PermissionAction.View)
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Search the audit log, newest first; 'action' ending in '.' selects a group such as 'auth.'");

        group.MapGet("/export", ExportAsync)
            .RequirePermission(Capability.Audit, PermissionAction.Export)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Export the entries the filters select as .csv (UTF-8 with BOM) or .xlsx; the export is itself audited");

        group.MapGet("/verify", VerifyAsync)
            .RequirePermission(Capability.Audit, PermissionAction.Administer)
            .Produces<AuditVerification>()
            .WithSummary("Walk the hash chain and report the first broken link");

        return routes;
    }

    private static async Task<IResult> SearchAsync(AuditQueries queries, CancellationToken cancellationToken,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? userId = null, string? action = null, string? entityType = null,
        string? entityId = null, int page = 1, int pageSize = AuditQueries.DefaultPageSize)
    {
        var filter = new AuditFilter(from, to, userId, action, entityType, entityId);
        if (filter.Validate() is { } invalid)
        {
            return ApiResults.Problem(invalid);
        }

        if (page < 1 || pageSize < 1 || pageSize > AuditQueries.MaxPageSize)
        {
            return ApiResults.Problem(Error.Validation("audit.page.invalid", Bilingual.Join(
                $"page 须大于等于 1，pageSize 须在 1 到 {AuditQueries.MaxPageSize} 之间。",
                $"page must be at least 1 and pageSize between 1 and {AuditQueries.MaxPageSize}."), "pageSize"));
        }

        return TypedResults.Ok(await queries.SearchAsync(filter, page, pageSize, cancellationToken));
    }

    private static async Task<IResult> ExportAsync(AuditQueries queries, AuditExportService export, CancellationToken cancellationToken,
        string? format = null, DateTimeOffset? from = null, DateTimeOffset? to = null, string? userId = null, string? action = null,
        string? entityType = null, string? entityId = null)
    {
        LedgerFormat? parsed = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "csv" => LedgerFormat.Csv,
            "xlsx" => LedgerFormat.Xlsx,
            _ => null,
        };
        if (parsed is not { } fileFormat)
        {
            return ApiResults.Problem(Error.Validation("audit.format.invalid",
                Bilingual.Join($"格式“{format}”无效，可选 csv 或 xlsx。", $"Format '{format}' is invalid; use csv or xlsx."), "format"));
        }

        var filter = new AuditFilter(from, to, userId, action, entityType, entityId);
        if (filter.Validate() is { } invalid)
        {
            return ApiResults.Problem(invalid);
        }

        var count = await queries.CountAsync(filter, cancellationToken);
        if (count > AuditExportService.MaxRows)
        {
            return ApiResults.Problem(Error.Validation("audit.export.too_large", Bilingual.Join(
                $"所选记录有 {count} 条，超过单次导出上限 {AuditExportService.MaxRows} 条，请缩小时间范围或增加筛选条件。",
                $"The selection has {count} entries, more than the {AuditExportService.MaxRows} one export may write; narrow the time range or add filters."), "from"));
        }

        var (file, _) = await export.ExportAsync(fileFormat, filter, cancellationToken);
        return TypedResults.File(file, AuditExportService.ContentTypeOf(fileFormat), export.FileNameOf(fileFormat));
    }

    private static async Task<IResult> VerifyAsync(AuditVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(cancellationToken));
}
