using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Http;
using Watchkeeper.Protocols.Network;
using Watchkeeper.Protocols.Rtsp;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.Protocols.Onvif;
using Watchkeeper.Protocols.Snmp;

namespace Watchkeeper.Server.Monitoring;

public static class ProbeRegistration
{
    /// <summary>Registers one <see cref="IProbe"/> per probe kind from Watchkeeper.Protocols.</summary>
    public static IServiceCollection AddWatchkeeperProbes(this IServiceCollection services)
    {
        // One HTTP client for the HTTP and snapshot probes: no proxy, no connection reuse between devices.
        services.AddKeyedSingleton(nameof(ProbeHttpClient), (_, _) => ProbeHttpClient.Create());
        services.AddSingleton<IProbe>(sp => new IcmpProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new TcpProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new HttpProbe(sp.GetRequiredKeyedService<HttpClient>(nameof(ProbeHttpClient)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new SnapshotProbe(sp.GetRequiredKeyedService<HttpClient>(nameof(ProbeHttpClient)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new RtspProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new OnvifProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new HttpApiProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProbe>(sp => new SnmpProbe(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
