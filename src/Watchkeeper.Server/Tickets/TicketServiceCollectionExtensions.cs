using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

public static class TicketServiceCollectionExtensions
{
    /// <summary>Registers the ticket workflow, its queries, the updater that applies edited SLA policies, and the clock worker that escalates.</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TicketOptions>(configuration.GetSection(TicketOptions.Section));
        services.AddScoped<ISlaPolicyObserver, TicketTermsUpdater>();
        services.AddScoped<TicketService>();
        services.AddScoped<TicketQueries>();
        services.AddScoped<TicketConsoleQueries>();
        services.Configure<TicketAttachmentOptions>(configuration.GetSection(TicketAttachmentOptions.Section));
        services.AddAttachmentStore(configuration);
        services.AddScoped<TicketAttachmentService>();
        services.AddSingleton<TicketEscalator>();
        services.AddSingleton<TicketClockWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketClockWorker>());
        return services;
    }
}
