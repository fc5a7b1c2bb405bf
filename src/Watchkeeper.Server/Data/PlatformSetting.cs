namespace Watchkeeper.Server.Data;

/// <summary>A platform-wide value the server generates once and shares between nodes, e.g. the JWT signing key.</summary>
public sealed class PlatformSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
