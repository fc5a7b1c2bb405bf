using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Components.Shared;

/// <summary>
/// The permissions of the user a console circuit acts for. Pages read it to show only the controls the user may
/// use. Every state-changing handler checks it again before calling a service, because a circuit can stay open
/// for hours while an administrator changes the user's roles or disables the account.
/// </summary>
/// <remarks>
/// It reads through <see cref="UserAccessService"/>, so a change made on another node applies within
/// <see cref="UserAccessService.MaxAge"/>, and at once on the node that made it.
/// </remarks>
public sealed class ConsoleAccess(AuthenticationStateProvider authentication, UserAccessService accessService, ISnackbar snackbar,
    IStringLocalizer<SharedResource> localizer, ILogger<ConsoleAccess> logger)
{
    /// <summary>Returns the signed-in user's access, or null for an anonymous circuit.</summary>
    public async Task<UserAccess?> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await accessService.GetAsync(state.User);
    }

    /// <summary>Returns whether the signed-in user has the permission now. A disabled account has none.</summary>
    public async Task<bool> CanAsync(Capability capability, PermissionAction action) =>
        (await GetAsync())?.Has(capability, action) == true;

    /// <summary>
    /// Returns whether the signed-in user has the permission now, and when not, tells the user in a snackbar
    /// that the action was rejected. Handlers call it right before the service call they guard.
    /// </summary>
    public async Task<bool> CheckAsync(Capability capability, PermissionAction action)
    {
        var access = await GetAsync();
        if (access?.Has(capability, action) == true)
        {
            return true;
        }

        var permission = new Permission(capability, action);
        logger.LogWarning("Console action of user {UserId} rejected: permission {Permission} missing", access?.UserId, permission.Name);
        snackbar.Add(localizer["Access.Rejected", permission.Name], Severity.Error);
        return false;
    }
}
