using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;

namespace Watchkeeper.Server.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the audit log, its EF interceptor on both providers' contexts and the auditing sign-in manager.
    /// Call after <c>AddWatchkeeperData</c> and <c>AddWatchkeeperIdentity</c>, because it replaces Identity's sign-in manager.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditActorResolver>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<AuditSaveChangesInterceptor>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<AuditExportService>();
        services.AddScoped<CircuitHandler, AuditCircuitHandler>();

        services.ConfigureDbContext<SqliteWatchkeeperDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<AuditSaveChangesInterceptor>()));
        services.ConfigureDbContext<PostgreSqlWatchkeeperDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<AuditSaveChangesInterceptor>()));

        services.Replace(ServiceDescriptor.Scoped<SignInManager<ApplicationUser>, AuditingSignInManager>());
        return services;
    }
}
