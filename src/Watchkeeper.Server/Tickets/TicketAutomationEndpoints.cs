using System.Security.Claims;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

public static class TicketAutomationEndpoints
{
    /// <summary>Registers the ticketing rules and their worker, automatic assignment, the workload and skills queries, and the split.</summary>
    public static IServiceCollection AddTicketAutomation(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TicketRuleOptions>(configuration.GetSection(TicketRuleOptions.Section));
        services.AddScoped<TicketAssigner>();
        services.AddScoped<TicketRuleService>();
        services.AddScoped<TicketWorkloadQueries>();
        services.AddScoped<TicketSplitter>();
        services.AddSingleton<TicketRuleWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketRuleWorker>());
        return services;
    }

    /// <summary>
    /// Maps <c>/api/v1/ticket-rules</c> (tickets.view reads, tickets.administer writes), <c>/api/v1/tickets/workload</c>,
    /// <c>/api/v1/tickets/{id}/split</c> and <c>/api/v1/users/{id}/skills</c> (duty roster view and edit).
    /// </summary>
    public static IEndpointRouteBuilder MapTicketAutomationApi(this IEndpointRouteBuilder routes)
    {
        var rules = routes.MapGroup("/api/v1/ticket-rules").WithTags("Tickets");
        rules.MapGet("/", async (TicketRuleService service, CancellationToken cancellationToken) => TypedResults.Ok(await service.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Ticketing rules in the order they are tried: the first that matches a due root alarm opens its ticket");

        rules.MapGet("/{id:long}", async (long id, TicketRuleService service, CancellationToken cancellationToken) =>
                await service.GetAsync(id, cancellationToken) is { } rule ? TypedResults.Ok(rule) : ApiResults.Problem(TicketRuleErrors.NotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View).WithSummary("One ticketing rule");

        rules.MapPost("/", async (TicketRuleInput input, TicketRuleService service, CancellationToken cancellationToken) =>
            {
                var created = await service.CreateAsync(input, cancellationToken);
                return created.IsSuccess ? TypedResults.Created($"/api/v1/ticket-rules/{created.Value.Id}", created.Value) : ApiResults.Problem(created.Errors);
            }).RequirePermission(Capability.Tickets, PermissionAction.Administer)
            .WithSummary("Create a ticketing rule: name, enabled, organizationId (subtree), deviceKinds, alarmTypes, minSeverity, delayMinutes " +
                "(0 opens at once), category, faultLevel (suggested when left out), autoAssign");

        rules.MapPut("/{id:long}", async (long id, TicketRuleInput input, TicketRuleService service, CancellationToken cancellationToken) =>
            {
                var updated = await service.UpdateAsync(id, input, cancellationToken);
                return updated.IsSuccess ? TypedResults.Ok(updated.Value) : ApiResults.Problem(updated.Errors);
            }).RequirePermission(Capability.Tickets, PermissionAction.Administer)
            .WithSummary("Replace a ticketing rule; tickets it opened stay as they are");

        rules.MapDelete("/{id:long}", async (long id, TicketRuleService service, CancellationToken cancellationToken) =>
            {
                var deleted = await service.DeleteAsync(id, cancellationToken);
                return deleted.IsSuccess ? Results.NoContent() : ApiResults.Problem(deleted.Error!);
            }).RequirePermission(Capability.Tickets, PermissionAction.Administer)
            .WithSummary("Delete a ticketing rule");

        var tickets = routes.MapGroup("/api/v1/tickets").WithTags("Tickets");
        tickets.MapGet("/workload", async (TicketWorkloadQueries queries, CancellationToken cancellationToken) =>
                TypedResults.Ok(await queries.WorkloadAsync(cancellationToken)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Per engineer: open assigned tickets in the caller's scope, by fault level, and how many of them breached a target");

        tickets.MapPost("/{id:long}/split", async (long id, TicketSplitInput input, ClaimsPrincipal user, UserAccessService access,
            TicketSplitter splitter, TicketQueries queries, CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var split = await splitter.SplitAsync(id, input, caller, cancellationToken);
            return split.IsSuccess
                ? TypedResults.Created($"/api/v1/tickets/{split.Value}", await queries.GetAsync(split.Value, cancellationToken))
                : ApiResults.Problem(split.Errors);
        }).RequirePermission(Capability.Tickets, PermissionAction.Edit)
            .WithSummary("Split devices and alarms off into a new ticket (title, description, deviceIds, alarmIds) with the same organization, " +
                "contract and requester; its clocks start now");

        var skills = routes.MapGroup("/api/v1/users/{id}/skills").WithTags("Duty roster");
        skills.MapGet("/", async (string id, TicketWorkloadQueries queries, CancellationToken cancellationToken) =>
                await queries.SkillsAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : ApiResults.Problem(TicketRuleErrors.UserNotFound(id)))
            .RequirePermission(Capability.DutyRoster, PermissionAction.View)
            .WithSummary("The fault categories an engineer is skilled in, which automatic assignment prefers");

        skills.MapPut("/", async (string id, EngineerSkillsInput input, TicketWorkloadQueries queries, CancellationToken cancellationToken) =>
            {
                var stored = await queries.SetSkillsAsync(id, input, cancellationToken);
                return stored.IsSuccess ? TypedResults.Ok(stored.Value) : ApiResults.Problem(stored.Errors);
            }).RequirePermission(Capability.DutyRoster, PermissionAction.Edit)
            .WithSummary("Replace an engineer's skills: categories, fault category names such as Camera or Network");
        return routes;
    }
}
