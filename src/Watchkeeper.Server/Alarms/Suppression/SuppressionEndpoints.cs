using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Alarms.Suppression;

public static class SuppressionEndpoints
{
    public static IEndpointRouteBuilder MapSuppressionApi(this IEndpointRouteBuilder routes)
    {
        MapMaintenanceWindows(routes.MapGroup("/api/v1/maintenance-windows").WithTags("Maintenance windows"));
        MapSilences(routes.MapGroup("/api/v1/silences").WithTags("Silences"));
        return routes;
    }

    private static void MapMaintenanceWindows(RouteGroupBuilder group)
    {
        var viewers = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.View);
        var administrators = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Administer);

        viewers.MapGet("/", async (MaintenanceWindowService windows, CancellationToken cancellationToken) =>
            TypedResults.Ok(await windows.ListAsync(activeOnly: false, cancellationToken)))
            .WithSummary("Maintenance windows that touch the caller's organizations, with their state (Active, Scheduled, Expired)");
        viewers.MapGet("/active", async (MaintenanceWindowService windows, CancellationToken cancellationToken) =>
            TypedResults.Ok(await windows.ListAsync(activeOnly: true, cancellationToken)))
            .WithSummary("Maintenance windows in force now");
        viewers.MapGet("/{id:long}", async (long id, MaintenanceWindowService windows, CancellationToken cancellationToken) =>
            ApiResults.From(await windows.GetAsync(id, cancellationToken), view => TypedResults.Ok(view)))
            .WithSummary("One maintenance window with its current and next occurrence");
        administrators.MapPost("/", async (MaintenanceWindowInput input, ClaimsPrincipal user, MaintenanceWindowService windows, CancellationToken cancellationToken) =>
            ApiResults.From(await windows.CreateAsync(input, AlarmEndpoints.UserNameOf(user), cancellationToken),
                view => TypedResults.Created($"/api/v1/maintenance-windows/{view.Id}", view)))
            .WithSummary("Create a one-off (recurrence null) or recurring (Weekly or Cron) maintenance window");
        administrators.MapPut("/{id:long}", async (long id, MaintenanceWindowInput input, ClaimsPrincipal user, MaintenanceWindowService windows,
                CancellationToken cancellationToken) =>
            ApiResults.From(await windows.UpdateAsync(id, input, AlarmEndpoints.UserNameOf(user), cancellationToken), view => TypedResults.Ok(view)))
            .WithSummary("Replace a maintenance window; every field is set from the body");
        administrators.MapDelete("/{id:long}", async (long id, MaintenanceWindowService windows, CancellationToken cancellationToken) =>
        {
            var result = await windows.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).WithSummary("Delete a maintenance window; the alarms it suppressed are notified as usual from then on");
    }

    private static void MapSilences(RouteGroupBuilder group)
    {
        var viewers = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Alarms, PermissionAction.Edit);

        viewers.MapGet("/", async (SilenceService silences, CancellationToken cancellationToken, string? state = null) =>
        {
            if (!TryParseFilter(state, out var filter))
            {
                return ApiResults.Problem(Error.Validation("silence.filter.state", Bilingual.Join(
                    $"状态“{state}”无效，可选 active、expired、all。", $"State '{state}' is invalid; use active, expired or all."), "state"));
            }

            return TypedResults.Ok(await silences.ListAsync(filter, cancellationToken));
        }).WithSummary("Silences that touch the caller's organizations; state=active (in force or starting later), expired or all (default)");
        viewers.MapGet("/{id:long}", async (long id, SilenceService silences, CancellationToken cancellationToken) =>
            ApiResults.From(await silences.GetAsync(id, cancellationToken), view => TypedResults.Ok(view)))
            .WithSummary("One silence");
        editors.MapPost("/", async (SilenceInput input, ClaimsPrincipal user, SilenceService silences, CancellationToken cancellationToken) =>
            ApiResults.From(await silences.CreateAsync(input, AlarmEndpoints.UserNameOf(user), cancellationToken),
                view => TypedResults.Created($"/api/v1/silences/{view.Id}", view)))
            .WithSummary("Silence alarms matching a matcher for a duration (durationMinutes) or until an end; a reason is required");
        editors.MapDelete("/{id:long}", (long id, ClaimsPrincipal user, SilenceService silences, CancellationToken cancellationToken) =>
            ExpireAsync(id, user, silences, cancellationToken)).WithSummary("Expire a silence now, recording who did");
        editors.MapPost("/{id:long}/expire", (long id, ClaimsPrincipal user, SilenceService silences, CancellationToken cancellationToken) =>
            ExpireAsync(id, user, silences, cancellationToken)).WithSummary("Expire a silence now, recording who did (same as DELETE)");
    }

    private static async Task<IResult> ExpireAsync(long id, ClaimsPrincipal user, SilenceService silences, CancellationToken cancellationToken) =>
        ApiResults.From(await silences.ExpireAsync(id, AlarmEndpoints.UserNameOf(user), cancellationToken), view => TypedResults.Ok(view));

    private static bool TryParseFilter(string? text, out SilenceListFilter filter)
    {
        if (string.IsNullOrEmpty(text))
        {
            filter = SilenceListFilter.All;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out filter) && Enum.IsDefined(filter) && !int.TryParse(text, out _);
    }
}
