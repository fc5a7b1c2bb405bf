using Microsoft.AspNetCore.Identity;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>A role: a named set of permissions. Built-in roles can be edited but not deleted.</summary>
public sealed class ApplicationRole : IdentityRole
{
    public const int MaxDisplayNameLength = 100;

    /// <summary>The name shown in the console; built-in roles show their resource name instead.</summary>
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public bool IsBuiltIn { get; set; }
}

/// <summary>Membership of a user in an organization; the user sees that organization and its descendants.</summary>
public sealed class UserOrganization
{
    public required string UserId { get; set; }

    public long OrganizationId { get; set; }
}

public static class AccessClaims
{
    /// <summary>The role claim type holding one permission name, e.g. <c>devices.view</c>.</summary>
    public const string Permission = "wk:permission";

    /// <summary>On a personal access token's principal: one permission the token is limited to.</summary>
    public const string TokenScope = "wk:token_scope";
}
