using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Kpi;

public static class IntactRateEndpoints
{
    /// <summary>Longest period one intact-rate request may span.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3660);

    public static IEndpointRouteBuilder MapIntactRateApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/kpi").WithTags("KPI").MapGet("/intact-rate", async (IntactRateService service, TimeProvider time,
            CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null, long? organizationId = null) =>
        {
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-1);
            if (end <= start || end - start > MaxPeriod)
            {
                return ApiResults.Problem(Error.Validation("kpi.period.invalid", Bilingual.Join(
                    "统计区间无效：from 须早于 to，且跨度不超过 10 年。", "Invalid period: from must be before to, and the span at most 10 years."), "from"));
            }

            return TypedResults.Ok(await service.ComputeAsync(start.ToUniversalTime(), end.ToUniversalTime(), organizationId, cancellationToken));
        }).WithSummary("Intact rate (完好率): time camera points were online and passing diagnosis ÷ monitored time; the response states the definition")
            .RequirePermission(Capability.Reports, PermissionAction.View);

        return routes;
    }
}
