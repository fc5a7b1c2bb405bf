namespace Watchkeeper.Server.Identity.Access;

/// <summary>What one user may do and see, resolved from the user's roles and organizations.</summary>
public sealed record UserAccess(string UserId, string? UserName, bool IsActive, IReadOnlySet<string> Roles,
    IReadOnlySet<Permission> Permissions, OrganizationScope Scope)
{
    public static UserAccess None(string userId) =>
        new(userId, null, false, new HashSet<string>(), new HashSet<Permission>(), OrganizationScope.Nothing);

    /// <summary>
    /// The platform acting by itself, such as a worker opening and assigning a ticket by rule: every permission, every
    /// organization, and no user name, so that logs show no user as the actor.
    /// </summary>
    public static UserAccess Platform { get; } =
        new("", null, true, new HashSet<string>(), Permission.All.ToHashSet(), OrganizationScope.Unrestricted);

    public bool Has(Permission permission) => IsActive && Permissions.Contains(permission);

    public bool Has(Capability capability, PermissionAction action) => Has(new Permission(capability, action));
}
