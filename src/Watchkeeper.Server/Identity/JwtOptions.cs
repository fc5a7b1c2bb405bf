namespace Watchkeeper.Server.Identity;

/// <summary>The <c>Jwt</c> configuration section, for bearer tokens that scripts use.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>
    /// The HMAC-SHA256 signing key (at least 32 bytes of text). Empty: a key is generated into the database
    /// on first start, so that every node sharing the database accepts the same tokens.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "watchkeeper";

    public string Audience { get; set; } = "watchkeeper-api";

    public int TokenLifetimeMinutes { get; set; } = 480;
}
