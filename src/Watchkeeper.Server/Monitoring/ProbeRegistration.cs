using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.Protocols.Onvif;
using Watchkeeper.Protocols.Snmp;

namespace Watchkeeper.Server.Monitoring;

public static class ProbeRegistration
{
    /// <summary>Registers one <see cref="IProbe"/> per probe kind from Watchkeeper.Protocols.</summary>
    public static IServiceCollection AddWatchkeeperProbes(this IServiceCollection services)
    {
        services.AddSingleton<IProbe>(sp => new OnvifProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new HttpApiProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new SnmpProbe(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
