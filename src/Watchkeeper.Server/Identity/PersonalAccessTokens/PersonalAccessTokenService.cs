using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.PersonalAccessTokens;

/// <summary>A personal access token as its owner sees it: everything but the secret.</summary>
public sealed record PersonalAccessTokenInfo(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, PersonalAccessTokenState State);

/// <summary>A token just created, with its text, which is never shown again.</summary>
public sealed record CreatedPersonalAccessToken(PersonalAccessTokenInfo Info, string Token);

/// <summary>Creates, lists and revokes a user's own personal access tokens.</summary>
public sealed class PersonalAccessTokenService(IDbContextFactory<WatchkeeperDbContext> dbFactory, UserAccessService accessService,
    IOptions<AccountOptions> options, TimeProvider time, ILogger<PersonalAccessTokenService> logger)
{
    public async Task<IReadOnlyList<PersonalAccessTokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return tokens.Select(t => ToInfo(t, now)).ToList();
    }

    /// <summary>
    /// Creates a token limited to <paramref name="scopes"/>, which must all be permissions the user has now. The
    /// expiry is required and at most <c>Identity:PersonalAccessTokens:MaxDays</c> away.
    /// </summary>
    public async Task<Result<CreatedPersonalAccessToken>> CreateAsync(string userId, string? name, IReadOnlyCollection<string>? scopes,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var access = await accessService.GetAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        var errors = new List<Error>();
        var trimmedName = name?.Trim() ?? string.Empty;
        ValidateName(trimmedName, errors);
        var permissions = ValidateScopes(scopes, access, errors);
        ValidateExpiry(expiresAt, now, errors);
        if (!access.IsActive)
        {
            errors.Add(new Error("account.disabled", SignInMessages.Disabled, ErrorKind.Forbidden));
        }

        if (errors.Count > 0)
        {
            return Result<CreatedPersonalAccessToken>.Failure(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var maxActive = options.Value.PersonalAccessTokens.MaxActivePerUser;
        var active = await db.PersonalAccessTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
        if (active >= maxActive)
        {
            return Error.Conflict("token.limit_reached", Bilingual.Join(
                $"有效令牌已达上限 {maxActive} 个，请先撤销不用的令牌。",
                $"You already hold the maximum of {maxActive} active tokens; revoke one you no longer use."));
        }

        var secret = PersonalAccessTokenText.NewSecret();
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = trimmedName,
            Prefix = await NewUniquePrefixAsync(db, cancellationToken),
            SecretHash = PersonalAccessTokenText.HashSecret(secret),
            Scopes = permissions.Select(p => p.Name).Order(StringComparer.Ordinal).ToList(),
            CreatedAt = now,
            ExpiresAt = expiresAt!.Value.ToUniversalTime(),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("User {UserId} created personal access token {TokenId} ({Prefix}) with scopes {Scopes}, expiring {ExpiresAt}",
            userId, token.Id, token.Prefix, string.Join(' ', token.Scopes), token.ExpiresAt);
        return new CreatedPersonalAccessToken(ToInfo(token, now), PersonalAccessTokenText.Format(token.Prefix, secret));
    }

    /// <summary>Revokes one of the user's own tokens; revoking a revoked token again succeeds and changes nothing.</summary>
    public async Task<Result> RevokeAsync(string userId, long tokenId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return Error.NotFound("token.not_found", Bilingual.Join($"令牌 {tokenId} 不存在。", $"Token {tokenId} was not found."));
        }

        if (token.RevokedAt is not null)
        {
            return Result.Success();
        }

        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("User {UserId} revoked personal access token {TokenId} ({Prefix})", userId, token.Id, token.Prefix);
        return Result.Success();
    }

    private static void ValidateName(string name, List<Error> errors)
    {
        if (name.Length == 0)
        {
            errors.Add(Error.Validation("token.name.missing", Bilingual.Join("请填写令牌名称。", "Enter a name for the token."), "name"));
        }
        else if (name.Length > PersonalAccessToken.MaxNameLength)
        {
            errors.Add(Error.Validation("token.name.too_long", Bilingual.Join(
                $"令牌名称最多 {PersonalAccessToken.MaxNameLength} 个字符。",
                $"The token name is longer than {PersonalAccessToken.MaxNameLength} characters."), "name"));
        }
    }

    private static HashSet<Permission> ValidateScopes(IReadOnlyCollection<string>? scopes, UserAccess access, List<Error> errors)
    {
        var permissions = new HashSet<Permission>();
        if (scopes is null || scopes.Count == 0)
        {
            errors.Add(Error.Validation("token.scopes.missing", Bilingual.Join(
                "请至少选择一项权限；不限权限的令牌不予创建。",
                "Choose at least one permission; a token without scopes is not created."), "scopes"));
            return permissions;
        }

        var unknown = new List<string>();
        foreach (var scope in scopes)
        {
            if (Permission.TryParse(scope, out var permission))
            {
                permissions.Add(permission);
            }
            else
            {
                unknown.Add(scope ?? "null");
            }
        }

        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Take(10));
            errors.Add(Error.Validation("token.scopes.unknown", Bilingual.Join($"未知的权限：{list}。", $"Unknown permissions: {list}."), "scopes"));
        }

        var notHeld = permissions.Where(p => !access.Has(p)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        if (notHeld.Count > 0)
        {
            var list = string.Join(", ", notHeld.Take(10));
            errors.Add(Error.Validation("token.scopes.not_held", Bilingual.Join(
                $"令牌的权限不能超出您自己的权限，您没有：{list}。",
                $"A token cannot have permissions you do not hold yourself; you lack: {list}."), "scopes"));
        }

        return permissions;
    }

    private void ValidateExpiry(DateTimeOffset? expiresAt, DateTimeOffset now, List<Error> errors)
    {
        var maxDays = options.Value.PersonalAccessTokens.MaxDays;
        if (expiresAt is null)
        {
            errors.Add(Error.Validation("token.expiry.missing", Bilingual.Join(
                $"请填写过期时间（expiresAt），最长 {maxDays} 天。", $"Set an expiry (expiresAt), at most {maxDays} days away."), "expiresAt"));
        }
        else if (expiresAt <= now)
        {
            errors.Add(Error.Validation("token.expiry.past", Bilingual.Join("过期时间必须晚于现在。", "The expiry must be in the future."), "expiresAt"));
        }
        else if (expiresAt > now.AddDays(maxDays))
        {
            errors.Add(Error.Validation("token.expiry.too_far", Bilingual.Join(
                $"过期时间最长为 {maxDays} 天后。", $"The expiry can be at most {maxDays} days away."), "expiresAt"));
        }
    }

    private static async Task<string> NewUniquePrefixAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
    {
        // With 50 random bits a repeat is practically impossible; the loop only keeps the unique index from
        // turning one into a failed request.
        while (true)
        {
            var prefix = PersonalAccessTokenText.NewPrefix();
            if (!await db.PersonalAccessTokens.AnyAsync(t => t.Prefix == prefix, cancellationToken))
            {
                return prefix;
            }
        }
    }

    private static PersonalAccessTokenInfo ToInfo(PersonalAccessToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Prefix, token.Scopes, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt, token.StateAt(now));
}
