using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Runner;

/// <summary>Prints what a running fleet serves.</summary>
internal static class FleetPrinter
{
    private const int SummaryRows = 5;

    public static void Print(SimulatedFleet fleet, bool listAll, TextWriter output)
    {
        output.WriteLine($"模拟设备已启动 / Simulated fleet running: {fleet.Cameras.Count} 摄像机 cameras, {fleet.Recorders.Count} 录像机 recorders, {fleet.Switches.Count} 交换机 switches");
        var first = fleet.Devices.FirstOrDefault(device => device.UserName is not null);
        if (first is not null)
        {
            output.WriteLine($"用户名 / user name: {first.UserName}    密码 / password: {first.Password}");
        }

        var community = fleet.Devices.FirstOrDefault(device => device.SnmpCommunity is not null)?.SnmpCommunity;
        if (community is not null)
        {
            output.WriteLine($"SNMP 团体名 / community: {community}");
        }

        output.WriteLine();
        var rows = listAll ? fleet.Devices : Summary(fleet.Devices);
        foreach (var device in rows)
        {
            if (device is null)
            {
                output.WriteLine($"  ... 共 {fleet.Devices.Count} 台，用 --list 列出全部 / {fleet.Devices.Count} in all, --list shows every one");
                continue;
            }

            output.WriteLine($"  {device.Code,-14} {device.Kind,-8} {device.IpAddress,-15} {device.Name} / {device.EnglishName}");
            foreach (var url in new[] { device.RtspUrl, device.OnvifUrl, device.SnapshotUrl, device.HttpApiUrl })
            {
                if (url is not null)
                {
                    output.WriteLine($"      {url}");
                }
            }

            if (device.SnmpPort is { } snmpPort)
            {
                output.WriteLine($"      snmp://{device.IpAddress}:{snmpPort}  ifIndex {string.Join(",", device.SnmpInterfaces)}");
            }
        }

        output.WriteLine();
    }

    /// <summary>Every switch and recorder and the first cameras; null marks the cut.</summary>
    private static IEnumerable<SimulatedDeviceInfo?> Summary(IReadOnlyList<SimulatedDeviceInfo> devices)
    {
        var others = devices.Where(device => device.Kind != Core.Devices.DeviceKind.Camera);
        var cameras = devices.Where(device => device.Kind == Core.Devices.DeviceKind.Camera).ToList();
        foreach (var device in others.Concat(cameras.Take(SummaryRows)))
        {
            yield return device;
        }

        if (cameras.Count > SummaryRows)
        {
            yield return null;
        }
    }
}
