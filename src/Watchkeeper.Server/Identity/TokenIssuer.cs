using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Watchkeeper.Server.Identity.Sessions;

namespace Watchkeeper.Server.Identity;

/// <summary>Issues signed bearer tokens for API scripts.</summary>
public sealed class TokenIssuer(JwtSigningKeyStore keys, IOptions<JwtOptions> options, TimeProvider time)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(ApplicationUser user)
    {
        var now = time.GetUtcNow();
        var expiresAt = now.AddMinutes(options.Value.TokenLifetimeMinutes);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id),
                new Claim("name", user.UserName ?? user.Id),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(BearerTokenStamp.Claim, SecurityStampCache.Fingerprint(user.SecurityStamp)),
            ]),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        };

        return (new JsonWebTokenHandler().CreateToken(descriptor), expiresAt);
    }
}
