namespace Watchkeeper.Server.Gb28181;

/// <summary>One catalog item as the ledger writer needs it, whatever message carried it.</summary>
public sealed record GbCatalogEntry(
    string DeviceId,
    string? Name,
    string? Manufacturer,
    string? Model,
    string? Address,
    string? CivilCode,
    string? ParentId,
    string? Status,
    string? Event);

/// <summary>What a DeviceInfo response gives the ledger.</summary>
public sealed record GbDeviceInfo(string? DeviceName, string? Manufacturer, string? Model, string? Firmware);

/// <summary>One recording a RecordInfo response lists, with times already on the platform's clock.</summary>
public sealed record GbRecordEntry(string ChannelGbId, DateTimeOffset Start, DateTimeOffset End, string? Type, string? Name, string? FilePath, long? FileSize, string? RecorderId);
