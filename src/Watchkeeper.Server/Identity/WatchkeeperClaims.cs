using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Identity;

public static class WatchkeeperClaims
{
    /// <summary>Present with the value "true" while the user must replace a generated password.</summary>
    public const string MustChangePassword = "wk:must_change_password";

    public static bool MustChangePasswordOf(ClaimsPrincipal user) =>
        user.HasClaim(MustChangePassword, "true");
}

/// <summary>Adds Watchkeeper's own claims to the cookie principal.</summary>
public sealed class WatchkeeperClaimsPrincipalFactory(UserManager<ApplicationUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(WatchkeeperClaims.MustChangePassword, "true"));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        return identity;
    }
}
