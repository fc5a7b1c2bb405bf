using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Watchkeeper.Server.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Registers the security settings, the cookie and antiforgery options, and the sign-in rate limits.</summary>
    public static IServiceCollection AddWatchkeeperSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityOptions.Section);
        services.Configure<SecurityOptions>(section);
        var cookiePolicy = section.GetValue(nameof(SecurityOptions.CookieSecurePolicy), CookieSecurePolicy.SameAsRequest);

        // Every Identity cookie (sign-in, two-factor, external): out of reach of scripts, Secure as configured. Always
        // suits a proxy that terminates TLS and forwards plain HTTP, where the server cannot see the browser's HTTPS.
        services.ConfigureAll<CookieAuthenticationOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = cookiePolicy;
        });

        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryDefaults.HeaderName;
            options.Cookie.Name = AntiforgeryDefaults.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;

            // Antiforgery throws on every plain-HTTP request when its cookie policy is Always, so this cookie follows
            // the request's scheme whatever CookieSecurePolicy is set to. It holds no credential.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            // SecurityHeadersMiddleware sends X-Frame-Options: DENY on every response instead.
            options.SuppressXFrameOptionsHeader = true;
        });

        services.AddRateLimiter(SecurityRateLimits.Configure);
        return services;
    }

    /// <summary>Adds the security headers, the sign-in rate limits and the API body cap. Call it before authentication.</summary>
    public static IApplicationBuilder UseWatchkeeperSecurity(this IApplicationBuilder app) => app
        .UseMiddleware<SecurityHeadersMiddleware>()
        .UseRateLimiter()
        .UseMiddleware<RequestBodyLimitMiddleware>();

    /// <summary>Checks the antiforgery header of cookie-authenticated API changes. Call it after authorization.</summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.UseMiddleware<ApiAntiforgeryMiddleware>();

    /// <summary>Maps <c>GET /api/v1/auth/antiforgery</c>, which hands a cookie-authenticated client its token.</summary>
    public static IEndpointRouteBuilder MapSecurityApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/auth/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.HeaderName ?? AntiforgeryDefaults.HeaderName, tokens.RequestToken!));
            })
            .WithTags("Auth")
            .WithSummary("Get the antiforgery token that cookie-authenticated POST, PUT, PATCH and DELETE requests send in the named header");
        return routes;
    }
}

/// <summary>The header to send and the token to put in it.</summary>
public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);
