using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Kpi;

public static class KpiEndpoints
{
    /// <summary>Longest period one online-rate request may span.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3660);

    public static IEndpointRouteBuilder MapKpiApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/kpi").WithTags("KPI");
        var viewers = group.MapGroup("").RequirePermission(Capability.Reports, PermissionAction.View);

        viewers.MapGet("/online-rate", async (OnlineRateService service, TimeProvider time, CancellationToken cancellationToken,
            DateTimeOffset? from = null, DateTimeOffset? to = null, long? organizationId = null, string? kind = null) =>
        {
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-1);
            if (end <= start || end - start > MaxPeriod)
            {
                return ApiResults.Problem(Error.Validation("kpi.period.invalid", Bilingual.Join(
                    "统计区间无效：from 须早于 to，且跨度不超过 10 年。", "Invalid period: from must be before to, and the span at most 10 years."), "from"));
            }

            DeviceKind? parsedKind = null;
            if (!string.IsNullOrEmpty(kind))
            {
                if (!Enum.TryParse<DeviceKind>(kind, ignoreCase: true, out var value) || !Enum.IsDefined(value))
                {
                    return ApiResults.Problem(Error.Validation("kpi.kind.invalid", Bilingual.Join(
                        $"设备类型“{kind}”无效；不填则统计点位（摄像机与视频通道）。", $"Kind '{kind}' is invalid; leave it empty to count camera points."), "kind"));
                }

                parsedKind = value;
            }

            return TypedResults.Ok(await service.ComputeAsync(start.ToUniversalTime(), end.ToUniversalTime(), organizationId, parsedKind, cancellationToken));
        }).WithSummary("Online rate (online time ÷ monitored time) over camera points, or one device kind");

        return routes;
    }
}
