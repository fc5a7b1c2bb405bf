using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Changes;

public static class ChangeCatalogServiceCollectionExtensions
{
    /// <summary>Registers standard-change templates, freeze periods, the change calendar and change attachments.</summary>
    public static IServiceCollection AddChangeCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChangeAttachmentOptions>(configuration.GetSection(ChangeAttachmentOptions.Section));
        services.AddAttachmentStore(configuration);
        services.AddScoped<ChangeTemplates>();
        services.AddScoped<ChangeFreezes>();
        services.AddScoped<ChangeCalendar>();
        services.AddScoped<ChangeAttachmentService>();
        return services;
    }
}
