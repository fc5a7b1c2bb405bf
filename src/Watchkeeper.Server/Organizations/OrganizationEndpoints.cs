using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Organizations;

public sealed record OrganizationRequest(string? Name, long? ParentId);

public sealed record OrganizationNode(long Id, string Name, long? ParentId, string Path, IReadOnlyList<OrganizationNode> Children);

public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organizations").WithTags("Organizations");
        var viewers = group.MapGroup("").RequirePermission(Capability.Organizations, PermissionAction.View);
        var creators = group.MapGroup("").RequirePermission(Capability.Organizations, PermissionAction.Create);
        var editors = group.MapGroup("").RequirePermission(Capability.Organizations, PermissionAction.Edit);
        var administrators = group.MapGroup("").RequirePermission(Capability.Organizations, PermissionAction.Administer);

        viewers.MapGet("/", async (OrganizationDirectory directory, CancellationToken cancellationToken) =>
        {
            var tree = await directory.GetVisibleTreeAsync(cancellationToken);
            return TypedResults.Ok(tree.Roots.Select(root => ToNode(tree, root)).ToList());
        }).WithSummary("The organization tree");

        creators.MapPost("/", async (OrganizationRequest request, OrganizationService service, CancellationToken cancellationToken) =>
            ApiResults.From(await service.CreateAsync(request.Name, request.ParentId, cancellationToken),
                created => TypedResults.Created($"/api/v1/organizations/{created.Id}", ToFlat(created))))
            .WithSummary("Create an organization under a parent (or at the root)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        editors.MapPut("/{id:long}", async (long id, OrganizationRequest request, OrganizationService service, CancellationToken cancellationToken) =>
            ApiResults.From(await service.UpdateAsync(id, request.Name, request.ParentId, cancellationToken), updated => TypedResults.Ok(ToFlat(updated))))
            .WithSummary("Rename or move an organization");

        administrators.MapDelete("/{id:long}", async (long id, OrganizationService service, CancellationToken cancellationToken) =>
        {
            var result = await service.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).WithSummary("Delete an empty organization");

        return routes;
    }

    private static OrganizationNode ToNode(OrganizationTree tree, Organization organization) =>
        new(organization.Id, organization.Name, organization.ParentId, tree.PathOf(organization.Id),
            tree.ChildrenOf(organization.Id).Select(child => ToNode(tree, child)).ToList());

    private static object ToFlat(Organization organization) =>
        new { organization.Id, organization.Name, organization.ParentId };
}
