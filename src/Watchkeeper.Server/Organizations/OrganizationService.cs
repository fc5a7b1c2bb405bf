using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Organizations;

public sealed class OrganizationService(WatchkeeperDbContext db, OrganizationDirectory directory, TimeProvider time, ILogger<OrganizationService> logger)
{
    public async Task<Result<Organization>> CreateAsync(string? name, long? parentId, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (ValidateName(trimmed) is { } invalid)
        {
            return invalid;
        }

        if (parentId is null && !CanUseRoot())
        {
            return RootNotAllowed();
        }

        // The query filter limits the lookup to the organizations the user sees, so a hidden parent reads as missing.
        if (parentId is { } parent && !await db.Organizations.AnyAsync(o => o.Id == parent, cancellationToken))
        {
            return Error.Validation("organization.parent.not_found", Bilingual.Join(
                $"上级组织 {parent} 不存在。", $"Parent organization {parent} does not exist."), "parentId");
        }

        if (await db.Organizations.AnyAsync(o => o.ParentId == parentId && o.Name == trimmed, cancellationToken))
        {
            return DuplicateName(trimmed);
        }

        var organization = new Organization { Name = trimmed, ParentId = parentId, CreatedAt = time.GetUtcNow() };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate();
        logger.LogInformation("Created organization {OrganizationId} {OrganizationName} under {ParentId}", organization.Id, organization.Name, parentId);
        return organization;
    }

    public async Task<Result<Organization>> UpdateAsync(long id, string? name, long? parentId, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return NotFound(id);
        }

        var trimmed = name?.Trim() ?? "";
        if (ValidateName(trimmed) is { } invalid)
        {
            return invalid;
        }

        // Keeping the current parent is always allowed, so a user can rename the top organization of the user's scope.
        var parentChanged = parentId != organization.ParentId;
        if (parentChanged && parentId is null && !CanUseRoot())
        {
            return RootNotAllowed();
        }

        if (parentChanged && parentId is { } parent)
        {
            var tree = await directory.GetVisibleTreeAsync(cancellationToken);
            if (tree.Find(parent) is null)
            {
                return Error.Validation("organization.parent.not_found", Bilingual.Join(
                    $"上级组织 {parent} 不存在。", $"Parent organization {parent} does not exist."), "parentId");
            }

            if (tree.IsInSubtree(parent, id))
            {
                return Error.Validation("organization.parent.cycle", Bilingual.Join(
                    "不能把组织移到它自己或它的下级之下。", "An organization cannot move under itself or one of its descendants."), "parentId");
            }
        }

        if (await db.Organizations.AnyAsync(o => o.Id != id && o.ParentId == parentId && o.Name == trimmed, cancellationToken))
        {
            return DuplicateName(trimmed);
        }

        organization.Name = trimmed;
        organization.ParentId = parentId;
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate();
        logger.LogInformation("Updated organization {OrganizationId}: name {OrganizationName}, parent {ParentId}", id, trimmed, parentId);
        return organization;
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        if (await db.Organizations.AnyAsync(o => o.ParentId == id, cancellationToken) || await db.Devices.AnyAsync(d => d.OrganizationId == id, cancellationToken))
        {
            return Error.Conflict("organization.not_empty", Bilingual.Join(
                $"组织 {id} 下还有下级组织或设备，请先移走或删除它们。",
                $"Organization {id} still has child organizations or devices; move or delete them first."));
        }

        await db.Organizations.Where(o => o.Id == id).ExecuteDeleteAsync(cancellationToken);
        directory.Invalidate();
        logger.LogInformation("Deleted organization {OrganizationId}", id);
        return Result.Success();
    }

    /// <summary>Returns an error when a name is empty, too long or contains the path separator '/'.</summary>
    public static Error? ValidateName(string name) =>
        name.Length == 0 || name.Length > Organization.MaxNameLength || name.Contains(Organization.PathSeparator)
            ? Error.Validation("organization.name.invalid", Bilingual.Join(
                $"组织名称须为 1–{Organization.MaxNameLength} 个字符且不含“/”，收到“{name}”。",
                $"An organization name must be 1-{Organization.MaxNameLength} characters without '/'; got '{name}'."), "name")
            : null;

    /// <summary>Only an unrestricted user (or background work) may create or move an organization at the root.</summary>
    private static bool CanUseRoot() => OrganizationScope.Current?.IsUnrestricted ?? true;

    private static Error RootNotAllowed() => Error.Validation("organization.parent.required", Bilingual.Join(
        "只有可见全部组织的用户才能在根级创建或移入组织，请选择一个上级组织。",
        "Only a user who sees every organization can place an organization at the root; choose a parent organization."), "parentId");

    private static Error DuplicateName(string name) => Error.Conflict("organization.name.duplicate", Bilingual.Join(
        $"同一上级下已有名为“{name}”的组织。", $"An organization named '{name}' already exists under this parent."), "name");

    private static Error NotFound(long id) => Error.NotFound("organization.not_found",
        Bilingual.Join($"组织 {id} 不存在。", $"Organization {id} does not exist."));
}
