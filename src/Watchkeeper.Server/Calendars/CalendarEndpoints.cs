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
        MapHolidayDates(group);
        return routes;
    }

    private static void MapHolidayDates(RouteGroupBuilder group)
    {
        group.MapGet("/public-holidays", () => TypedResults.Ok(CalendarDateService.PublicHolidayYears()))
            .RequirePermission(Capability.Alarms, PermissionAction.View)
            .WithSummary("Mainland China public holidays shipped with the server, per year, with the State Council notice each comes from");
        group.MapPost("/{id:long}/public-holidays/{year:int}", async (long id, int year, CalendarDateService dates, CancellationToken cancellationToken) =>
                ApiResults.From(await dates.ApplyPublicHolidaysAsync(id, year, cancellationToken), report => TypedResults.Ok(report)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Add a shipped year of public holidays to a calendar; dates listed the other way round are reported, not changed");
        group.MapPost("/{id:long}/import", async (long id, HttpRequest request, CalendarDateService dates, CancellationToken cancellationToken) =>
                ApiResults.From(await dates.ImportAsync(id, request.Body, cancellationToken), report => TypedResults.Ok(report)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            // No Accepts metadata: with it, ASP.NET Core rejects another content type with 415 before authorization runs.
            .WithDescription("The body is the .ics file itself, UTF-8 encoded, sent as text/calendar.")
            .Produces<CalendarDatesReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Import the all-day events of an iCalendar (.ics) body as holidays and make-up working days (summary with 班); all or nothing");
        group.MapGet("/{id:long}/export.ics", async (long id, CalendarDateService dates, CancellationToken cancellationToken) =>
                await dates.ExportAsync(id, cancellationToken) is { } file
                    ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Content), CalendarDateService.ContentType + "; charset=utf-8", file.FileName)
                    : ApiResults.Problem(CalendarErrors.NotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View)
            .WithSummary("Export a calendar's holidays and make-up working days as an iCalendar file of all-day events");
    }
}
