using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Identity.PersonalAccessTokens;
using Watchkeeper.Server.Identity.Sessions;

namespace Watchkeeper.Server.Identity;

public static class IdentitySetup
{
    /// <summary>
    /// The scheme that picks a personal access token (<c>Bearer wkp_…</c>), a JWT bearer token, or the cookie,
    /// by the request's Authorization header.
    /// </summary>
    public const string CookieOrBearer = "CookieOrBearer";

    public static IServiceCollection AddWatchkeeperIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JwtOptions>(configuration.GetSection(JwtOptions.Section));
        services.AddWatchkeeperAccounts(configuration);
        var accounts = configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        services.AddSingleton<JwtSigningKeyStore>();
        services.AddSingleton<TokenIssuer>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearer;
                options.DefaultChallengeScheme = CookieOrBearer;
            })
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer token", options =>
            {
                options.ForwardDefaultSelector = context => SelectScheme(context.Request.Headers.Authorization.ToString());
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { })
            .AddIdentityCookies();

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<JwtSigningKeyStore, Microsoft.Extensions.Options.IOptions<JwtOptions>>((options, keys, jwt) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key],
                    ClockSkew = TimeSpan.FromMinutes(1),
                    NameClaimType = "name",
                };
                options.Events = new JwtBearerEvents { OnTokenValidated = BearerTokenStamp.ValidateAsync };
            });

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "watchkeeper.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            // No "remember me": the cookie lives in the browser session and ends after this much inactivity.
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(accounts.SessionIdleMinutes);

            // API callers get a status code, not a redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.Configure<SecurityStampValidatorOptions>(options =>
            options.ValidationInterval = TimeSpan.FromSeconds(accounts.SecurityStampCheckSeconds));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // Defaults that Identity:Password:* overrides one by one.
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                configuration.GetSection(AccountOptions.Section + ":Password").Bind(options.Password);

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = accounts.Lockout.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.Lockout.Minutes);
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<WatchkeeperDbContext>()
            .AddSignInManager<WatchkeeperSignInManager>()
            .AddClaimsPrincipalFactory<WatchkeeperClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Every endpoint needs a signed-in user; most also name the permission they need (RequirePermission).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(CookieOrBearer).RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<UserAccessService>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, AccessScopeCircuitHandler>();

        services.AddScoped<AdminAccountSeeder>();
        services.AddScoped<RoleSeeder>();
        services.AddScoped<Users.UserService>();
        services.AddScoped<Users.RoleService>();
        return services;
    }

    internal static string SelectScheme(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityConstants.ApplicationScheme;
        }

        return PersonalAccessTokenText.LooksLikeToken(authorization["Bearer ".Length..].TrimStart())
            ? PersonalAccessTokenDefaults.AuthenticationScheme
            : JwtBearerDefaults.AuthenticationScheme;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        if (IsApiRequest(context.Request))
        {
            context.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/metrics");
}
