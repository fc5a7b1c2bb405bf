using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.ServiceContracts;

public static class ServiceContractEndpoints
{
    public static IEndpointRouteBuilder MapServiceContractsApi(this IEndpointRouteBuilder routes)
    {
        MapFaultLevels(routes.MapGroup("/api/v1/fault-levels").WithTags("FaultLevels"));
        MapContracts(routes.MapGroup("/api/v1/contracts").WithTags("ServiceContracts"));
        MapSharedPolicies(routes.MapGroup("/api/v1/sla-policies").WithTags("SlaPolicies"));
        return routes;
    }

    private static void MapFaultLevels(RouteGroupBuilder group)
    {
        group.MapGet("/", async (FaultLevelService levels, CancellationToken cancellationToken) => TypedResults.Ok(await levels.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Tickets, PermissionAction.View).WithSummary("Fault levels 1-4 with names, descriptions and the criteria that suggest them");
        group.MapPut("/{level:int}", async (int level, FaultLevelInput input, FaultLevelService levels, CancellationToken cancellationToken) =>
                ApiResults.From(await levels.UpdateAsync(level, input, cancellationToken), view => TypedResults.Ok(view)))
            .RequirePermission(Capability.Tickets, PermissionAction.Administer).WithSummary("Replace a fault level's names, description and criteria");
    }

    private static void MapContracts(RouteGroupBuilder group)
    {
        group.MapGet("/", async (ContractService contracts, CancellationToken cancellationToken) => TypedResults.Ok(await contracts.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Tickets, PermissionAction.View).WithSummary("Service contracts of the organizations in the caller's scope");
        group.MapGet("/{id:long}", async (long id, ContractService contracts, CancellationToken cancellationToken) =>
                await contracts.GetAsync(id, cancellationToken) is { } contract ? TypedResults.Ok(contract) : ApiResults.Problem(ServiceContractErrors.ContractNotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View).WithSummary("One service contract");
        group.MapPost("/", async (ContractInput input, ContractService contracts, CancellationToken cancellationToken) =>
                ApiResults.From(await contracts.CreateAsync(input, cancellationToken), contract => TypedResults.Created($"/api/v1/contracts/{contract.Id}", contract)))
            .RequirePermission(Capability.Tickets, PermissionAction.Administer)
            .WithSummary("Create a service contract; an Advanced one starts with copies of the Advanced template's SLA policies");
        group.MapPut("/{id:long}", async (long id, ContractInput input, ContractService contracts, CancellationToken cancellationToken) =>
                ApiResults.From(await contracts.UpdateAsync(id, input, cancellationToken), contract => TypedResults.Ok(contract)))
            .RequirePermission(Capability.Tickets, PermissionAction.Administer).WithSummary("Replace a service contract");

        group.MapGet("/{id:long}/policies", async (long id, SlaPolicyService policies, CancellationToken cancellationToken) =>
                await policies.ForContractAsync(id, cancellationToken) is { } views ? TypedResults.Ok(views) : ApiResults.Problem(ServiceContractErrors.ContractNotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("The SLA policy per fault level of a contract: its own, or the default one (isDefault) it falls back to");
        group.MapPut("/{id:long}/policies/{level:int}", async (long id, int level, SlaPolicyInput input, SlaPolicyService policies,
                CancellationToken cancellationToken) =>
                ApiResults.From(await policies.PutForContractAsync(id, level, input, cancellationToken), policy => TypedResults.Ok(policy)))
            .RequirePermission(Capability.Tickets, PermissionAction.Administer).WithSummary("Create or replace a contract's own SLA policy for a fault level");
        group.MapDelete("/{id:long}/policies/{level:int}", async (long id, int level, SlaPolicyService policies, CancellationToken cancellationToken) =>
            {
                var result = await policies.DeleteForContractAsync(id, level, cancellationToken);
                return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
            })
            .RequirePermission(Capability.Tickets, PermissionAction.Administer)
            .WithSummary("Delete a contract's own SLA policy for a fault level; the contract falls back to the default policy");
    }

    private static void MapSharedPolicies(RouteGroupBuilder group)
    {
        group.MapGet("/", async (SlaPolicyService policies, CancellationToken cancellationToken) => TypedResults.Ok(await policies.ListSharedAsync(cancellationToken)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("The default SLA policy per fault level (kind Default) and the Advanced template (kind AdvancedTemplate)");
        group.MapGet("/{id:long}", async (long id, SlaPolicyService policies, CancellationToken cancellationToken) =>
                await policies.GetAsync(id, cancellationToken) is { } policy ? TypedResults.Ok(policy) : ApiResults.Problem(ServiceContractErrors.PolicyNotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View).WithSummary("One SLA policy");
        group.MapPut("/{id:long}", async (long id, SlaPolicyInput input, SlaPolicyService policies, CancellationToken cancellationToken) =>
                ApiResults.From(await policies.UpdateAsync(id, input, cancellationToken), policy => TypedResults.Ok(policy)))
            .RequirePermission(Capability.Tickets, PermissionAction.Administer).WithSummary("Replace an SLA policy: a default one, the template's, or a contract's");
    }
}
