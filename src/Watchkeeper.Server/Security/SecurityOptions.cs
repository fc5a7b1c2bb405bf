namespace Watchkeeper.Server.Security;

/// <summary>The <c>Security</c> configuration section: cookies, headers, rate limits and body size caps.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// When the sign-in cookies carry the Secure flag: <c>SameAsRequest</c> (on HTTPS requests only) or <c>Always</c>
    /// (behind a proxy that terminates TLS and forwards plain HTTP). The antiforgery cookie is Secure on HTTPS
    /// requests in either case.
    /// </summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>Max-age of the Strict-Transport-Security header sent on HTTPS responses, in days. 0 sends none.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>Largest JSON or other non-upload request body the API accepts, in bytes.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>The <c>Security:RateLimits</c> section: fixed-window limits per client address.</summary>
public sealed class RateLimitOptions
{
    /// <summary>False turns every limit off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sign-in form posts (console) per client address and window.</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Token requests (<c>POST /api/v1/auth/token</c>) per client address and window.</summary>
    public WindowLimit Token { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };
}

public sealed class WindowLimit
{
    /// <summary>Requests allowed in one window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>Length of the window, in seconds.</summary>
    public int WindowSeconds { get; set; }
}
