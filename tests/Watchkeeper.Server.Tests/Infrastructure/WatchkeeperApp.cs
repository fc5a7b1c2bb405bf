using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// The whole server in process on a real database, for API and integration tests. Monitoring, the diagnosis worker,
/// the daily recording checks and the notification dispatcher are off unless a test turns them on. The admin password
/// is fixed, so no change is forced.
/// </summary>
public sealed class WatchkeeperApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Test-Admin-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public WatchkeeperApp(TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        Database = database;
        DataDirectory = TestDirectories.Create("watchkeeper-data-");
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Admin:InitialPassword"] = AdminPassword,
            ["Monitoring:Enabled"] = "false",
            ["Demo:Enabled"] = "false",
            ["Gb28181:Enabled"] = "false",
            ["Diagnosis:Enabled"] = "false",
            ["Recording:Enabled"] = "false",
            ["Notifications:Routing:Enabled"] = "false",

            // A periodic worker on a fake clock runs once per elapsed period when a test moves the clock by days, so the
            // rule and change workers' loops are off and their tests run one pass at a time.
            ["TicketRules:WorkerEnabled"] = "false",
            ["Changes:WorkerEnabled"] = "false",

            // Many tests sign in or request tokens from the same address within a minute; one test lowers these.
            ["Security:RateLimits:SignIn:PermitLimit"] = "100000",
            ["Security:RateLimits:Token:PermitLimit"] = "100000",
        };

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    public string DataDirectory { get; }

    /// <summary>Returns a client that sends a bearer token of the admin account.</summary>
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Opens a database context on the app's database, for arranging and asserting.</summary>
    public WatchkeeperDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // ASP.NET Core Identity (10.0) hashes passwords with 100,000 PBKDF2-SHA512 iterations by default: 0.07 s of CPU
        // per hash on a 2-core test machine (measured with Python's hashlib, which also calls OpenSSL). Most tests hash
        // several passwords (the admin seed, each user, each sign-in). A stored hash records its own iteration count,
        // so the lower count changes no sign-in outcome, only the CPU a test spends.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Log files may still be open for a moment; the folder is temporary.
            }
        }
    }

    private sealed record TokenBody(string AccessToken);
}
