using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Monitoring;

/// <summary>An organization's probe set and interval for one device kind; null fields take the parent's or the default.</summary>
public sealed record MonitoringPolicyInput(int? IntervalSeconds, IReadOnlyList<ProbeKind>? Probes);

public sealed record MonitoringPolicyResponse(long OrganizationId, DeviceKind Kind, int? IntervalSeconds, IReadOnlyList<ProbeKind>? Probes,
    int DefaultIntervalSeconds, IReadOnlyList<ProbeKind> DefaultProbes);

/// <summary>
/// Per-organization overrides of the probe set and interval by device kind. An override applies to the
/// organization's subtree; a device's own settings win over it.
/// </summary>
public static class MonitoringPolicyEndpoints
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/api/v1/organizations/{organizationId:long}/monitoring-policies").WithTags("Monitoring");
        var policiesViewers = policies.MapGroup("").RequirePermission(Capability.Monitoring, PermissionAction.View);
        var policiesAdministrators = policies.MapGroup("").RequirePermission(Capability.Monitoring, PermissionAction.Administer);
        policiesViewers.MapGet("/", ListAsync).WithSummary("The organization's probe set and interval overrides by device kind");
        policiesAdministrators.MapPut("/{kind}", SetAsync).WithSummary("Set the probe set and interval of one device kind in the organization's subtree");
        policiesAdministrators.MapDelete("/{kind}", DeleteAsync).WithSummary("Remove an override, so the parent's or the default applies again");

        routes.MapPost("/api/v1/devices/{id:long}/probe-now", async (long id, WatchkeeperDbContext db, IMonitoringControl monitoring, CancellationToken cancellationToken) =>
        {
            if (!await db.Devices.AnyAsync(d => d.Id == id, cancellationToken))
            {
                return ApiResults.Problem(Error.NotFound("device.not_found", Bilingual.Join($"设备 {id} 不存在。", $"Device {id} does not exist.")));
            }

            monitoring.ProbeNow(id);
            return TypedResults.Accepted($"/api/v1/devices/{id}");
        }).WithTags("Monitoring").WithSummary("Run the device's probe round now instead of at its due time")
            .RequirePermission(Capability.Monitoring, PermissionAction.Edit);

        return routes;
    }

    private static async Task<IResult> ListAsync(long organizationId, WatchkeeperDbContext db, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        if ((await organizations.GetVisibleTreeAsync(cancellationToken)).Find(organizationId) is null)
        {
            return OrganizationNotFound(organizationId);
        }

        var stored = await db.MonitoringPolicies.AsNoTracking().Where(p => p.OrganizationId == organizationId).ToListAsync(cancellationToken);
        return TypedResults.Ok(stored.OrderBy(p => p.Kind).Select(ToResponse).ToList());
    }

    private static async Task<IResult> SetAsync(long organizationId, string kind, MonitoringPolicyInput input, WatchkeeperDbContext db,
        OrganizationDirectory organizations, IMonitoringControl monitoring, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if ((await organizations.GetVisibleTreeAsync(cancellationToken)).Find(organizationId) is null)
        {
            return OrganizationNotFound(organizationId);
        }

        if (!TryParseKind(kind, out var deviceKind))
        {
            return InvalidKind(kind);
        }

        if (DeviceRules.CheckProbeInterval(input.IntervalSeconds) is { } invalid)
        {
            return ApiResults.Problem(Error.Validation(invalid.Code, Bilingual.Join(invalid.Chinese, invalid.English), "intervalSeconds"));
        }

        var policy = await db.MonitoringPolicies.FirstOrDefaultAsync(p => p.OrganizationId == organizationId && p.Kind == deviceKind, cancellationToken);
        if (policy is null)
        {
            policy = new MonitoringPolicy { OrganizationId = organizationId, Kind = deviceKind };
            db.MonitoringPolicies.Add(policy);
        }

        policy.IntervalSeconds = input.IntervalSeconds;
        policy.Probes = input.Probes?.Aggregate(ProbeSet.None, (set, probe) => set | probe.ToSet());
        await db.SaveChangesAsync(cancellationToken);
        monitoring.LedgerReloaded();
        loggers.CreateLogger(typeof(MonitoringPolicyEndpoints)).LogInformation(
            "Monitoring policy of organization {OrganizationId} for {DeviceKind}: interval {IntervalSeconds} s, probes {Probes}",
            organizationId, deviceKind, input.IntervalSeconds, policy.Probes?.Format());
        return TypedResults.Ok(ToResponse(policy));
    }

    private static async Task<IResult> DeleteAsync(long organizationId, string kind, WatchkeeperDbContext db, IMonitoringControl monitoring,
        CancellationToken cancellationToken)
    {
        if (!TryParseKind(kind, out var deviceKind))
        {
            return InvalidKind(kind);
        }

        var removed = await db.MonitoringPolicies.Where(p => p.OrganizationId == organizationId && p.Kind == deviceKind).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            monitoring.LedgerReloaded();
        }

        return TypedResults.NoContent();
    }

    private static MonitoringPolicyResponse ToResponse(MonitoringPolicy policy) => new(
        policy.OrganizationId, policy.Kind, policy.IntervalSeconds, policy.Probes?.Kinds().ToList(),
        ProbePlan.DefaultIntervalSeconds(policy.Kind), ProbePlan.DefaultProbes(policy.Kind).Kinds().ToList());

    private static bool TryParseKind(string text, out DeviceKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    private static IResult InvalidKind(string kind) => ApiResults.Problem(Error.Validation("monitoring.kind.invalid", Bilingual.Join(
        $"设备类型“{kind}”无效。", $"Kind '{kind}' is invalid; use Camera, Recorder, Encoder, Switch, Server, Storage, Channel or AlarmInput."), "kind"));

    private static IResult OrganizationNotFound(long id) => ApiResults.Problem(Error.NotFound("organization.not_found",
        Bilingual.Join($"组织 {id} 不存在。", $"Organization {id} does not exist.")));
}
