using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Security;

/// <summary>
/// Requires an antiforgery token in a header on state-changing API requests (POST, PUT, PATCH, DELETE under
/// /api) that the sign-in cookie authenticates, because a browser attaches that cookie to requests that another
/// site starts. Bearer-token requests and anonymous endpoints pass unchanged.
/// </summary>
public sealed partial class ApiAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options,
    ILogger<ApiAntiforgeryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!NeedsToken(context))
        {
            await next(context);
            return;
        }

        var headerName = options.Value.HeaderName ?? AntiforgeryDefaults.HeaderName;
        if (!context.Request.Headers.ContainsKey(headerName))
        {
            LogRejected(context.Request.Method, context.Request.Path, context.User.Identity?.Name, "missing");
            await SecurityProblems.AntiforgeryMissing(headerName).ExecuteAsync(context);
            return;
        }

        // With the header present, the check reads the header and the cookie only, never the request body.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            LogRejected(context.Request.Method, context.Request.Path, context.User.Identity?.Name, "invalid");
            await SecurityProblems.AntiforgeryInvalid(headerName).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    internal static bool NeedsToken(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || !IsStateChanging(request.Method))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return false;
        }

        // The cookie handler and the claims factory mark the identity with the application scheme. A bearer
        // token's identity carries the JWT handler's type instead.
        return context.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == IdentityConstants.ApplicationScheme);
    }

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Method} {Path} of {UserName}: antiforgery token {Reason}")]
    private partial void LogRejected(string method, PathString path, string? userName, string reason);
}

/// <summary>The antiforgery names the console and the API use.</summary>
public static class AntiforgeryDefaults
{
    /// <summary>The request header that carries the token on cookie-authenticated API requests.</summary>
    public const string HeaderName = "X-CSRF-TOKEN";

    public const string CookieName = "watchkeeper.antiforgery";
}
