using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.PersonalAccessTokens;

public static class PersonalAccessTokenDefaults
{
    public const string AuthenticationScheme = "PersonalAccessToken";

    /// <summary>On a personal access token's principal: the token's id. Token management refuses such callers.</summary>
    public const string TokenIdClaim = "wk:pat_id";

    public static bool IsPersonalAccessToken(ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == TokenIdClaim);
}

/// <summary>
/// Authenticates <c>Authorization: Bearer wkp_…</c>: finds the token by its prefix, compares the secret's hash in
/// constant time, and rejects revoked and expired tokens and disabled owners. The principal carries the owner's id
/// and one <see cref="AccessClaims.TokenScope"/> claim per scope.
/// </summary>
public sealed class PersonalAccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder,
    IDbContextFactory<WatchkeeperDbContext> dbFactory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    private static readonly TimeSpan s_lastUsedResolution = TimeSpan.FromMinutes(1);

    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var text = header["Bearer ".Length..].Trim();
        if (!PersonalAccessTokenText.TryParse(text, out var prefix, out var secret))
        {
            return Reject(null, "malformed", Bilingual.Join("个人访问令牌格式不正确。", "The personal access token is malformed."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.Prefix == prefix)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.UserName, u.IsDisabled })
            .FirstOrDefaultAsync(Context.RequestAborted);
        var invalid = Bilingual.Join("个人访问令牌无效。", "The personal access token is invalid.");
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.Token.SecretHash, PersonalAccessTokenText.HashSecret(secret)))
        {
            return Reject(prefix, "unknown prefix or wrong secret", invalid);
        }

        var token = found.Token;
        var now = TimeProvider.GetUtcNow();
        switch (token.StateAt(now))
        {
            case PersonalAccessTokenState.Revoked:
                return Reject(prefix, "revoked", Bilingual.Join("该个人访问令牌已被撤销。", "The personal access token was revoked."));
            case PersonalAccessTokenState.Expired:
                return Reject(prefix, "expired", Bilingual.Join("该个人访问令牌已过期。", "The personal access token has expired."));
        }

        if (found.IsDisabled)
        {
            return Reject(prefix, "owner disabled", SignInMessages.Disabled);
        }

        if (token.Scopes.Count == 0)
        {
            // Creation refuses empty scopes; a row without any would otherwise act with all of the owner's permissions.
            return Reject(prefix, "no scopes", invalid);
        }

        await TouchAsync(db, token, now);
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(token, found.UserName), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        if (_failure is not null)
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "认证失败 / Authentication failed", detail: _failure,
                extensions: new Dictionary<string, object?> { ["code"] = "auth.invalid_token" }).ExecuteAsync(Context);
        }
    }

    private AuthenticateResult Reject(string? prefix, string reason, string message)
    {
        Logger.LogWarning("Personal access token {Prefix} rejected: {Reason}", prefix ?? "(malformed)", reason);
        _failure = message;
        return AuthenticateResult.Fail(reason);
    }

    private async Task TouchAsync(WatchkeeperDbContext db, PersonalAccessToken token, DateTimeOffset now)
    {
        if (token.LastUsedAt is { } lastUsed && now - lastUsed < s_lastUsedResolution)
        {
            return;
        }

        // The condition repeats the check in SQL, so that concurrent requests of one script write once.
        var threshold = now - s_lastUsedResolution;
        await db.PersonalAccessTokens
            .Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < threshold))
            .ExecuteUpdateAsync(update => update.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
    }

    private ClaimsPrincipal PrincipalOf(PersonalAccessToken token, string? userName)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.UserId),
            new(ClaimTypes.Name, userName ?? token.UserId),
            new(PersonalAccessTokenDefaults.TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(token.Scopes.Select(scope => new Claim(AccessClaims.TokenScope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
    }
}
