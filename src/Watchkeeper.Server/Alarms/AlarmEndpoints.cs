using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Alarms;

public sealed record AcknowledgeRequest(string? Note);

public sealed record CloseRequest(string? Reason);

/// <param name="AlarmId">The alarm to link to the one in the route.</param>
public sealed record LinkRequest(long? AlarmId, string? Note);

public static class AlarmEndpoints
{
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/alarms").WithTags("Alarms");
        var viewers = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Edit);
        var closers = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Close);

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
            "from/to on the last sighting, q (text in the device code or name, the subject or the detail)");

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

        closers.MapPost("/{id:long}/close", async (long id, CloseRequest? request, ClaimsPrincipal user, AlarmService service,
            AlarmQueries queries, CancellationToken cancellationToken) =>
        {
            var result = await service.CloseAsync(id, UserNameOf(user), request?.Reason, cancellationToken);
            return result.IsSuccess ? TypedResults.Ok(await queries.GetAsync(id, cancellationToken)) : ApiResults.Problem(result.Error!);
        }).WithSummary("Close an open or acknowledged alarm with a reason; its fault may remain until the device recovers");

        MapLinks(viewers, editors);
        return routes;
    }

    private static void MapLinks(RouteGroupBuilder viewers, RouteGroupBuilder editors)
    {
        viewers.MapGet("/{id:long}/links", async (long id, AlarmQueries queries, AlarmDetailQueries details, CancellationToken cancellationToken) =>
            await queries.GetAsync(id, cancellationToken) is null
                ? ApiResults.Problem(AlarmService.NotFound(id))
                : TypedResults.Ok(await details.LinksAsync(id, cancellationToken)))
            .WithSummary("The alarms linked by hand to an alarm, in either direction");

        editors.MapPost("/{id:long}/links", async (long id, LinkRequest? request, ClaimsPrincipal user, AlarmService service,
            AlarmDetailQueries details, CancellationToken cancellationToken) =>
        {
            if (request?.AlarmId is not { } linkedAlarmId)
            {
                return ApiResults.Problem(Error.Validation("alarm.link.alarm_id_required", Bilingual.Join(
                    "请在 alarmId 中填写要关联的告警编号。", "alarmId is missing; give the id of the alarm to link."), "alarmId"));
            }

            var result = await service.LinkAsync(id, linkedAlarmId, UserNameOf(user), request.Note, cancellationToken);
            if (!result.IsSuccess)
            {
                return ApiResults.Problem(result.Error!);
            }

            var link = (await details.LinksAsync(id, cancellationToken)).First(l => l.Alarm.Id == linkedAlarmId);
            return TypedResults.Created($"/api/v1/alarms/{id}/links", link);
        }).WithSummary("Link another alarm to this one by hand");

        editors.MapDelete("/{id:long}/links/{linkedAlarmId:long}", async (long id, long linkedAlarmId, ClaimsPrincipal user, AlarmService service,
            CancellationToken cancellationToken) =>
        {
            var result = await service.UnlinkAsync(id, linkedAlarmId, UserNameOf(user), cancellationToken);
            return result.IsSuccess ? Results.NoContent() : ApiResults.Problem(result.Error!);
        }).WithSummary("Remove the link between two alarms, whichever of them it was made from");
    }

    internal static string UserNameOf(ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    private static IResult AlarmNotFound(long id) =>
        ApiResults.Problem(Error.NotFound("alarm.not_found", Bilingual.Join($"告警 {id} 不存在。", $"Alarm {id} does not exist.")));
}
