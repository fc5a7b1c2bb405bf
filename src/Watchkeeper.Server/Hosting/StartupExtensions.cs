using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Hosting;

public static class StartupExtensions
{
    /// <summary>
    /// Prepares the database and the in-memory monitoring state before the web server and the workers start:
    /// migrations, the token signing key, the admin account, then the ledger and stored health states.
    /// </summary>
    public static async Task InitializeWatchkeeperAsync(this WebApplication app, string dataDirectory)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Watchkeeper.Server.Startup");
        var stopping = app.Lifetime.ApplicationStopping;
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        logger.LogInformation("Starting Watchkeeper with data directory {DataDirectory} and database provider {DatabaseProvider}", dataDirectory, database.Provider);

        await DatabaseInitializer.MigrateAsync(app.Services, logger, stopping);
        await app.Services.GetRequiredService<JwtSigningKeyStore>().LoadAsync(stopping);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoleSeeder>().SeedAsync(stopping);
            await scope.ServiceProvider.GetRequiredService<AdminAccountSeeder>().SeedAsync(dataDirectory, stopping);
        }

        foreach (var seeder in app.Services.GetServices<IStartupSeeder>())
        {
            await seeder.SeedAsync(stopping);
        }

        await app.Services.LoadMonitoringStateAsync(stopping);
    }
}

/// <summary>Puts data into the ledger at start-up, after migrations and before monitoring loads it (the demo fleet).</summary>
public interface IStartupSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
