using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Security;

/// <summary>
/// Stores every kind of secret the server keeps, then reads every GET endpoint of the API as the admin and the
/// database files themselves, looking for the secrets in plain text.
/// </summary>
public sealed class SecretsScanTests
{
    private const string DevicePassword = "Dev1ce-Pa55word-7Q";
    private const string SnmpCommunity = "Snmp-Community-4K";
    private const string PlatformPassword = "Gb-Platform-Pa55-9Z";
    private const string GbDevicePassword = "Gb-Device-Pa55-3M";
    private const string GbId = "34020000001320000001";

    [Fact]
    public async Task GetEndpoints_PopulatedDatabase_ReturnNoSecret()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var ids = await PopulateAsync(app, client);
        var jwtKey = Convert.ToBase64String(app.Services.GetRequiredService<JwtSigningKeyStore>().Key.Key);
        string[] secrets = [DevicePassword, SnmpCommunity, PlatformPassword, GbDevicePassword, jwtKey];

        var scanned = new List<string>();
        var leaks = new List<string>();
        foreach (var path in GetPaths(app, ids))
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            scanned.Add($"{path} {(int)response.StatusCode}");
            leaks.AddRange(secrets.Where(secret => body.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{path} returns {secret}"));
        }

        scanned.Count(line => line.EndsWith(" 200", StringComparison.Ordinal)).ShouldBeGreaterThan(20, string.Join("\n", scanned));
        scanned.ShouldContain($"/api/v1/devices/{ids.Device} 200");
        scanned.ShouldContain("/api/v1/gb28181/settings 200");
        scanned.ShouldContain($"/api/v1/gb28181/devices/{GbId} 200");
        leaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task DatabaseFiles_PopulatedDatabase_HoldNoPlainSecret()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        await PopulateAsync(app, client);
        var jwtKey = Convert.ToBase64String(app.Services.GetRequiredService<JwtSigningKeyStore>().Key.Key);

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var text = string.Concat(new[] { file, file + "-wal" }.Where(File.Exists).Select(ReadShared));

        text.ShouldContain("人民路口");
        text.ShouldNotContain(DevicePassword);
        text.ShouldNotContain(SnmpCommunity);
        text.ShouldNotContain(PlatformPassword);
        text.ShouldNotContain(GbDevicePassword);
        text.ShouldNotContain(jwtKey);
    }

    [Fact]
    public async Task DeviceUrl_WithPassword_IsRejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organization = await new TestLedger(app).AddOrganizationAsync("人民路派出所");

        var response = await client.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "CAM-1", name = "人民路口", kind = "Camera", organizationId = organization,
            rtspUrl = $"rtsp://admin:{DevicePassword}@127.0.0.1:554/Streaming/Channels/101",
        }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("code").GetString().ShouldBe("device.rtspUrl.password");
    }

    private sealed record PopulatedIds(long Organization, long Device, long Alarm);

    private static async Task<PopulatedIds> PopulateAsync(WatchkeeperApp app, HttpClient client)
    {
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("人民路派出所");
        var created = await client.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "CAM-1", name = "人民路口", kind = "Camera", organizationId = organization, ipAddress = "127.0.0.1", gbId = GbId,
            rtspUrl = "rtsp://127.0.0.1:554/Streaming/Channels/101", userName = "admin", password = DevicePassword, snmpCommunity = SnmpCommunity,
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var device = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetInt64();

        (await client.PutAsJsonAsync("/api/v1/gb28181/settings", new { password = PlatformPassword }, TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/gb28181/devices/{GbId}/settings", new { digestUserName = "cam1", password = GbDevicePassword },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var alarm = await ledger.AddAlarmAsync(device, AlarmType.Offline, TestLedger.Start);
        return new PopulatedIds(organization, device, alarm);
    }

    /// <summary>Every GET route under /api, with each route parameter filled by each of the stored ids.</summary>
    private static IEnumerable<string> GetPaths(WatchkeeperApp app, PopulatedIds ids)
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct();

        foreach (var route in routes)
        {
            if (!route.Contains('{', StringComparison.Ordinal))
            {
                yield return route;
                continue;
            }

            foreach (var id in new[] { ids.Organization, ids.Device, ids.Alarm }.Distinct())
            {
                yield return FillParameters(route, id);
            }
        }
    }

    private static string FillParameters(string route, long id)
    {
        var path = new StringBuilder();
        var rest = route.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            var close = rest.IndexOf('}');
            var name = rest[(open + 1)..close].ToString().Split(':')[0];
            path.Append(rest[..open]).Append(name == "gbId" ? GbId : id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            rest = rest[(close + 1)..];
        }

        return path.Append(rest).ToString();
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
