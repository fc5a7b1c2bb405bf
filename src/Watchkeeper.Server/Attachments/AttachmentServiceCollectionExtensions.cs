using Microsoft.Extensions.DependencyInjection.Extensions;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Attachments;

public static class AttachmentServiceCollectionExtensions
{
    /// <summary>Registers the one attachment store under the data directory, for every capability that takes attachments.</summary>
    public static IServiceCollection AddAttachmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(new AttachmentStore(Path.Combine(StorageOptions.Resolve(configuration), "attachments")));
        return services;
    }
}
