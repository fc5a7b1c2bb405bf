using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Identity.PersonalAccessTokens;
using Watchkeeper.Server.Identity.Sessions;

namespace Watchkeeper.Server.Identity;

public sealed record CreatePersonalAccessTokenRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt);

public sealed record CreatedPersonalAccessTokenResponse(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string Token);

/// <summary>
/// Self-service account endpoints: any signed-in user manages their own personal access tokens and sessions,
/// without a permission. Token management needs a password-backed sign-in (cookie or JWT bearer token), so that
/// a scoped token cannot create a wider one.
/// </summary>
public static class AccountApiEndpoints
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/v1/tokens").WithTags("Account");

        tokens.MapGet("/", async (ClaimsPrincipal principal, PersonalAccessTokenService service, CancellationToken cancellationToken) =>
            RejectTokenCaller(principal) ?? TypedResults.Ok(await service.ListAsync(UserIdOf(principal), cancellationToken)))
            .WithSummary("List your own personal access tokens (never their secrets)")
            .Produces<IReadOnlyList<PersonalAccessTokenInfo>>();

        tokens.MapPost("/", async (CreatePersonalAccessTokenRequest request, ClaimsPrincipal principal, PersonalAccessTokenService service,
            CancellationToken cancellationToken) =>
        {
            if (RejectTokenCaller(principal) is { } refusal)
            {
                return refusal;
            }

            var result = await service.CreateAsync(UserIdOf(principal), request.Name, request.Scopes, request.ExpiresAt, cancellationToken);
            return ApiResults.From(result, created => TypedResults.Created($"/api/v1/tokens/{created.Info.Id}", new CreatedPersonalAccessTokenResponse(
                created.Info.Id, created.Info.Name, created.Info.Prefix, created.Info.Scopes, created.Info.CreatedAt, created.Info.ExpiresAt, created.Token)));
        })
            .WithSummary("Create a personal access token; the token text is returned only in this response")
            .Produces<CreatedPersonalAccessTokenResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        tokens.MapDelete("/{id:long}", async (long id, ClaimsPrincipal principal, PersonalAccessTokenService service, CancellationToken cancellationToken) =>
        {
            if (RejectTokenCaller(principal) is { } refusal)
            {
                return refusal;
            }

            var result = await service.RevokeAsync(UserIdOf(principal), id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        })
            .WithSummary("Revoke one of your own personal access tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/api/v1/account/sign-out-everywhere", async (HttpContext context, AccountSessions sessions, CancellationToken cancellationToken) =>
        {
            var result = await sessions.SignOutEverywhereAsync(UserIdOf(context.User), cancellationToken);
            if (!result.IsSuccess)
            {
                return ApiResults.Problem(result.Error!);
            }

            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return TypedResults.NoContent();
        })
            .WithTags("Account")
            .WithSummary("End every console session and bearer token of the caller (personal access tokens stay valid)");

        return routes;
    }

    private static string UserIdOf(ClaimsPrincipal principal) =>
        UserAccessService.UserIdOf(principal) ?? throw new InvalidOperationException("The fallback policy lets only signed-in users reach account endpoints.");

    private static IResult? RejectTokenCaller(ClaimsPrincipal principal) =>
        PersonalAccessTokenDefaults.IsPersonalAccessToken(principal)
            ? ApiResults.Problem(new Error("token.management_needs_sign_in", Bilingual.Join(
                "个人访问令牌不能管理令牌，请用密码登录或 /api/v1/auth/token 的令牌。",
                "A personal access token cannot manage tokens; sign in with a password or use a token from /api/v1/auth/token."), ErrorKind.Forbidden))
            : null;
}
