using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Watchkeeper.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The connection string; for SQLite, empty means <c>&lt;data&gt;/watchkeeper.db</c>.</summary>
    public string? ConnectionString { get; set; }
}

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WatchkeeperDbContext"/> (scoped) and <see cref="IDbContextFactory{WatchkeeperDbContext}"/>
    /// for the configured provider.
    /// </summary>
    public static IServiceCollection AddWatchkeeperData(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = ResolveConnectionString(options, dataDirectory);
        services.AddSingleton(new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString });

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteWatchkeeperDbContext>(o => ConfigureSqlite(o, connectionString));
                services.AddSingleton<IDbContextFactory<WatchkeeperDbContext>, DbContextFactoryAdapter<SqliteWatchkeeperDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddPooledDbContextFactory<PostgreSqlWatchkeeperDbContext>(o => ConfigurePostgreSql(o, connectionString));
                services.AddSingleton<IDbContextFactory<WatchkeeperDbContext>, DbContextFactoryAdapter<PostgreSqlWatchkeeperDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite or PostgreSql.");
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>().CreateDbContext());
        return services;
    }

    public static string ResolveConnectionString(DatabaseOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException(
                "Database:ConnectionString is missing. Set it to a PostgreSQL connection string, e.g. " +
                "Host=127.0.0.1;Port=5432;Database=watchkeeper;Username=watchkeeper;Password=...");
        }

        return $"Data Source={Path.Combine(dataDirectory, "watchkeeper.db")};Cache=Shared;Pooling=True";
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigurePostgreSql(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(60))
            .UseSnakeCaseNamingConvention();

    /// <summary>Hands out the provider's context typed as the shared base class.</summary>
    private sealed class DbContextFactoryAdapter<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<WatchkeeperDbContext>
        where TContext : WatchkeeperDbContext
    {
        public WatchkeeperDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWatchkeeperDbContext>
{
    public SqliteWatchkeeperDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteWatchkeeperDbContext>();
        DatabaseServiceCollectionExtensions.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteWatchkeeperDbContext(builder.Options);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlWatchkeeperDbContext>
{
    public PostgreSqlWatchkeeperDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgreSqlWatchkeeperDbContext>();
        DatabaseServiceCollectionExtensions.ConfigurePostgreSql(builder, "Host=127.0.0.1;Database=design_time");
        return new PostgreSqlWatchkeeperDbContext(builder.Options);
    }
}
