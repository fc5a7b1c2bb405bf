namespace Watchkeeper.Server.ServiceContracts;

/// <summary>Settings of the ServiceContracts section.</summary>
public sealed class ServiceContractOptions
{
    public const string Section = "ServiceContracts";
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The IANA time zone in which contract dates start and end at midnight.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
}
