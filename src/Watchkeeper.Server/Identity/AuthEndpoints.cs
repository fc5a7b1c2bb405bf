using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Identity.TwoFactor;

namespace Watchkeeper.Server.Identity;

/// <summary>A token request; <c>Totp</c> is the authenticator app's 6-digit code, required when two-factor is on.</summary>
public sealed record TokenRequest(string? UserName, string? Password, string? Totp = null);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password (and a TOTP code when two-factor is on) for a bearer token")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    private static async Task<IResult> IssueTokenAsync(TokenRequest request, UserManager<ApplicationUser> users,
        SignInManager<ApplicationUser> signIn, TwoFactorService twoFactor, TokenIssuer issuer, IOptions<AccountOptions> accounts,
        TimeProvider time, IAuditLog audit, ILoggerFactory loggers)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return ApiResults.Problem(Error.Validation("auth.credentials.missing",
                Bilingual.Join("请提供 userName 和 password。", "Provide userName and password."), "userName"));
        }

        var logger = loggers.CreateLogger("Watchkeeper.Server.Identity.Auth");
        var user = await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            logger.LogWarning("Token request for unknown user {UserName} rejected", request.UserName);
            await audit.RecordAsync(AuditEvent.SignInRejected(request.UserName));
            return Unauthorized("auth.invalid_credentials", SignInMessages.InvalidCredentials);
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsNotAllowed)
        {
            // Only a caller who knows the password learns that the account is disabled.
            if (!await users.CheckPasswordAsync(user, request.Password))
            {
                logger.LogWarning("Token request for disabled user {UserName} rejected: wrong password", user.UserName);
                return Unauthorized("auth.invalid_credentials", SignInMessages.InvalidCredentials);
            }

            logger.LogWarning("Token request for disabled user {UserName} rejected", user.UserName);
            return Unauthorized("account.disabled", SignInMessages.Disabled);
        }

        if (check.IsLockedOut)
        {
            logger.LogWarning("Token request for locked-out user {UserName} rejected", user.UserName);
            return Unauthorized("auth.locked_out", SignInMessages.LockedOut(SignInMessages.RemainingLockout(user, time, accounts.Value)));
        }

        if (!check.Succeeded)
        {
            logger.LogWarning("Token request for user {UserName} rejected: wrong password", user.UserName);
            return Unauthorized("auth.invalid_credentials", SignInMessages.InvalidCredentials);
        }

        if (await users.GetTwoFactorEnabledAsync(user) && await CheckTotpAsync(request.Totp, user, users, twoFactor, logger) is { } refusal)
        {
            return refusal;
        }

        if (user.MustChangePassword)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "须先修改初始密码 / The initial password must be changed first",
                detail: "请在控制台登录并修改初始密码后再申请令牌。 / Sign in to the console, change the initial password, then request a token.",
                extensions: new Dictionary<string, object?> { ["code"] = "account.password.must_change" });
        }

        var (token, expiresAt) = issuer.Issue(user);
        logger.LogInformation("Issued a bearer token to {UserName}, valid until {ExpiresAt}", user.UserName, expiresAt);
        await audit.RecordAsync(AuditEvent.TokenIssued(user.Id, user.UserName, expiresAt));
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    /// <summary>Returns the refusal for a missing or wrong code; a wrong code counts towards the lockout like a wrong password.</summary>
    private static async Task<IResult?> CheckTotpAsync(string? totp, ApplicationUser user, UserManager<ApplicationUser> users,
        TwoFactorService twoFactor, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(totp))
        {
            logger.LogWarning("Token request for user {UserName} rejected: two-factor code missing", user.UserName);
            return Unauthorized("auth.totp_required", SignInMessages.TotpRequired);
        }

        if (await twoFactor.VerifyCodeAsync(user, totp))
        {
            await users.ResetAccessFailedCountAsync(user);
            return null;
        }

        await users.AccessFailedAsync(user);
        logger.LogWarning("Token request for user {UserName} rejected: wrong two-factor code", user.UserName);
        return Unauthorized("auth.totp_invalid", SignInMessages.TotpInvalid);
    }

    private static IResult Unauthorized(string code, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "认证失败 / Authentication failed", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
