namespace Watchkeeper.Server.Identity.Access;

/// <summary>What one user may do and see, resolved from the user's roles and organizations.</summary>
public sealed record UserAccess(string UserId, string? UserName, bool IsActive, IReadOnlySet<string> Roles,
    IReadOnlySet<Permission> Permissions, OrganizationScope Scope)
{
    public static UserAccess None(string userId) =>
        new(userId, null, false, new HashSet<string>(), new HashSet<Permission>(), OrganizationScope.Nothing);

    public bool Has(Permission permission) => IsActive && Permissions.Contains(permission);

    public bool Has(Capability capability, PermissionAction action) => Has(new Permission(capability, action));
}
