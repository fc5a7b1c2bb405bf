namespace Watchkeeper.Simulator.Devices;

/// <summary>An access switch model: what SNMP's system group reports and how its interfaces are named.</summary>
internal sealed record SwitchModel(
    string Vendor,
    string Model,
    string FirmwareVersion,
    string SystemDescription,
    Func<int, string> AccessPortName,
    Func<int, string> UplinkPortName,
    Func<int, string> SerialNumber)
{
    public static SwitchModel Huawei { get; } = new(
        "Huawei",
        "S5735-L24P4S-A",
        "V200R022C00SPC500",
        "S5735-L24P4S-A Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (S5735 V200R022C00SPC500)",
        port => $"GigabitEthernet0/0/{port}",
        port => $"XGigabitEthernet0/0/{port}",
        index => $"102312345678{index:D8}");

    public static SwitchModel H3c { get; } = new(
        "H3C",
        "S5130S-28S-PWR-EI",
        "Release 6357",
        "H3C Comware Platform Software, Software Version 7.1.070, Release 6357 H3C S5130S-28S-PWR-EI",
        port => $"GigabitEthernet1/0/{port}",
        port => $"Ten-GigabitEthernet1/0/{port + 24}",
        index => $"219801A2X{index:D11}");

    /// <summary>The models in the order the fleet deals them out.</summary>
    public static IReadOnlyList<SwitchModel> Rotation { get; } = [Huawei, H3c];
}
