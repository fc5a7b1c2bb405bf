using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Runner;

/// <summary>Prints which GB/T 28181 devices register where.</summary>
internal static class GbFleetPrinter
{
    private const int SummaryRows = 6;

    public static void Print(SimulatedGbFleet fleet, bool listAll, TextWriter output)
    {
        var options = fleet.Options;
        output.WriteLine($"GB/T 28181 设备已启动 / GB/T 28181 devices running: {fleet.Recorders.Count()} 录像机 recorders, {fleet.Cameras.Count()} 摄像机 cameras");
        output.WriteLine($"平台 / platform: {options.PlatformEndPoint} ({options.Transport})    服务器编码 / server ID: {options.ServerId}    密码 / password: {options.Password}");
        output.WriteLine();

        var rows = listAll ? fleet.Devices : fleet.Devices.Take(SummaryRows);
        foreach (var device in rows)
        {
            output.WriteLine($"  {device.DeviceId}  {device.Kind,-6} {device.LocalEndPoint,-21} {device.Name}  {device.Catalog.Count} 通道 / items");
        }

        if (!listAll && fleet.Devices.Count > SummaryRows)
        {
            output.WriteLine($"  ... 共 {fleet.Devices.Count} 台，用 --list 列出全部 / {fleet.Devices.Count} in all, --list shows every one");
        }

        output.WriteLine();
    }
}
