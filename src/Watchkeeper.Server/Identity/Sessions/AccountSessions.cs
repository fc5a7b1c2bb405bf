using Microsoft.AspNetCore.Identity;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.Sessions;

/// <summary>Ends every console session and bearer token of a user.</summary>
public sealed class AccountSessions(UserManager<ApplicationUser> users, SecurityStampCache stamps, UserAccessService access,
    ILogger<AccountSessions> logger)
{
    /// <summary>
    /// Signs the user out everywhere by replacing the security stamp. Cookies stop working at their next stamp check
    /// (<c>Identity:SecurityStampCheckSeconds</c>) and bearer tokens at once on this node. Personal access tokens
    /// are not affected; they are revoked one by one.
    /// </summary>
    public async Task<Result> SignOutEverywhereAsync(string userId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound("user.not_found", Bilingual.Join($"用户 {userId} 不存在。", $"User {userId} was not found."));
        }

        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Replacing the security stamp of user {userId} failed: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }

        stamps.Invalidate(userId);
        access.Invalidate(userId);
        logger.LogInformation("Signed user {UserId} ({UserName}) out everywhere", userId, user.UserName);
        return Result.Success();
    }
}
