namespace Watchkeeper.Server.ServiceContracts;

public static class ServiceContractServiceCollectionExtensions
{
    /// <summary>
    /// Registers service contracts, SLA policies and fault levels: <see cref="ISlaPolicies"/> for ticket code, and the
    /// services of the API and console. Startup fails when <c>ServiceContracts:TimeZone</c> names no known time zone.
    /// </summary>
    public static IServiceCollection AddServiceContracts(this IServiceCollection services)
    {
        services.AddOptions<ServiceContractOptions>()
            .BindConfiguration(ServiceContractOptions.Section)
            .Validate(o => ServiceContractOptions.FindZone(o.TimeZone) is not null,
                $"{ServiceContractOptions.Section}:TimeZone names no time zone known on this machine; use an IANA name such as {ServiceContractOptions.DefaultTimeZone}.")
            .ValidateOnStart();
        services.AddSingleton<SlaPolicyCatalog>();
        services.AddSingleton<ISlaPolicies>(sp => sp.GetRequiredService<SlaPolicyCatalog>());
        services.AddScoped<SlaPolicyNotifier>();
        services.AddScoped<SlaPolicyService>();
        services.AddScoped<ContractService>();
        services.AddScoped<FaultLevelService>();
        return services;
    }
}
