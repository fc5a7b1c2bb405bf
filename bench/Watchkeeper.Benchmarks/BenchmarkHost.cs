using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Watchkeeper.Benchmarks;

/// <summary>
/// The whole server in process (WebApplicationFactory) on a given database, in the Production environment.
/// Monitoring is off unless <paramref name="settings"/> turns it on.
/// </summary>
internal sealed class BenchmarkHost(string dataDirectory, string provider, string? connectionString, string adminPassword,
    IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataDirectory => dataDirectory;

    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10);
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = adminPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Admin:InitialPassword"] = adminPassword,
            ["Monitoring:Enabled"] = "false",
            ["Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(all));
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }
    }
}
