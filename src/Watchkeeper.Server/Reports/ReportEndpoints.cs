using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Reports;

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reports").WithTags("Reports");
        group.MapGet("/firmware-versions", async (FirmwareVersionReport report, CancellationToken cancellationToken) =>
                TypedResults.Ok(await report.GetAsync(cancellationToken)))
            .RequirePermission(Capability.Reports, PermissionAction.View)
            .WithSummary("Firmware versions per vendor and model with their device counts; models on more than one version are flagged and list the " +
                "devices not on the most common version");
        group.MapGet("/firmware-versions/export", async (FirmwareVersionReport report, TimeProvider time, CancellationToken cancellationToken) =>
                TypedResults.File(await report.ExportCsvAsync(cancellationToken), "text/csv; charset=utf-8",
                    $"固件版本报表_{time.GetUtcNow():yyyyMMdd_HHmmss}.csv"))
            .RequirePermission(Capability.Reports, PermissionAction.Export)
            .WithSummary("The firmware version report as CSV, one row per device with its model's most common version");
        return routes;
    }
}
