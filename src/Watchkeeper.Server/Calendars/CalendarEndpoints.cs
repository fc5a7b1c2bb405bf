using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Calendars;

public static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapCalendarsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/calendars").WithTags("Calendars");
        group.MapGet("/", async (CalendarService calendars, CancellationToken cancellationToken) => TypedResults.Ok(await calendars.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("Business calendars: the default one (id 1) and named ones");
        group.MapGet("/{id:long}", async (long id, CalendarService calendars, CancellationToken cancellationToken) =>
                await calendars.GetAsync(id, cancellationToken) is { } calendar ? TypedResults.Ok(calendar) : ApiResults.Problem(CalendarErrors.NotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One business calendar");
        group.MapPost("/", async (CalendarInput input, CalendarService calendars, CancellationToken cancellationToken) =>
                ApiResults.From(await calendars.CreateAsync(input, cancellationToken), calendar => TypedResults.Created($"/api/v1/calendars/{calendar.Id}", calendar)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Create a business calendar: working hours per weekday, holidays and make-up working days");
        group.MapPut("/{id:long}", async (long id, CalendarInput input, CalendarService calendars, CancellationToken cancellationToken) =>
                ApiResults.From(await calendars.UpdateAsync(id, input, cancellationToken), calendar => TypedResults.Ok(calendar)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Replace a business calendar, the default one included");
        return routes;
    }
}
