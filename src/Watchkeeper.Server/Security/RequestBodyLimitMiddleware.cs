using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Security;

/// <summary>
/// Caps API request bodies other than uploads (JSON, form fields) at <see cref="SecurityOptions.MaxJsonBodyBytes"/>
/// and rejects a larger one with a bilingual 413. Multipart uploads keep the server's cap, which each upload
/// endpoint sets for itself (ledger import, diagnosis images).
/// </summary>
public sealed partial class RequestBodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<SecurityOptions> options,
    ILogger<RequestBodyLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || IsMultipart(request.ContentType))
        {
            await next(context);
            return;
        }

        var maxBytes = options.CurrentValue.MaxJsonBodyBytes;
        if (request.ContentLength > maxBytes)
        {
            LogTooLarge(request.Method, request.Path, request.ContentLength.Value, maxBytes);
            await SecurityProblems.BodyTooLarge(maxBytes).ExecuteAsync(context);
            return;
        }

        // A body without Content-Length (chunked) is cut off by the server while it is read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes;
        }

        await next(context);

        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            LogTooLarge(request.Method, request.Path, null, maxBytes);
            await SecurityProblems.BodyTooLarge(maxBytes).ExecuteAsync(context);
        }
    }

    private static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Method} {Path}: body of {Length} bytes is over the limit of {MaxBytes} bytes")]
    private partial void LogTooLarge(string method, PathString path, long? length, long maxBytes);
}
