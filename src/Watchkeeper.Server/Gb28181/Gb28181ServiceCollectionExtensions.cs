using Microsoft.Extensions.Options;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Gb28181;

public static class Gb28181ServiceCollectionExtensions
{
    /// <summary>Registers the GB/T 28181 SIP server, its session book, the passive probe and the keepalive timer.</summary>
    public static IServiceCollection AddGb28181(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Gb28181Options>(configuration.GetSection(Gb28181Options.Section));

        // Settings stored in the console override configuration; they load before the session book and the SIP server start.
        services.AddSingleton<GbSettingsStore>();
        services.AddSingleton<IPostConfigureOptions<Gb28181Options>>(sp => sp.GetRequiredService<GbSettingsStore>());
        services.AddSingleton<IOptionsChangeTokenSource<Gb28181Options>>(sp => sp.GetRequiredService<GbSettingsStore>());
        services.AddSingleton<IStartupSeeder>(sp => sp.GetRequiredService<GbSettingsStore>());
        services.AddSingleton<GbSettingsService>();
        services.AddSingleton<GbDeviceSettingsService>();
        services.AddSingleton<GbSessionBook>();
        services.AddSingleton<GbMetrics>();
        services.AddSingleton<GbLedger>();
        services.AddScoped<GbQueries>();
        services.AddSingleton<IProbe, Gb28181Probe>();
        services.AddSingleton<GbLivenessWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<GbLivenessWatch>());
        services.AddSingleton<GbQueryManager>();
        services.AddSingleton<GbRegistrar>();
        services.AddSingleton<GbSipServer>();
        services.AddHostedService(sp => sp.GetRequiredService<GbSipServer>());
        services.AddHostedService<GbRefreshScheduler>();
        return services;
    }
}
