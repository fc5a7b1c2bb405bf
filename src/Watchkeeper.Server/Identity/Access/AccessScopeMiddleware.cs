using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// Sets <see cref="OrganizationScope.Current"/> for the request's user, so that every query the request
/// makes sees only that user's organizations, and turns a disabled user away.
/// </summary>
public sealed class AccessScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UserAccessService accessService)
    {
        var access = await accessService.GetAsync(context.User, context.RequestAborted);
        if (access is { IsActive: false })
        {
            await RejectDisabledAsync(context);
            return;
        }

        OrganizationScope.Current = access?.Scope ?? OrganizationScope.Nothing;
        await next(context);
    }

    private static async Task RejectDisabledAsync(HttpContext context)
    {
        if (IdentitySetup.IsApiRequest(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new
            {
                title = "账号已停用 / Account disabled",
                status = StatusCodes.Status401Unauthorized,
                detail = "该账号已被管理员停用，请联系管理员。 / This account was disabled by an administrator; contact your administrator.",
                code = "account.disabled",
            });
            return;
        }

        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        context.Response.Redirect("/account/login");
    }
}

/// <summary>
/// Sets <see cref="OrganizationScope.Current"/> for every event a console circuit handles, from the circuit's
/// signed-in user, so that console pages query with the same scope as the API.
/// </summary>
public sealed class AccessScopeCircuitHandler(AuthenticationStateProvider authentication, UserAccessService accessService) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            var access = await accessService.GetAsync(state.User);
            OrganizationScope.Current = access is { IsActive: true } ? access.Scope : OrganizationScope.Nothing;
            await next(context);
        };
}
