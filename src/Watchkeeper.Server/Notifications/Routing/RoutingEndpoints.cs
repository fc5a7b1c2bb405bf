using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Notifications.Routing;

public static class RoutingEndpoints
{
    public static IEndpointRouteBuilder MapNotificationRoutingApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/api/v1/notifications");
        MapRules(notifications.MapGroup("/rules").WithTags("NotificationRules"));
        MapGroups(notifications.MapGroup("/groups").WithTags("ReceiverGroups"));
        MapPolicies(notifications.MapGroup("/escalation-policies").WithTags("EscalationPolicies"));
        return routes;
    }

    private static void MapRules(RouteGroupBuilder group)
    {
        group.MapGet("/", async (NotificationRuleService rules, CancellationToken cancellationToken) => TypedResults.Ok(await rules.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("Routing rules in the order they are tried");
        group.MapGet("/{id:long}", async (long id, NotificationRuleService rules, CancellationToken cancellationToken) =>
                await rules.GetAsync(id, cancellationToken) is { } rule ? TypedResults.Ok(rule) : ApiResults.Problem(RoutingErrors.RuleNotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One routing rule");
        group.MapPost("/", async (NotificationRuleInput input, NotificationRuleService rules, CancellationToken cancellationToken) =>
                ApiResults.From(await rules.CreateAsync(input, cancellationToken), rule => TypedResults.Created($"/api/v1/notifications/rules/{rule.Id}", rule)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Create a routing rule: match, receivers, channels, grouping, time condition, quiet hours and escalation policy");
        group.MapPut("/{id:long}", async (long id, NotificationRuleInput input, NotificationRuleService rules, CancellationToken cancellationToken) =>
                ApiResults.From(await rules.UpdateAsync(id, input, cancellationToken), rule => TypedResults.Ok(rule)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Replace a routing rule");
        group.MapDelete("/{id:long}", async (long id, NotificationRuleService rules, CancellationToken cancellationToken) =>
                NoContentOrProblem(await rules.DeleteAsync(id, cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Delete a routing rule and its pending notification groups");
    }

    private static void MapGroups(RouteGroupBuilder group)
    {
        group.MapGet("/", async (ReceiverGroupService groups, CancellationToken cancellationToken) => TypedResults.Ok(await groups.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("Receiver groups: named sets of users that rules notify");
        group.MapGet("/{id:long}", async (long id, ReceiverGroupService groups, CancellationToken cancellationToken) =>
                await groups.GetAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : ApiResults.Problem(RoutingErrors.GroupNotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One receiver group");
        group.MapPost("/", async (ReceiverGroupInput input, ReceiverGroupService groups, CancellationToken cancellationToken) =>
                ApiResults.From(await groups.CreateAsync(input, cancellationToken), created => TypedResults.Created($"/api/v1/notifications/groups/{created.Id}", created)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Create a receiver group");
        group.MapPut("/{id:long}", async (long id, ReceiverGroupInput input, ReceiverGroupService groups, CancellationToken cancellationToken) =>
                ApiResults.From(await groups.UpdateAsync(id, input, cancellationToken), updated => TypedResults.Ok(updated)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Replace a receiver group's name and users");
        group.MapDelete("/{id:long}", async (long id, ReceiverGroupService groups, CancellationToken cancellationToken) =>
                NoContentOrProblem(await groups.DeleteAsync(id, cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Delete a receiver group that no rule uses");
    }

    private static void MapPolicies(RouteGroupBuilder group)
    {
        group.MapGet("/", async (EscalationPolicyService policies, CancellationToken cancellationToken) => TypedResults.Ok(await policies.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("Escalation policies with their steps");
        group.MapGet("/{id:long}", async (long id, EscalationPolicyService policies, CancellationToken cancellationToken) =>
                await policies.GetAsync(id, cancellationToken) is { } policy ? TypedResults.Ok(policy) : ApiResults.Problem(RoutingErrors.PolicyNotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One escalation policy");
        group.MapPost("/", async (EscalationPolicyInput input, EscalationPolicyService policies, CancellationToken cancellationToken) =>
                ApiResults.From(await policies.CreateAsync(input, cancellationToken),
                    policy => TypedResults.Created($"/api/v1/notifications/escalation-policies/{policy.Id}", policy)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Create an escalation policy; attach it to rules with escalationPolicyId");
        group.MapPut("/{id:long}", async (long id, EscalationPolicyInput input, EscalationPolicyService policies, CancellationToken cancellationToken) =>
                ApiResults.From(await policies.UpdateAsync(id, input, cancellationToken), policy => TypedResults.Ok(policy)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Replace an escalation policy's steps");
        group.MapDelete("/{id:long}", async (long id, EscalationPolicyService policies, CancellationToken cancellationToken) =>
                NoContentOrProblem(await policies.DeleteAsync(id, cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Delete an escalation policy that no rule uses");
    }

    private static IResult NoContentOrProblem(Result result) => result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
}
