using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Watchkeeper.Server.Identity.Sessions;

/// <summary>
/// Ties a bearer token to the user's security stamp: the token carries the stamp's fingerprint, and a token whose
/// fingerprint no longer matches (after sign-out everywhere, a password change or a second-factor change) is rejected.
/// </summary>
public static class BearerTokenStamp
{
    /// <summary>The claim holding <see cref="SecurityStampCache.Fingerprint"/> of the stamp the token was issued under.</summary>
    public const string Claim = "wk:stamp";

    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        var userId = principal?.FindFirstValue("sub");
        var carried = principal?.FindFirstValue(Claim);
        if (userId is null || carried is null)
        {
            context.Fail("The bearer token carries no user or security stamp; request a new token.");
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<SecurityStampCache>();
        var current = await cache.GetFingerprintAsync(userId, context.HttpContext.RequestAborted);
        if (current is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(carried)))
        {
            context.Fail("The user signed out everywhere or changed credentials after the bearer token was issued.");
        }
    }
}
