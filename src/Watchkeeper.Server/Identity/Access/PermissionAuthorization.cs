using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>Names the policy of one permission, e.g. <c>perm:devices.view</c>.</summary>
public static class PermissionPolicy
{
    public const string Prefix = "perm:";

    public static string Name(Permission permission) => Prefix + permission.Name;

    public static string Name(Capability capability, PermissionAction action) => Name(new Permission(capability, action));
}

/// <summary>Endpoint metadata naming the permission an endpoint needs; the role × endpoint tests read it.</summary>
public sealed record PermissionMetadata(Permission Permission);

public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}

/// <summary>
/// Grants a <see cref="PermissionRequirement"/> when the user's roles hold the permission and, for a personal
/// access token, the token's scopes include it too.
/// </summary>
public sealed class PermissionAuthorizationHandler(UserAccessService accessService) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var access = await accessService.GetAsync(context.User);
        if (access is null || !access.Has(requirement.Permission))
        {
            return;
        }

        var tokenScopes = context.User.FindAll(AccessClaims.TokenScope).Select(c => c.Value).ToList();
        if (tokenScopes.Count > 0 && !tokenScopes.Contains(requirement.Permission.Name, StringComparer.Ordinal))
        {
            return;
        }

        context.Succeed(requirement);
    }
}

/// <summary>Builds the policy of a <c>perm:</c> name on demand; every other name goes to the default provider.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : IAuthorizationPolicyProvider
{
    private readonly DefaultAuthorizationPolicyProvider _fallback = new(options);

    public Task<AuthorizationPolicy> GetDefaultPolicyAsync() => _fallback.GetDefaultPolicyAsync();

    public Task<AuthorizationPolicy?> GetFallbackPolicyAsync() => _fallback.GetFallbackPolicyAsync();

    public Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(PermissionPolicy.Prefix, StringComparison.Ordinal)
            && Permission.TryParse(policyName[PermissionPolicy.Prefix.Length..], out var permission))
        {
            var policy = new AuthorizationPolicyBuilder(IdentitySetup.CookieOrBearer)
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission))
                .Build();
            return Task.FromResult<AuthorizationPolicy?>(policy);
        }

        return _fallback.GetPolicyAsync(policyName);
    }
}

/// <summary>On a Blazor page: the permission needed to open it.</summary>
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(Capability capability, PermissionAction action)
        : base(PermissionPolicy.Name(capability, action))
    {
        Permission = new Permission(capability, action);
    }

    public Permission Permission { get; }
}

public static class PermissionEndpointExtensions
{
    /// <summary>Requires the permission on the endpoint or group and records it as metadata.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Capability capability, PermissionAction action)
        where TBuilder : IEndpointConventionBuilder
    {
        var permission = new Permission(capability, action);
        builder.WithMetadata(new PermissionMetadata(permission));
        return builder.RequireAuthorization(PermissionPolicy.Name(permission));
    }
}
