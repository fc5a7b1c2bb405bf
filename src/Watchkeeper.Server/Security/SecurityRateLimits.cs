using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Security;

/// <summary>
/// Limits password guessing: console sign-in posts and token requests, each in a fixed window per client address.
/// Other requests are not limited.
/// </summary>
/// <remarks>
/// NOTE: behind a reverse proxy every request comes from the proxy's address unless the forwarded headers
/// middleware is configured, and then all users share one window.
/// </remarks>
internal static partial class SecurityRateLimits
{
    public const string SignInPath = "/account/login";
    public const string TokenPath = "/api/v1/auth/token";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        limiter.OnRejected = RejectAsync;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RateLimits;
        if (!limits.Enabled || !HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var (name, limit) = context.Request.Path switch
        {
            var path when path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase) => ("sign-in", limits.SignIn),
            var path when path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase) => ("token", limits.Token),
            _ => ("", null),
        };
        if (limit is null)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // The key contains the limit itself, so that a changed setting starts new windows instead of reusing old ones.
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var permits = Math.Max(1, limit.PermitLimit);
        var window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds));
        return RateLimitPartition.GetFixedWindowLimiter($"{name}|{address}|{permits}|{window.TotalSeconds}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        TimeSpan? retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityRateLimits).FullName!);
        LogRejected(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
        await SecurityProblems.TooManyRequests(retryAfter).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached: {Path} from {RemoteAddress} answered 429")]
    private static partial void LogRejected(ILogger logger, PathString path, string? remoteAddress);
}
