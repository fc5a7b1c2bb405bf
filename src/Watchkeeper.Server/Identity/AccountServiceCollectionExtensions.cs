using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Identity.PersonalAccessTokens;
using Watchkeeper.Server.Identity.Sessions;
using Watchkeeper.Server.Identity.TwoFactor;

namespace Watchkeeper.Server.Identity;

public static class AccountServiceCollectionExtensions
{
    /// <summary>
    /// Registers the account settings, sign-out everywhere, the second factor and personal access tokens with their
    /// authentication scheme.
    /// </summary>
    public static IServiceCollection AddWatchkeeperAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();

        services.AddSingleton<SecurityStampCache>();
        services.AddScoped<AccountSessions>();
        services.AddScoped<TwoFactorService>();
        services.AddSingleton<PersonalAccessTokenService>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenDefaults.AuthenticationScheme, "Personal access token", _ => { });
        return services;
    }
}
