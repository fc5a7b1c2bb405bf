using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Alarms;

public sealed record AcknowledgeRequest(string? Note);

public static class AlarmEndpoints
{
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/alarms").WithTags("Alarms");
        var viewers = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Edit);

        viewers.MapGet("/", async (HttpRequest request, AlarmQueries queries, CancellationToken cancellationToken) =>
        {
            var parsed = AlarmListRequest.Parse(request.Query);
            if (!parsed.IsSuccess)
            {
                return ApiResults.Problem(parsed.Errors);
            }

            var (filter, page, pageSize) = parsed.Value;
            return TypedResults.Ok(await queries.ListAsync(filter, page, pageSize, cancellationToken));
        }).WithSummary("List alarms; state=open (the default) returns open and acknowledged alarms. Filters: severity and type " +
            "(repeatable), organizationId (subtree), deviceId, deviceKind, suppressed, flapping, incidentId, causedByDeviceId, " +
            "from/to on the last sighting, q (device code or name contains)");

        viewers.MapGet("/{id:long}", async (long id, AlarmQueries queries, CancellationToken cancellationToken) =>
            await queries.GetAsync(id, cancellationToken) is { } alarm
                ? TypedResults.Ok(new { alarm, activities = await queries.ActivitiesAsync(id, cancellationToken) })
                : ApiResults.Problem(Error.NotFound("alarm.not_found", Bilingual.Join($"告警 {id} 不存在。", $"Alarm {id} does not exist."))))
            .WithSummary("One alarm with its history");

        viewers.MapGet("/{id:long}/consequences", async (long id, AlarmCorrelationQueries queries, CancellationToken cancellationToken) =>
            await queries.ConsequencesAsync(id, cancellationToken) is { } consequences
                ? TypedResults.Ok(consequences)
                : AlarmNotFound(id))
            .WithSummary("The devices below a root alarm's device that are down because of it, with their alarms");

        viewers.MapGet("/incidents", async (AlarmCorrelationQueries queries, CancellationToken cancellationToken, bool? active = null, long? organizationId = null) =>
            TypedResults.Ok(await queries.IncidentsAsync(new IncidentFilter(active, organizationId), cancellationToken)))
            .WithSummary("Grouped incidents (site outages), newest first; active=true keeps the running ones");

        viewers.MapGet("/incidents/{id:long}", async (long id, AlarmCorrelationQueries queries, CancellationToken cancellationToken) =>
            await queries.IncidentAsync(id, cancellationToken) is { } incident
                ? TypedResults.Ok(incident)
                : ApiResults.Problem(Error.NotFound("alarm.incident.not_found", Bilingual.Join($"事件 {id} 不存在。", $"Incident {id} does not exist."))))
            .WithSummary("One incident with its alarms");

        group.MapSeverityRulesApi();

        editors.MapPost("/{id:long}/acknowledge", async (long id, AcknowledgeRequest? request, ClaimsPrincipal user, AlarmService service,
            AlarmQueries queries, CancellationToken cancellationToken) =>
        {
            var result = await service.AcknowledgeAsync(id, UserNameOf(user), request?.Note, cancellationToken);
            return result.IsSuccess ? TypedResults.Ok(await queries.GetAsync(id, cancellationToken)) : ApiResults.Problem(result.Error!);
        }).WithSummary("Acknowledge an open alarm");

        return routes;
    }

    internal static string UserNameOf(ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    private static IResult AlarmNotFound(long id) =>
        ApiResults.Problem(Error.NotFound("alarm.not_found", Bilingual.Join($"告警 {id} 不存在。", $"Alarm {id} does not exist.")));
}
