using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tickets").WithTags("Tickets");

        group.MapGet("/", async (HttpRequest request, ClaimsPrincipal user, TicketQueries queries, CancellationToken cancellationToken) =>
        {
            var parsed = ParseFilter(request.Query);
            if (!parsed.IsSuccess)
            {
                return ApiResults.Problem(parsed.Errors);
            }

            var (filter, page, pageSize) = parsed.Value;
            return TypedResults.Ok(await queries.ListAsync(filter, UserAccessService.UserIdOf(user) ?? "", page, pageSize, cancellationToken));
        }).RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("List tickets. queue=all|mine|team|unassigned|breachingSoon|breached|requested; state (repeatable), faultLevel, organizationId " +
                "(subtree), q (number, title or requester), open=true, page, pageSize");

        group.MapPost("/", async (TicketCreateInput input, ClaimsPrincipal user, UserAccessService access, TicketService service,
            TicketQueries queries, CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var created = await service.CreateAsync(input, TicketSource.Api, caller, cancellationToken);
            return created.IsSuccess
                ? TypedResults.Created($"/api/v1/tickets/{created.Value}", await queries.GetAsync(created.Value, cancellationToken))
                : ApiResults.Problem(created.Errors);
        }).RequirePermission(Capability.Tickets, PermissionAction.Create)
            .WithSummary("Open a ticket: title, description, faultLevel 1-4 (suggested from the devices and alarms when left out), category, " +
                "organizationId, deviceIds, alarmIds, contractId, requesterName, requesterContact, callPriority");

        group.MapGet("/{id:long}", async (long id, TicketQueries queries, CancellationToken cancellationToken) =>
                await queries.GetAsync(id, cancellationToken) is { } ticket ? TypedResults.Ok(ticket) : ApiResults.Problem(TicketApiErrors.NotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("One ticket with its clocks: due time, elapsed and paused seconds (working time on a business calendar) and state");

        group.MapPatch("/{id:long}", async (long id, TicketEditInput input, ClaimsPrincipal user, UserAccessService access,
            TicketService service, TicketQueries queries, CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var result = await service.EditAsync(id, input, caller, cancellationToken);
            return result.IsSuccess ? TypedResults.Ok(await queries.GetAsync(id, cancellationToken)) : ApiResults.Problem(result.Errors);
        }).RequirePermission(Capability.Tickets, PermissionAction.Edit)
            .WithSummary("Change a ticket's title, description, category, organization, requester, call priority or contract; each change is logged");

        group.MapPost("/{id:long}/transitions", async (long id, TicketTransitionInput input, ClaimsPrincipal user, UserAccessService access,
            TicketService service, TicketQueries queries, CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var result = await service.TransitionAsync(id, input, caller, cancellationToken);
            return result.IsSuccess ? TypedResults.Ok(await queries.GetAsync(id, cancellationToken)) : ApiResults.Problem(result.Error!);
        }).RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Move a ticket through its workflow: assign, transfer, accept, arrive, start, pause, resume, restore, resolve, confirm, " +
                "rate, close (needs tickets.close), reopen, changeLevel, merge, autoAssign (an engineer on duty by skills and workload). Needs " +
                "tickets.edit, except that a ticket's requester may confirm, rate and reopen it");

        group.MapPost("/{id:long}/comments", async (long id, TicketCommentInput input, ClaimsPrincipal user, UserAccessService access,
            TicketService service, CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var result = await service.CommentAsync(id, input, caller, cancellationToken);
            return result.IsSuccess ? Results.NoContent() : ApiResults.Problem(result.Error!);
        }).RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Add a comment to a ticket's log. Needs tickets.edit, or being the ticket's requester");

        group.MapGet("/{id:long}/activities", async (long id, TicketQueries queries, CancellationToken cancellationToken) =>
                await queries.ActivitiesAsync(id, cancellationToken) is { } activities
                    ? TypedResults.Ok(activities)
                    : ApiResults.Problem(TicketApiErrors.NotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("A ticket's append-only log, oldest first: every field and state change, comment, notification and escalation");

        group.MapTicketAttachmentsApi();
        return routes;
    }

    private static Result<(TicketFilter Filter, int Page, int PageSize)> ParseFilter(IQueryCollection query)
    {
        var errors = new List<Error>();
        var queue = TicketQueue.All;
        if (query["queue"].ToString() is { Length: > 0 } queueText && (!Enum.TryParse(queueText, true, out queue) || char.IsAsciiDigit(queueText[0])))
        {
            errors.Add(TicketApiErrors.EnumInvalid("queue", queueText, Enum.GetNames<TicketQueue>()));
        }

        var states = new List<TicketState>();
        foreach (var text in query["state"].Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            if (Enum.TryParse<TicketState>(text, true, out var state) && !char.IsAsciiDigit(text![0]))
            {
                states.Add(state);
            }
            else
            {
                errors.Add(TicketApiErrors.EnumInvalid("state", text, Enum.GetNames<TicketState>()));
            }
        }

        var level = Number(query, "faultLevel", errors);
        if (level is < Ticket.MinLevel or > Ticket.MaxLevel)
        {
            errors.Add(TicketErrors.LevelInvalid((int)level.Value));
        }

        var organizationId = Number(query, "organizationId", errors);
        var page = Number(query, "page", errors) ?? 1;
        var pageSize = Number(query, "pageSize", errors) ?? 50;
        var open = query["open"].ToString() is { Length: > 0 } openText && bool.TryParse(openText, out var parsedOpen) && parsedOpen;
        if (errors.Count > 0)
        {
            return Result<(TicketFilter, int, int)>.Failure(errors);
        }

        var filter = new TicketFilter(queue, states, (int?)level, organizationId, query["q"].ToString(), open);
        return (filter, (int)Math.Clamp(page, 1, int.MaxValue), (int)Math.Clamp(pageSize, 1, TicketQueries.MaxPageSize));
    }

    private static long? Number(IQueryCollection query, string name, List<Error> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(Error.Validation($"ticket.{name}.invalid", Bilingual.Join($"{name} 须为整数，收到“{text}”。", $"{name} must be a whole number, but got '{text}'."), name));
        return null;
    }
}
