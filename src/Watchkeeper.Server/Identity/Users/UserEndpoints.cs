using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        var viewers = group.MapGroup("").RequirePermission(Capability.Users, PermissionAction.View);
        var creators = group.MapGroup("").RequirePermission(Capability.Users, PermissionAction.Create);
        var editors = group.MapGroup("").RequirePermission(Capability.Users, PermissionAction.Edit);
        var administrators = group.MapGroup("").RequirePermission(Capability.Users, PermissionAction.Administer);

        viewers.MapGet("/", ListAsync).WithSummary("Users of the caller's organizations, with roles, organizations and contacts");
        viewers.MapGet("/{id}", async (string id, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.GetAsync(caller, id, cancellationToken), TypedResults.Ok)).WithSummary("One user");
        creators.MapPost("/", async (UserInput input, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.CreateAsync(caller, input, cancellationToken), user => TypedResults.Created($"/api/v1/users/{user.Id}", user)))
            .WithSummary("Create a user; the initial password must be changed at first sign-in");
        editors.MapPut("/{id}", async (string id, UserInput input, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.UpdateAsync(caller, id, input, cancellationToken), TypedResults.Ok))
            .WithSummary("Update display name, contacts, roles and organizations; null lists stay as they are");
        administrators.MapPost("/{id}/disable", async (string id, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.SetDisabledAsync(caller, id, disabled: true, cancellationToken), TypedResults.Ok))
            .WithSummary("Disable a user: sign-in, sessions and tokens stop working");
        administrators.MapPost("/{id}/enable", async (string id, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.SetDisabledAsync(caller, id, disabled: false, cancellationToken), TypedResults.Ok))
            .WithSummary("Enable a disabled user again");
        administrators.MapPost("/{id}/reset-password", async (string id, ResetPasswordInput? input, ClaimsPrincipal caller, UserService users,
            CancellationToken cancellationToken) =>
            ApiResults.From(await users.ResetPasswordAsync(caller, id, input ?? new ResetPasswordInput(null), cancellationToken), TypedResults.Ok))
            .WithSummary("Set a new password, or generate one (returned once); the user changes it at next sign-in");
        administrators.MapPost("/{id}/unlock", async (string id, ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken) =>
            ApiResults.From(await users.UnlockAsync(caller, id, cancellationToken), TypedResults.Ok))
            .WithSummary("End a lockout after too many failed sign-ins");

        MapRoles(routes);
        return routes;
    }

    private static void MapRoles(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/roles").WithTags("Users");
        var viewers = group.MapGroup("").RequirePermission(Capability.Roles, PermissionAction.View);
        var creators = group.MapGroup("").RequirePermission(Capability.Roles, PermissionAction.Create);
        var editors = group.MapGroup("").RequirePermission(Capability.Roles, PermissionAction.Edit);
        var administrators = group.MapGroup("").RequirePermission(Capability.Roles, PermissionAction.Administer);

        viewers.MapGet("/", async (RoleService roles, CancellationToken cancellationToken) => TypedResults.Ok(await roles.ListAsync(cancellationToken)))
            .WithSummary("Every role with its permissions and how many users hold it");
        viewers.MapGet("/permissions", () => TypedResults.Ok(RoleService.Catalog)).WithSummary("Every capability, action and permission name");
        viewers.MapGet("/{name}", async (string name, RoleService roles, CancellationToken cancellationToken) =>
            ApiResults.From(await roles.GetAsync(name, cancellationToken), TypedResults.Ok)).WithSummary("One role");
        creators.MapPost("/", async (RoleInput input, ClaimsPrincipal caller, RoleService roles, CancellationToken cancellationToken) =>
            ApiResults.From(await roles.CreateAsync(caller, input, cancellationToken), role => TypedResults.Created($"/api/v1/roles/{role.Name}", role)))
            .WithSummary("Add a custom role");
        editors.MapPut("/{name}", async (string name, RoleInput input, ClaimsPrincipal caller, RoleService roles, CancellationToken cancellationToken) =>
            ApiResults.From(await roles.UpdateAsync(caller, name, input, cancellationToken), TypedResults.Ok))
            .WithSummary("Change a role's display name, description or permissions");
        administrators.MapDelete("/{name}", async (string name, RoleService roles, CancellationToken cancellationToken) =>
            ApiResults.From(await roles.DeleteAsync(name, cancellationToken), _ => TypedResults.NoContent()))
            .WithSummary("Delete a custom role no user holds");
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal caller, UserService users, CancellationToken cancellationToken,
        string? search = null, string? role = null, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > UserService.MaxPageSize)
        {
            return ApiResults.Problem(Error.Validation("user.filter.paging", Bilingual.Join(
                $"page 须 ≥ 1，pageSize 须在 1–{UserService.MaxPageSize} 之间。", $"page must be at least 1 and pageSize 1-{UserService.MaxPageSize}."), "pageSize"));
        }

        return TypedResults.Ok(await users.ListAsync(caller, search, role, page, pageSize, cancellationToken));
    }
}
