namespace Watchkeeper.Server.Identity;

/// <summary>
/// Keeps a user whose password was generated on the change-password page until it is changed.
/// </summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/account/change-password";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true || !WatchkeeperClaims.MustChangePasswordOf(context.User) || IsAllowed(context.Request.Path))
        {
            return next(context);
        }

        if (IdentitySetup.IsApiRequest(context.Request))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "须先修改初始密码 / The initial password must be changed first",
                detail: "请在控制台登录并修改初始密码后再调用接口。 / Sign in to the console and change the initial password, then call the API again.",
                extensions: new Dictionary<string, object?> { ["code"] = "account.password.must_change" })
                .ExecuteAsync(context);
        }

        context.Response.Redirect(ChangePasswordPath);
        return Task.CompletedTask;
    }

    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments(ChangePasswordPath)
        || path.StartsWithSegments("/account/logout")
        || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/_blazor")
        || path.StartsWithSegments("/healthz")
        || path.StartsWithSegments("/css")
        || path.StartsWithSegments("/favicon.png");
}
