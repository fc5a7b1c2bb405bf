namespace Watchkeeper.Simulator.Devices;

/// <summary>What a device reports about itself through ONVIF, ISAPI or SNMP, and what the ledger records of it.</summary>
public sealed record DeviceIdentity(
    string Vendor,
    string Model,
    string FirmwareVersion,
    string SerialNumber,
    string MacAddress,
    string HardwareId);
