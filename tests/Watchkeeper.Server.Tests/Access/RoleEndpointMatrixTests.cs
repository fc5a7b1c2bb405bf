using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Access;

/// <summary>Walks every HTTP endpoint with every built-in role and checks the allow or deny it gets.</summary>
public sealed class RoleEndpointMatrixTests
{
    [Fact]
    public void Endpoints_AllListed_MatchTable()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        using var app = new WatchkeeperApp(database);

        var actual = ApiEndpoints(app).ToDictionary(e => e.Key, e => e.Requirement, StringComparer.Ordinal);

        actual.Keys.Except(EndpointPermissionTable.Expected.Keys).Order(StringComparer.Ordinal).ShouldBeEmpty("endpoints missing from the table");
        EndpointPermissionTable.Expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ShouldBeEmpty("table rows without an endpoint");
        actual.Where(e => EndpointPermissionTable.Expected.TryGetValue(e.Key, out var expected) && expected != e.Value)
            .Select(e => $"{e.Key}: annotated {e.Value}, table {EndpointPermissionTable.Expected[e.Key]}")
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryRole_EveryEndpoint_AllowedExactlyByPermission()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        // Signing out everywhere ends the role's token, so it runs last.
        var endpoints = ApiEndpoints(app).Where(e => e.Requirement != EndpointPermissionTable.Anonymous)
            .OrderBy(e => e.Pattern.EndsWith("/sign-out-everywhere", StringComparison.Ordinal)).ToList();
        var wrong = new List<string>();

        foreach (var role in BuiltInRoles.Names)
        {
            await app.AddUserAsync("matrix-" + role.ToLowerInvariant(), [role]);
            using var client = await app.CreateClientAsAsync("matrix-" + role.ToLowerInvariant());
            var granted = BuiltInRoles.DefaultPermissions(role).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var endpoint in endpoints)
            {
                var status = await SendAsync(client, endpoint);
                var allowed = endpoint.Requirement == EndpointPermissionTable.SignedIn || granted.Contains(endpoint.Requirement);
                var denied = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (allowed == denied)
                {
                    wrong.Add($"{role} {endpoint.Key}: {(int)status}, expected {(allowed ? "allowed" : "403")}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task Anonymous_EveryProtectedEndpoint_Unauthorized()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = new List<string>();

        foreach (var endpoint in ApiEndpoints(app).Where(e => e.Requirement != EndpointPermissionTable.Anonymous))
        {
            var status = await SendAsync(client, endpoint);
            if (status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.BadRequest))
            {
                wrong.Add($"{endpoint.Key}: {(int)status}");
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task DisabledUser_ValidToken_Unauthorized()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var userId = await app.AddUserAsync("disabled-engineer", [BuiltInRoles.Engineer]);
        using var engineer = await app.CreateClientAsAsync("disabled-engineer");
        using var admin = await app.CreateAdminClientAsync();

        (await admin.PostAsync($"/api/v1/users/{userId}/disable", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var response = await engineer.GetAsync("/api/v1/devices", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    internal sealed record ApiEndpoint(string Method, string Pattern, string Requirement, bool TakesForm)
    {
        public string Key => $"{Method} {Pattern}";
    }

    internal static IEnumerable<ApiEndpoint> ApiEndpoints(WatchkeeperApp app)
    {
        var sources = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!IsHttpApi(pattern))
            {
                continue;
            }

            var requirement = RequirementOf(endpoint);
            var takesForm = endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
                .Any(a => a.ContentTypes.Contains("multipart/form-data", StringComparer.OrdinalIgnoreCase));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods)
            {
                yield return new ApiEndpoint(method, pattern, requirement, takesForm);
            }
        }
    }

    private static bool IsHttpApi(string pattern) =>
        pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/openapi/", StringComparison.Ordinal)
        || pattern is "/healthz" or "/metrics" or "/culture/set" or "/account/logout";

    private static string RequirementOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            return EndpointPermissionTable.Anonymous;
        }

        var permissions = endpoint.Metadata.GetOrderedMetadata<PermissionMetadata>().Select(m => m.Permission.Name).Distinct().ToList();
        return permissions.Count == 0 ? EndpointPermissionTable.SignedIn : string.Join("+", permissions);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, ApiEndpoint endpoint)
    {
        var path = Fill(endpoint.Pattern);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method == "ANY" ? "GET" : endpoint.Method), path);
        if (endpoint.TakesForm)
        {
            // An upload endpoint returns 415 for anything but a form, before authorization runs.
            request.Content = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        }
        else if (endpoint.Method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    // Placeholder values name records that do not exist: an allowed caller gets 400 or 404, never 401 or 403.
    private static string Fill(string pattern)
    {
        var path = pattern
            .Replace("{id:long}", "999999", StringComparison.Ordinal)
            .Replace("{organizationId:long}", "999999", StringComparison.Ordinal)
            .Replace("{linkedAlarmId:long}", "999998", StringComparison.Ordinal)
            .Replace("{attachmentId:long}", "999998", StringComparison.Ordinal)
            .Replace("{channelId:long}", "999999", StringComparison.Ordinal)
            .Replace("{channelId}", "34020000001310000999", StringComparison.Ordinal)
            .Replace("{gbId}", "34020000001320000999", StringComparison.Ordinal)
            .Replace("{kind}", "Camera", StringComparison.Ordinal)
            .Replace("{year:int}", "2026", StringComparison.Ordinal)
            .Replace("{level:int}", "9", StringComparison.Ordinal)
            .Replace("{id}", "no-such-user", StringComparison.Ordinal)
            .Replace("{name}", "NoSuchRole", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
        return path.Contains("/records", StringComparison.Ordinal) ? path + "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z" : path;
    }
}
