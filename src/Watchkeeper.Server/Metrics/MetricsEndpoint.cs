using System.Net;
using Microsoft.AspNetCore.Authorization;
using Prometheus;

namespace Watchkeeper.Server.Metrics;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>True lets requests from the loopback network read /metrics without a token (a local Prometheus).</summary>
    public bool AllowAnonymousLoopback { get; set; } = true;
}

public static class MetricsEndpoint
{
    private const string Policy = "MetricsAccess";

    public static IServiceCollection AddMetricsEndpointAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAssertion(context =>
            context.User.Identity?.IsAuthenticated == true
            || (options.AllowAnonymousLoopback && context.Resource is HttpContext http
                && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))));

        // prometheus-net publishes the System.Diagnostics.Metrics instruments; its own sample metrics are left out.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        return services;
    }

    /// <summary>Maps /metrics in the Prometheus text format: open on loopback if configured, a token or sign-in elsewhere.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapMetrics("/metrics").RequireAuthorization(Policy);
        return routes;
    }
}
