using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.Users;

public sealed record RoleView(string Name, string? DisplayName, string? Description, bool IsBuiltIn, IReadOnlyList<string> Permissions, int UserCount);

public sealed record RoleInput(string? Name, string? DisplayName, string? Description, IReadOnlyList<string>? Permissions);

/// <summary>The permission catalog: every capability and action, for the roles editor and API clients.</summary>
public sealed record PermissionCatalog(IReadOnlyList<string> Capabilities, IReadOnlyList<string> Actions, IReadOnlyList<string> Permissions);

/// <summary>
/// Roles and their permissions. Built-in roles can be edited but not renamed or deleted; custom roles can be
/// added. A caller adds to a role only permissions it has itself.
/// </summary>
public sealed partial class RoleService(WatchkeeperDbContext db, RoleManager<ApplicationRole> roles, UserAccessService accessService, ILogger<RoleService> logger)
{
    public static PermissionCatalog Catalog { get; } = new(
        [.. Enum.GetNames<Capability>()], [.. Enum.GetNames<PermissionAction>()], [.. Permission.All.Select(p => p.Name)]);

    public async Task<IReadOnlyList<RoleView>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await db.Roles.AsNoTracking().ToListAsync(cancellationToken);
        var claims = await db.RoleClaims.AsNoTracking().Where(c => c.ClaimType == AccessClaims.Permission).ToListAsync(cancellationToken);
        var counts = await db.UserRoles.GroupBy(ur => ur.RoleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var builtInOrder = BuiltInRoles.Names.Select((name, index) => (name, index)).ToDictionary(x => x.name, x => x.index, StringComparer.Ordinal);
        return [.. all
            .OrderBy(r => builtInOrder.GetValueOrDefault(r.Name!, int.MaxValue)).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new RoleView(r.Name!, r.DisplayName, r.Description, r.IsBuiltIn,
                [.. claims.Where(c => c.RoleId == r.Id).Select(c => c.ClaimValue!).Order(StringComparer.Ordinal)],
                counts.GetValueOrDefault(r.Id)))];
    }

    public async Task<Result<RoleView>> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(r => r.Name == name) is { } role ? role : RoleErrors.NotFound(name);

    public async Task<Result<RoleView>> CreateAsync(ClaimsPrincipal caller, RoleInput input, CancellationToken cancellationToken)
    {
        var name = input.Name?.Trim() ?? "";
        if (!NamePattern().IsMatch(name))
        {
            return Error.Validation("role.name.invalid", Bilingual.Join(
                $"角色名“{name}”无效：2–64 个字母、数字或 _ -，以字母开头（显示名可用中文）。",
                $"Role name '{name}' is invalid: 2-64 letters, digits, _ or -, starting with a letter (the display name may be Chinese)."), "name");
        }

        if (await roles.RoleExistsAsync(name))
        {
            return Error.Conflict("role.name.duplicate", Bilingual.Join($"角色“{name}”已存在。", $"Role '{name}' already exists."), "name");
        }

        var permissions = await CheckPermissionsAsync(caller, input.Permissions ?? [], [], cancellationToken);
        if (!permissions.IsSuccess)
        {
            return Result<RoleView>.Failure(permissions.Errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var role = new ApplicationRole { Name = name, DisplayName = Trimmed(input.DisplayName), Description = Trimmed(input.Description) };
        var created = await roles.CreateAsync(role);
        if (!created.Succeeded)
        {
            return Error.Validation("role.create", Bilingual.Join("创建角色失败：" + created.Errors.First().Description, "Creating the role failed: " + created.Errors.First().Description));
        }

        await ReplacePermissionsAsync(role, [], permissions.Value);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Created role {Role} with {PermissionCount} permissions", name, permissions.Value.Count);
        return await GetAsync(name, cancellationToken);
    }

    public async Task<Result<RoleView>> UpdateAsync(ClaimsPrincipal caller, string name, RoleInput input, CancellationToken cancellationToken)
    {
        var role = await roles.FindByNameAsync(name);
        if (role is null)
        {
            return RoleErrors.NotFound(name);
        }

        if (input.Name is { } newName && newName.Trim() != role.Name)
        {
            return Error.Validation("role.name.immutable", Bilingual.Join(
                "角色名不能修改；请修改显示名。", "A role name cannot change; change its display name instead."), "name");
        }

        var current = (await roles.GetClaimsAsync(role)).Where(c => c.Type == AccessClaims.Permission).Select(c => c.Value).ToList();
        if (input.Permissions is not null)
        {
            var permissions = await CheckPermissionsAsync(caller, input.Permissions, current, cancellationToken);
            if (!permissions.IsSuccess)
            {
                return Result<RoleView>.Failure(permissions.Errors);
            }

            if (role.Name == BuiltInRoles.Administrator && permissions.Value.Count < Permission.All.Count)
            {
                return Error.Conflict("role.administrator.permissions", Bilingual.Join(
                    "系统管理员角色必须保有全部权限，否则无人能再管理权限。", "The Administrator role must keep every permission; otherwise no user could manage permissions."), "permissions");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ReplacePermissionsAsync(role, current, permissions.Value);
            await ApplyNamesAsync(role, input);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await ApplyNamesAsync(role, input);
        }

        accessService.InvalidateAll();
        logger.LogInformation("Updated role {Role}", name);
        return await GetAsync(name, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var role = await roles.FindByNameAsync(name);
        if (role is null)
        {
            return RoleErrors.NotFound(name);
        }

        if (role.IsBuiltIn)
        {
            return Error.Conflict("role.built_in", Bilingual.Join(
                $"内置角色“{name}”不能删除；可以修改其权限。", $"Built-in role '{name}' cannot be deleted; edit its permissions instead."));
        }

        var members = await db.UserRoles.CountAsync(ur => ur.RoleId == role.Id, cancellationToken);
        if (members > 0)
        {
            return Error.Conflict("role.in_use", Bilingual.Join(
                $"角色“{name}”仍授予了 {members} 个用户；请先从这些用户撤销它。", $"Role '{name}' is still held by {members} users; take it from them first."));
        }

        await roles.DeleteAsync(role);
        accessService.InvalidateAll();
        logger.LogInformation("Deleted role {Role}", name);
        return true;
    }

    private async Task<Result<IReadOnlyList<string>>> CheckPermissionsAsync(ClaimsPrincipal caller, IReadOnlyList<string> names,
        IReadOnlyList<string> current, CancellationToken cancellationToken)
    {
        var access = await accessService.GetAsync(caller, cancellationToken);
        var errors = new List<Error>();
        var parsed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!Permission.TryParse(name, out var permission))
            {
                errors.Add(Error.Validation("role.permission.unknown", Bilingual.Join(
                    $"权限“{name}”无效；格式为 能力.操作，如 devices.view，可选值见 GET /api/v1/roles/permissions。",
                    $"Permission '{name}' is invalid; write capability.action such as devices.view (GET /api/v1/roles/permissions lists them)."), "permissions"));
                continue;
            }

            // Keeping a permission the role already has is fine; adding one the caller lacks is not.
            if (!current.Contains(permission.Name) && access?.Has(permission) != true)
            {
                errors.Add(new Error("role.permission.not_grantable", Bilingual.Join(
                    $"你没有权限“{permission.Name}”，不能把它加入角色。", $"You do not hold '{permission.Name}', so you cannot add it to a role."), ErrorKind.Forbidden, "permissions"));
                continue;
            }

            parsed.Add(permission.Name);
        }

        return errors.Count > 0 ? Result<IReadOnlyList<string>>.Failure(errors) : parsed.ToList();
    }

    private async Task ReplacePermissionsAsync(ApplicationRole role, IReadOnlyList<string> current, IReadOnlyList<string> wanted)
    {
        foreach (var removed in current.Except(wanted, StringComparer.Ordinal))
        {
            await roles.RemoveClaimAsync(role, new Claim(AccessClaims.Permission, removed));
        }

        foreach (var added in wanted.Except(current, StringComparer.Ordinal))
        {
            await roles.AddClaimAsync(role, new Claim(AccessClaims.Permission, added));
        }
    }

    private async Task ApplyNamesAsync(ApplicationRole role, RoleInput input)
    {
        if (input.DisplayName is null && input.Description is null)
        {
            return;
        }

        role.DisplayName = input.DisplayName is null ? role.DisplayName : Trimmed(input.DisplayName);
        role.Description = input.Description is null ? role.Description : Trimmed(input.Description);
        await roles.UpdateAsync(role);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex NamePattern();
}

internal static class RoleErrors
{
    public static Error NotFound(string name) => Error.NotFound("role.not_found", Bilingual.Join($"角色“{name}”不存在。", $"Role '{name}' does not exist."));
}
