using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Security;

/// <summary>
/// Adds the browser security headers to every response: the Content-Security-Policy with a per-request script
/// nonce, framing, MIME sniffing, referrer and permissions policies, and HSTS on HTTPS requests.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private const string NonceKey = "Watchkeeper.CspNonce";

    /// <summary>
    /// Browser features the console never uses. Only names that Chromium recognizes, because it logs an error for
    /// every unknown feature in the header.
    /// </summary>
    private const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Returns the nonce that inline scripts of this response must carry (the import map), or null outside a request.</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        // Hex, not Base64: Razor encodes '+' in the page's attribute, which the browser reads back, but a check of the
        // page text would not find the header's value.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;

        // OnStarting, because the exception handler clears the headers set before it re-runs the pipeline.
        context.Response.OnStarting(() =>
        {
            Apply(context, nonce);
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// Builds the policy. Blazor Server needs only same-origin scripts and a WebSocket to its own host, which
    /// 'self' covers. MudBlazor sets style attributes and renders a theme &lt;style&gt; element, so styles need
    /// 'unsafe-inline', but scripts do not.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    private void Apply(HttpContext context, string nonce)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        var hstsDays = options.Value.HstsMaxAgeDays;
        if (context.Request.IsHttps && hstsDays > 0)
        {
            headers.StrictTransportSecurity = $"max-age={(long)TimeSpan.FromDays(hstsDays).TotalSeconds}";
        }
    }
}
