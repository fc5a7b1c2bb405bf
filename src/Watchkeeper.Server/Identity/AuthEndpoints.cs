using Microsoft.AspNetCore.Identity;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Audit;

namespace Watchkeeper.Server.Identity;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password for a bearer token")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    private static async Task<IResult> IssueTokenAsync(TokenRequest request, UserManager<ApplicationUser> users,
        SignInManager<ApplicationUser> signIn, TokenIssuer issuer, IAuditLog audit, ILoggerFactory loggers)
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
            return Unauthorized();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            logger.LogWarning("Token request for locked-out user {UserName} rejected", user.UserName);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "账号已锁定 / Account locked",
                detail: "登录失败次数过多，请 5 分钟后再试。 / Too many failed attempts; try again in 5 minutes.",
                extensions: new Dictionary<string, object?> { ["code"] = "auth.locked_out" });
        }

        if (!check.Succeeded)
        {
            logger.LogWarning("Token request for user {UserName} rejected: wrong password", user.UserName);
            return Unauthorized();
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

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "认证失败 / Authentication failed",
            detail: "用户名或密码错误。 / Wrong user name or password.",
            extensions: new Dictionary<string, object?> { ["code"] = "auth.invalid_credentials" });
}
