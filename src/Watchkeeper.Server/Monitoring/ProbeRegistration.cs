using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

public static class ProbeRegistration
{
    /// <summary>Registers one <see cref="IProbe"/> per probe kind from Watchkeeper.Protocols.</summary>
    public static IServiceCollection AddWatchkeeperProbes(this IServiceCollection services)
    {
        // Probe implementations are added here as singletons: services.AddSingleton<IProbe, XProbe>().
        return services;
    }
}
