using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Watchkeeper.Server.Components.Pages.Account;
using Watchkeeper.Server.Security;

namespace Watchkeeper.Server.Identity;

public static class AccountEndpoints
{
    /// <summary>Maps sign-out and the culture switch, which need a plain HTTP response to set cookies.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/account/logout", async Task<IResult> (SignInManager<ApplicationUser> signIn, IAntiforgery antiforgery, HttpContext context, ILoggerFactory loggers) =>
        {
            // The form carries the token, but an endpoint that binds no form field does not get it checked by itself.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return SecurityProblems.FormAntiforgeryInvalid();
            }

            var name = context.User.Identity?.Name;
            await signIn.SignOutAsync();
            loggers.CreateLogger("Watchkeeper.Server.Identity.Account").LogInformation("User {UserName} signed out", name);
            return TypedResults.LocalRedirect("/account/login");
        }).ExcludeFromDescription();

        routes.MapGet("/culture/set", (string? culture, string? redirectUri, HttpContext context) =>
        {
            var chosen = culture is "en" or "zh-CN" ? culture : "zh-CN";
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            return TypedResults.LocalRedirect(Login.SafeReturnUrl(redirectUri));
        }).AllowAnonymous().ExcludeFromDescription();

        return routes;
    }
}
