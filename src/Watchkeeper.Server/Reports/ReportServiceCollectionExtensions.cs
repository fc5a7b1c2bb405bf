namespace Watchkeeper.Server.Reports;

public static class ReportServiceCollectionExtensions
{
    /// <summary>Registers the reports over the device ledger, such as the firmware version report.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<FirmwareVersionReport>();
        return services;
    }
}
