using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.Users;

/// <summary>
/// User administration. A caller lists the users of its organizations, and grants only roles whose permissions
/// it has and organizations in its scope, so no caller can grant more than it has.
/// </summary>
public sealed partial class UserService(
    WatchkeeperDbContext db,
    UserManager<ApplicationUser> users,
    UserAccessService accessService,
    IAuditLog audit,
    TimeProvider time,
    ILogger<UserService> logger)
{
    public const int MaxPageSize = 200;

    public async Task<UserPage> ListAsync(ClaimsPrincipal caller, string? search, string? role, int page, int pageSize, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var query = Visible(access);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(u => u.UserName!.Contains(text) || (u.DisplayName != null && u.DisplayName.Contains(text)));
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(u => u.UserName).Skip((page - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(cancellationToken);
        return new UserPage(await ViewsAsync(items, cancellationToken), total, page, pageSize);
    }

    public async Task<Result<UserView>> GetAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var user = await Visible(access).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? UserErrors.NotFound(id) : (await ViewsAsync([user], cancellationToken))[0];
    }

    public async Task<Result<UserView>> CreateAsync(ClaimsPrincipal caller, UserInput input, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length is < 2 or > 64)
        {
            return Error.Validation("user.name.length", Bilingual.Join("用户名须为 2–64 个字符。", "The user name must be 2-64 characters."), "userName");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            return Error.Validation("user.password.missing", Bilingual.Join("请为新用户设置初始密码。", "Set an initial password for the new user."), "password");
        }

        var grants = await CheckGrantsAsync(access, input.Roles ?? [], input.OrganizationIds ?? [], cancellationToken);
        if (!grants.IsSuccess)
        {
            return Result<UserView>.Failure(grants.Errors);
        }

        if (ValidateContacts(input.Contacts) is { } invalidContacts)
        {
            return invalidContacts;
        }

        var user = new ApplicationUser
        {
            UserName = userName,
            DisplayName = Trimmed(input.DisplayName),
            CreatedAt = time.GetUtcNow(),
            MustChangePassword = true,
            LockoutEnabled = true,
        };
        ApplyContacts(user, input.Contacts);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return Result<UserView>.Failure([.. created.Errors.Select(e => IdentityErrors.ToError(e, userName))]);
        }

        await SetRolesAsync(user, grants.Value.Roles);
        SetOrganizations(user.Id, [], grants.Value.OrganizationIds);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("User {Caller} created user {UserName} with roles {Roles}", access.UserName, userName, grants.Value.Roles);
        return (await ViewsAsync([user], cancellationToken))[0];
    }

    public async Task<Result<UserView>> UpdateAsync(ClaimsPrincipal caller, string id, UserInput input, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var user = await Visible(access).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserErrors.NotFound(id);
        }

        if (input.UserName is { } newName && !string.Equals(newName.Trim(), user.UserName, StringComparison.Ordinal))
        {
            return Error.Validation("user.name.immutable", Bilingual.Join(
                "用户名创建后不能修改；请修改显示名。", "A user name cannot change after creation; change the display name instead."), "userName");
        }

        var currentRoles = (await users.GetRolesAsync(user)).ToList();
        var currentOrganizations = await db.UserOrganizations.Where(m => m.UserId == id).Select(m => m.OrganizationId).ToListAsync(cancellationToken);
        var grants = await CheckGrantsAsync(access, input.Roles ?? currentRoles, input.OrganizationIds ?? currentOrganizations, cancellationToken,
            unchangedRoles: input.Roles is null ? currentRoles : null, unchangedOrganizations: input.OrganizationIds is null ? currentOrganizations : null);
        if (!grants.IsSuccess)
        {
            return Result<UserView>.Failure(grants.Errors);
        }

        if (ValidateContacts(input.Contacts) is { } invalidContacts)
        {
            return invalidContacts;
        }

        if (currentRoles.Contains(BuiltInRoles.Administrator) && !grants.Value.Roles.Contains(BuiltInRoles.Administrator)
            && await IsLastAdministratorAsync(user, cancellationToken))
        {
            return UserErrors.LastAdministrator();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (input.DisplayName is not null)
        {
            user.DisplayName = Trimmed(input.DisplayName);
        }

        if (input.Contacts is not null)
        {
            ApplyContacts(user, input.Contacts);
        }

        if (!string.IsNullOrEmpty(input.Password))
        {
            var reset = await ReplacePasswordAsync(user, input.Password, mustChange: true);
            if (!reset.IsSuccess)
            {
                return reset.Error!;
            }
        }

        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Result<UserView>.Failure([.. updated.Errors.Select(e => IdentityErrors.ToError(e, user.UserName))]);
        }

        var rolesChanged = !grants.Value.Roles.ToHashSet().SetEquals(currentRoles);
        if (rolesChanged)
        {
            await users.RemoveFromRolesAsync(user, currentRoles);
            await SetRolesAsync(user, grants.Value.Roles);
        }

        SetOrganizations(id, currentOrganizations, grants.Value.OrganizationIds);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        accessService.Invalidate(id);
        logger.LogInformation("User {Caller} updated user {UserName}", access.UserName, user.UserName);
        return (await ViewsAsync([user], cancellationToken))[0];
    }

    public async Task<Result<UserView>> SetDisabledAsync(ClaimsPrincipal caller, string id, bool disabled, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var user = await Visible(access).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserErrors.NotFound(id);
        }

        if (disabled && id == access.UserId)
        {
            return Error.Conflict("user.disable.self", Bilingual.Join("不能停用自己的账号。", "You cannot disable your own account."));
        }

        if (disabled && (await users.GetRolesAsync(user)).Contains(BuiltInRoles.Administrator) && await IsLastAdministratorAsync(user, cancellationToken))
        {
            return UserErrors.LastAdministrator();
        }

        user.IsDisabled = disabled;
        user.DisabledAt = disabled ? time.GetUtcNow() : null;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return Result<UserView>.Failure([.. result.Errors.Select(e => IdentityErrors.ToError(e, user.UserName))]);
        }

        // A new security stamp ends the user's cookie sessions at their next validation.
        await users.UpdateSecurityStampAsync(user);
        accessService.Invalidate(id);
        logger.LogInformation("User {Caller} {Change} user {UserName}", access.UserName, disabled ? "disabled" : "enabled", user.UserName);
        return (await ViewsAsync([user], cancellationToken))[0];
    }

    public async Task<Result<PasswordResetView>> ResetPasswordAsync(ClaimsPrincipal caller, string id, ResetPasswordInput input, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var user = await Visible(access).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserErrors.NotFound(id);
        }

        var generated = string.IsNullOrEmpty(input.Password) ? AdminAccountSeeder.GeneratePassword() : null;
        var reset = await ReplacePasswordAsync(user, input.Password is { Length: > 0 } given ? given : generated!, input.MustChangePassword);
        if (!reset.IsSuccess)
        {
            return reset.Error!;
        }

        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Caller} reset the password of {UserName}", access.UserName, user.UserName);
        return new PasswordResetView(user.Id, generated, input.MustChangePassword);
    }

    public async Task<Result<UserView>> UnlockAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken)
    {
        var access = await CallerAsync(caller, cancellationToken);
        var user = await Visible(access).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserErrors.NotFound(id);
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);

        // The change capture skips lockout bookkeeping, so an administrator's unlock is recorded here.
        await audit.RecordAsync(new AuditEvent(AuditActions.CredentialChange)
        {
            EntityType = nameof(ApplicationUser), EntityId = user.Id, Summary = $"Unlocked {user.UserName}",
        }, caller, cancellationToken);
        logger.LogInformation("User {Caller} unlocked {UserName}", access.UserName, user.UserName);
        return (await ViewsAsync([user], cancellationToken))[0];
    }

    private async Task<UserAccess> CallerAsync(ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await accessService.GetAsync(caller, cancellationToken) ?? UserAccess.None("");

    /// <summary>An unrestricted caller sees every user; others see users sharing one of their organizations, and themselves.</summary>
    private IQueryable<ApplicationUser> Visible(UserAccess access)
    {
        if (access.Scope.IsUnrestricted)
        {
            return db.Users;
        }

        var visible = access.Scope.OrganizationIds.ToList();
        var self = access.UserId;
        return db.Users.Where(u => u.Id == self || db.UserOrganizations.Any(m => m.UserId == u.Id && visible.Contains(m.OrganizationId)));
    }

    private async Task<Result<(IReadOnlyList<string> Roles, IReadOnlyList<long> OrganizationIds)>> CheckGrantsAsync(UserAccess access,
        IReadOnlyList<string> roles, IReadOnlyList<long> organizationIds, CancellationToken cancellationToken,
        IReadOnlyList<string>? unchangedRoles = null, IReadOnlyList<long>? unchangedOrganizations = null)
    {
        var errors = new List<Error>();
        var wanted = roles.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Roles.Where(r => wanted.Contains(r.Name!)).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        foreach (var missing in wanted.Except(known.Select(k => k.Name!), StringComparer.Ordinal))
        {
            errors.Add(Error.Validation("user.role.not_found", Bilingual.Join(
                $"角色“{missing}”不存在；可用 GET /api/v1/roles 查看角色。", $"Role '{missing}' does not exist; GET /api/v1/roles lists the roles."), "roles"));
        }

        // Roles the user already has may stay even if the caller could not grant them. New roles must be within the caller's permissions.
        if (unchangedRoles is null)
        {
            var roleIds = known.Select(k => k.Id).ToList();
            var granted = await db.RoleClaims.Where(c => roleIds.Contains(c.RoleId) && c.ClaimType == AccessClaims.Permission)
                .Select(c => new { c.RoleId, c.ClaimValue }).ToListAsync(cancellationToken);
            foreach (var role in known)
            {
                var beyond = granted.Where(g => g.RoleId == role.Id && Permission.TryParse(g.ClaimValue, out var p) && !access.Has(p))
                    .Select(g => g.ClaimValue).ToList();
                if (beyond.Count > 0)
                {
                    errors.Add(new Error("user.role.not_grantable", Bilingual.Join(
                        $"不能授予角色“{role.Name}”：它包含你没有的权限 {string.Join(", ", beyond.Take(5))}。",
                        $"You cannot grant role '{role.Name}': it contains permissions you do not have ({string.Join(", ", beyond.Take(5))})."), ErrorKind.Forbidden, "roles"));
                }
            }
        }

        var wantedOrganizations = organizationIds.Distinct().ToList();
        if (unchangedOrganizations is null)
        {
            // Read from the database, not the cached tree, so an organization created a moment ago can be granted.
            var existing = await db.Organizations.Where(o => wantedOrganizations.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
            foreach (var id in wantedOrganizations.Where(id => !existing.Contains(id) || !access.Scope.Includes(id)))
            {
                errors.Add(Error.Validation("user.organization.not_found", Bilingual.Join(
                    $"组织 {id} 不存在或不在你的管辖范围内。", $"Organization {id} does not exist or is outside your organizations."), "organizationIds"));
            }
        }

        return errors.Count > 0
            ? Result<(IReadOnlyList<string>, IReadOnlyList<long>)>.Failure(errors)
            : (wanted, wantedOrganizations);
    }

    private async Task SetRolesAsync(ApplicationUser user, IReadOnlyList<string> roles)
    {
        if (roles.Count > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }
    }

    private void SetOrganizations(string userId, IReadOnlyList<long> current, IReadOnlyList<long> wanted)
    {
        foreach (var removed in current.Except(wanted))
        {
            db.UserOrganizations.Remove(db.UserOrganizations.Local.FirstOrDefault(m => m.UserId == userId && m.OrganizationId == removed)
                ?? new UserOrganization { UserId = userId, OrganizationId = removed });
        }

        foreach (var added in wanted.Except(current))
        {
            db.UserOrganizations.Add(new UserOrganization { UserId = userId, OrganizationId = added });
        }
    }

    private async Task<Result> ReplacePasswordAsync(ApplicationUser user, string password, bool mustChange)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded)
            {
                return IdentityErrors.ToError(check.Errors.First());
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.MustChangePassword = mustChange;
        return Result.Success();
    }

    private async Task<bool> IsLastAdministratorAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var admins = await users.GetUsersInRoleAsync(BuiltInRoles.Administrator);
        return admins.Count(a => !a.IsDisabled && a.Id != user.Id) == 0;
    }

    private async Task<IReadOnlyList<UserView>> ViewsAsync(IReadOnlyList<ApplicationUser> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var memberships = await db.UserOrganizations.Where(m => ids.Contains(m.UserId)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. page.Select(u => new UserView(
            u.Id, u.UserName!, u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal)],
            [.. memberships.Where(m => m.UserId == u.Id).Select(m => m.OrganizationId).Order()],
            new UserContacts(u.PhoneNumber, u.Email, u.DingTalkId, u.WeComId, u.FeishuId),
            u.IsDisabled, u.DisabledAt,
            u.LockoutEnd is { } end && end > now ? end : null,
            u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAt))];
    }

    private static Error? ValidateContacts(UserContacts? contacts)
    {
        if (contacts?.Mobile is { Length: > 0 } mobile && !MobilePattern().IsMatch(mobile.Trim()))
        {
            return Error.Validation("user.contacts.mobile", Bilingual.Join(
                $"手机号“{mobile}”无效：只能含数字、空格、+ 和 -，5–20 位。", $"Mobile number '{mobile}' is invalid: digits, spaces, + and - only, 5-20 characters."), "contacts.mobile");
        }

        if (contacts?.Email is { Length: > 0 } email && !EmailPattern().IsMatch(email.Trim()))
        {
            return Error.Validation("user.contacts.email", Bilingual.Join(
                $"电子邮箱“{email}”无效。", $"E-mail address '{email}' is invalid."), "contacts.email");
        }

        foreach (var (value, field) in new[] { (contacts?.DingTalkId, "dingTalkId"), (contacts?.WeComId, "weComId"), (contacts?.FeishuId, "feishuId") })
        {
            if (value is { Length: > 64 })
            {
                return Error.Validation("user.contacts.too_long", Bilingual.Join(
                    $"{field} 最多 64 个字符。", $"{field} is at most 64 characters."), "contacts." + field);
            }
        }

        return null;
    }

    private static void ApplyContacts(ApplicationUser user, UserContacts? contacts)
    {
        user.PhoneNumber = Trimmed(contacts?.Mobile);
        user.Email = Trimmed(contacts?.Email);
        user.NormalizedEmail = user.Email?.ToUpperInvariant();
        user.DingTalkId = Trimmed(contacts?.DingTalkId);
        user.WeComId = Trimmed(contacts?.WeComId);
        user.FeishuId = Trimmed(contacts?.FeishuId);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^[0-9+\- ]{5,20}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

internal static class UserErrors
{
    public static Error NotFound(string id) => Error.NotFound("user.not_found", Bilingual.Join($"用户 {id} 不存在。", $"User {id} does not exist."));

    public static Error LastAdministrator() => Error.Conflict("user.last_administrator", Bilingual.Join(
        "这是最后一个启用的系统管理员，不能停用或撤销其管理员角色；请先把管理员角色授予另一人。",
        "This is the last enabled administrator; grant the Administrator role to someone else first."));
}
