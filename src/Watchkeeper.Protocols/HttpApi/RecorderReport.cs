using System.Globalization;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>The health of one storage unit of a recorder or camera: a hard disk, an SD card or a NAS mount.</summary>
/// <param name="Subject">How an engineer names it, e.g. "HDD 1", "NAS 9", "/dev/mmc0".</param>
/// <param name="Status">The status text as the device reports it, e.g. "ok", "error", "Success".</param>
/// <param name="Description">Type, path and sizes as far as the device reports them, for finding details.</param>
public sealed record RecorderDisk(
    string Subject,
    string Status,
    DiskCondition Condition,
    long? CapacityMegabytes,
    long? FreeMegabytes,
    string Description)
{
    /// <summary>Formats a size in megabytes (MiB), the unit ISAPI reports.</summary>
    internal static string Megabytes(long? megabytes) =>
        megabytes is null ? "?" : megabytes.Value.ToString("N0", CultureInfo.InvariantCulture) + " MB";
}

public enum DiskCondition
{
    Healthy,

    /// <summary>The disk reports an error, is unformatted, or is in any state other than a healthy one.</summary>
    Abnormal,

    /// <summary>A slot the recorder expects a disk in is empty.</summary>
    Missing,
}

/// <summary>What a vendor HTTP API returned about a device.</summary>
public sealed class RecorderReport
{
    /// <summary>The API that returned the data, e.g. "ISAPI" or "Dahua CGI".</summary>
    public required string Api { get; init; }

    /// <summary>Facts keyed by <see cref="Watchkeeper.Core.Monitoring.ProbeFacts"/> names.</summary>
    public Dictionary<string, string> Facts { get; } = [];

    /// <summary>The device type the API reports (e.g. "NVR", "IPCamera"), if any.</summary>
    public string? DeviceType { get; set; }

    /// <summary>The storage units, or null when the storage could not be read.</summary>
    public IReadOnlyList<RecorderDisk>? Disks { get; set; }

    /// <summary>What an engineer should know that is not a finding, e.g. "storage not read: HTTP 403".</summary>
    public List<string> Notes { get; } = [];
}
