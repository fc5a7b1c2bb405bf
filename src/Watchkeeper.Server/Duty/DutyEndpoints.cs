using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Duty;

public static class DutyEndpoints
{
    /// <summary>The longest span one roster query covers, in days: a month view with a margin.</summary>
    public const int MaxQueryDays = 62;

    public static IEndpointRouteBuilder MapDutyRosterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/duty-roster").WithTags("DutyRoster");

        group.MapGet("/", ListShiftsAsync).RequirePermission(Capability.DutyRoster, PermissionAction.View)
            .WithSummary("Shifts overlapping [from, to) with their team, users and handover notes; dates (yyyy-MM-dd) are local, and 'to' as a date is inclusive");
        group.MapGet("/on-duty", OnDutyAsync).RequirePermission(Capability.DutyRoster, PermissionAction.View)
            .WithSummary("Who is on duty for an organization at an instant (default now): its own teams, or the nearest ancestor's");
        group.MapGet("/shifts/{id:long}", async (long id, DutyRoster roster, CancellationToken cancellationToken) =>
            await roster.ShiftAsync(id, cancellationToken) is { } shift ? TypedResults.Ok(shift) : ApiResults.Problem(DutyErrors.ShiftNotFound(id)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.View).WithSummary("One shift");

        MapShifts(group);
        MapHandover(group);
        MapTeams(group);
        return routes;
    }

    private static void MapShifts(RouteGroupBuilder group)
    {
        group.MapPost("/shifts", async (DutyShiftInput input, DutyShiftService shifts, CancellationToken cancellationToken) =>
            ApiResults.From(await shifts.CreateAsync(input, cancellationToken), shift => TypedResults.Created($"/api/v1/duty-roster/shifts/{shift.Id}", shift)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Edit)
            .WithSummary("Create a shift by hand; rejects an overlap with another shift of the same team");
        group.MapPut("/shifts/{id:long}", async (long id, DutyShiftInput input, DutyShiftService shifts, CancellationToken cancellationToken) =>
            ApiResults.From(await shifts.UpdateAsync(id, input, cancellationToken), shift => TypedResults.Ok(shift)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Edit)
            .WithSummary("Replace a shift's name, date, times, leader and users");
        group.MapDelete("/shifts/{id:long}", async (long id, DutyShiftService shifts, CancellationToken cancellationToken) =>
        {
            var result = await shifts.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).RequirePermission(Capability.DutyRoster, PermissionAction.Edit).WithSummary("Delete a shift and the handover notes it wrote");
        group.MapPost("/generate", async (RosterGenerateInput input, DutyShiftService shifts, CancellationToken cancellationToken) =>
            ApiResults.From(await shifts.GenerateAsync(input, cancellationToken), result => TypedResults.Ok(result)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Administer)
            .WithSummary("Generate shifts from the teams' templates, the teams taking turns over the dates; saves nothing when a shift would overlap");
    }

    private static void MapHandover(RouteGroupBuilder group)
    {
        group.MapPost("/shifts/{id:long}/handover", async (long id, HandoverNoteInput input, ClaimsPrincipal user, IAuthorizationService authorization,
                HandoverService handovers, CancellationToken cancellationToken) =>
            ApiResults.From(await handovers.WriteAsync(id, input, await ActorAsync(user, authorization), cancellationToken),
                note => TypedResults.Created($"/api/v1/duty-roster/shifts/{id}", note)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Edit)
            .WithSummary("Write the outgoing shift's handover note for the incoming shift");
        group.MapPost("/handover/{id:long}/acknowledge", async (long id, ClaimsPrincipal user, IAuthorizationService authorization,
                HandoverService handovers, CancellationToken cancellationToken) =>
            ApiResults.From(await handovers.AcknowledgeAsync(id, await ActorAsync(user, authorization), cancellationToken), note => TypedResults.Ok(note)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Edit)
            .WithSummary("Acknowledge a handover note as the incoming shift's leader");
    }

    private static void MapTeams(RouteGroupBuilder group)
    {
        group.MapGet("/teams", async (DutyTeamService teams, CancellationToken cancellationToken) => TypedResults.Ok(await teams.ListAsync(cancellationToken)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.View).WithSummary("Duty teams with members and shift templates");
        group.MapGet("/teams/{id:long}", async (long id, DutyTeamService teams, CancellationToken cancellationToken) =>
            await teams.GetAsync(id, cancellationToken) is { } team ? TypedResults.Ok(team) : ApiResults.Problem(DutyErrors.TeamNotFound(id)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.View).WithSummary("One duty team");
        group.MapPost("/teams", async (DutyTeamInput input, DutyTeamService teams, CancellationToken cancellationToken) =>
            ApiResults.From(await teams.CreateAsync(input, cancellationToken), team => TypedResults.Created($"/api/v1/duty-roster/teams/{team.Id}", team)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Administer).WithSummary("Create a duty team");
        group.MapPut("/teams/{id:long}", async (long id, DutyTeamInput input, DutyTeamService teams, CancellationToken cancellationToken) =>
            ApiResults.From(await teams.UpdateAsync(id, input, cancellationToken), team => TypedResults.Ok(team)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.Administer).WithSummary("Replace a duty team's name, organization, leader, members and templates");
        group.MapDelete("/teams/{id:long}", async (long id, DutyTeamService teams, CancellationToken cancellationToken) =>
        {
            var result = await teams.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).RequirePermission(Capability.DutyRoster, PermissionAction.Administer).WithSummary("Delete a duty team with its shifts and handover notes");
    }

    private static async Task<IResult> ListShiftsAsync(DutyRoster roster, DutyTimeZone timeZone, TimeProvider time, CancellationToken cancellationToken,
        string? from = null, string? to = null, long? teamId = null, long? organizationId = null)
    {
        var start = ParseInstant(from, "from", timeZone, endOfDay: false) ?? Result(LocalMidnight(timeZone, time.GetUtcNow()));
        var end = ParseInstant(to, "to", timeZone, endOfDay: true) ?? Result(start.IsSuccess ? start.Value.AddDays(7) : default);
        if (!start.IsSuccess || !end.IsSuccess)
        {
            return ApiResults.Problem([.. start.Errors, .. end.Errors]);
        }

        if (end.Value <= start.Value || end.Value - start.Value > TimeSpan.FromDays(MaxQueryDays))
        {
            return ApiResults.Problem(DutyErrors.QueryRangeInvalid(MaxQueryDays));
        }

        return ApiResults.From(await roster.ShiftsAsync(start.Value, end.Value, teamId, organizationId, cancellationToken), shifts => TypedResults.Ok(shifts));
    }

    private static async Task<IResult> OnDutyAsync(long? organizationId, IDutyRoster roster, OrganizationDirectory organizations, DutyTimeZone timeZone,
        TimeProvider time, CancellationToken cancellationToken, string? at = null)
    {
        if (organizationId is not { } id)
        {
            return ApiResults.Problem(DutyErrors.OrganizationNotFound(null));
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        if (tree.Find(id) is null || !DutyScope.Sees(id))
        {
            return ApiResults.Problem(DutyErrors.OrganizationNotFound(id));
        }

        var instant = ParseInstant(at, "at", timeZone, endOfDay: false) ?? Result(time.GetUtcNow());
        return instant.IsSuccess
            ? TypedResults.Ok(await roster.OnDutyAsync(id, instant.Value, cancellationToken))
            : ApiResults.Problem(instant.Errors);
    }

    /// <summary>
    /// Parses a local date or an ISO 8601 instant into UTC. A date means its midnight, or the next midnight for an
    /// inclusive end. A time without an offset is local to the roster. Returns null for an empty value.
    /// </summary>
    private static Result<DateTimeOffset>? ParseInstant(string? text, string field, DutyTimeZone timeZone, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Core.Recording.LocalDay.ToInstant((endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue), timeZone.Zone).ToUniversalTime();
        }

        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return parsed.Kind == DateTimeKind.Unspecified
                ? Core.Recording.LocalDay.ToInstant(parsed, timeZone.Zone).ToUniversalTime()
                : new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero);
        }

        return Error.Validation("duty.instant.invalid", Bilingual.Join(
            $"{field} 的值“{text}”无效，请填写日期 2026-12-01 或时间 2026-12-01T08:00:00+08:00。",
            $"{field} value '{text}' is invalid; give a date such as 2026-12-01 or a time such as 2026-12-01T08:00:00+08:00."), field);
    }

    private static Result<DateTimeOffset> Result(DateTimeOffset value) => value;

    private static DateTimeOffset LocalMidnight(DutyTimeZone timeZone, DateTimeOffset now) =>
        Core.Recording.LocalDay.ToInstant(timeZone.TodayAt(now).ToDateTime(TimeOnly.MinValue), timeZone.Zone).ToUniversalTime();

    private static async Task<DutyActor> ActorAsync(ClaimsPrincipal user, IAuthorizationService authorization)
    {
        var administer = await authorization.AuthorizeAsync(user, PermissionPolicy.Name(Capability.DutyRoster, PermissionAction.Administer));
        return new DutyActor(UserAccessService.UserIdOf(user) ?? "", administer.Succeeded);
    }
}
