using System.Globalization;
using System.Net;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Runner;

/// <summary>The command line of the stand-alone simulator.</summary>
internal sealed class RunnerOptions
{
    public const string Help = """
        Watchkeeper 模拟设备 / Watchkeeper simulator
        在回环网络上运行模拟摄像机、录像机和交换机。
        Runs simulated cameras, recorders and switches on the loopback network.

        用法 / Usage:
          dotnet run --project src/Watchkeeper.Simulator -- [options]

        不带参数时运行演示设备群（50 台摄像机、2 台录像机、2 台交换机）及其故障脚本。
        Without options it runs the demo fleet (50 cameras, 2 recorders, 2 switches) and its fault script.

        选项 / Options:
          --cameras N            只运行 N 台摄像机（无录像机、交换机和故障），用于压力测试
                                 run N bare cameras only (no recorders, switches or faults), for load benchmarks
          --address-base A       这些摄像机的地址起点，127.x.y 或 127.x.y.z（默认 127.0.20）
                                 first address of those cameras, 127.x.y or 127.x.y.z (default 127.0.20)
          --recorders N          演示设备群的录像机数量（默认 2） / recorders in the demo fleet (default 2)
          --switches N           演示设备群的交换机数量（默认 2） / switches in the demo fleet (default 2)
          --rtsp-port P          每台设备的 RTSP 端口（默认 10554） / RTSP port of every device (default 10554)
          --http-port P          每台设备的 HTTP 端口（默认 10080） / HTTP port of every device (default 10080)
          --snmp-port P          每台交换机的 SNMP 端口（默认 10161） / SNMP port of every switch (default 10161)
          --password TEXT        设备密码 / the devices' password (default Wk-demo-2024)
          --no-faults            不运行故障脚本 / do not run the fault script
          --once                 故障脚本只播放一次 / play the fault script once instead of repeating it
          --list                 列出每台设备 / list every device, not only a summary

        GB/T 28181 选项 / GB/T 28181 options:
          --gb-platform H:P      向该平台地址（回环网络）注册 GB/T 28181 设备；不带 --gb-devices 时，
                                 演示设备群另加 2 台录像机（各 8 通道）和 4 台摄像机
                                 register GB/T 28181 devices to this platform address (loopback only); without
                                 --gb-devices the demo fleet gains 2 recorders (8 channels each) and 4 cameras
          --gb-devices N         只运行 N 台 GB/T 28181 摄像机，用于压力测试 / run N GB/T 28181 cameras only, for load
          --gb-recorders N       GB/T 28181 录像机数量 / GB/T 28181 recorders (default 2, or 0 with --gb-devices)
          --gb-channels N        每台录像机的通道数（默认 8） / channels per recorder (default 8)
          --gb-server-id ID      平台的 20 位 SIP 服务器编码（默认 34020000002000000001） / the platform's 20-digit server ID
          --gb-domain D          平台的 SIP 域（默认服务器编码前 10 位） / the platform's SIP domain (default: first 10 digits of the ID)
          --gb-password TEXT     注册密码（默认 Wk-gb-2024） / registration password (default Wk-gb-2024)
          --gb-transport T       udp 或 tcp（默认 udp） / udp or tcp (default udp)
          --gb-address-base A    GB/T 28181 设备的地址起点（默认 127.0.13） / first device address (default 127.0.13)
          --gb-keepalive S       心跳间隔，秒（默认 60） / keepalive interval in seconds (default 60)
          --gb-expires S         注册有效期，秒（默认 3600） / registration lifetime in seconds (default 3600)
          --gb-bulk              所有设备编码共用一个套接字，用于压力测试 / every device ID sends from one socket, for load
          --verbose              输出调试日志 / log debug messages
          -h, --help             显示本帮助 / show this help

        按 Ctrl+C 停止。 / Press Ctrl+C to stop.
        """;

    public FleetOptions Fleet { get; } = new();

    /// <summary>The GB/T 28181 devices to run, or null when no --gb-platform was given.</summary>
    public GbFleetOptions? Gb { get; private set; }

    /// <summary>True with --gb-devices: only GB/T 28181 devices run, without the demo fleet.</summary>
    public bool GbOnly { get; private set; }

    public bool BareCameras { get; private set; }

    public bool RunFaults { get; private set; } = true;

    public bool RepeatFaults { get; private set; } = true;

    public bool ListAll { get; private set; }

    public bool Verbose { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses <paramref name="args"/>; returns the options, or the message for an invalid argument.</summary>
    public static (RunnerOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new RunnerOptions();
        var addressBase = "127.0.20";
        var gb = new GbFleetOptions();
        var gbPlatformSet = false;
        var gbRecordersSet = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} 需要一个值 / {name} needs a value");

            try
            {
                switch (name)
                {
                    case "-h" or "--help": options.ShowHelp = true; break;
                    case "--cameras": options.BareCameras = true; options.Fleet.CameraCount = Number(name, Value()); break;
                    case "--address-base": addressBase = Value(); break;
                    case "--recorders": options.Fleet.RecorderCount = Number(name, Value()); break;
                    case "--switches": options.Fleet.SwitchCount = Number(name, Value()); break;
                    case "--rtsp-port": options.Fleet.RtspPort = Number(name, Value()); break;
                    case "--http-port": options.Fleet.HttpPort = Number(name, Value()); break;
                    case "--snmp-port": options.Fleet.SnmpPort = Number(name, Value()); break;
                    case "--password": options.Fleet.Password = Value(); break;
                    case "--no-faults": options.RunFaults = false; break;
                    case "--once": options.RepeatFaults = false; break;
                    case "--list": options.ListAll = true; break;
                    case "--verbose": options.Verbose = true; break;
                    case "--gb-platform": gb.PlatformEndPoint = LoopbackEndPoint(name, Value()); gbPlatformSet = true; break;
                    case "--gb-devices": options.GbOnly = true; gb.CameraCount = Number(name, Value()); break;
                    case "--gb-recorders": gb.RecorderCount = Number(name, Value()); gbRecordersSet = true; break;
                    case "--gb-channels": gb.ChannelsPerRecorder = Number(name, Value()); break;
                    case "--gb-server-id": gb.ServerId = Value(); break;
                    case "--gb-domain": gb.ServerDomain = Value(); break;
                    case "--gb-password": gb.Password = Value(); break;
                    case "--gb-transport": gb.Transport = Transport(name, Value()); break;
                    case "--gb-address-base": gb.AddressBase = Value(); break;
                    case "--gb-keepalive": gb.HeartbeatInterval = TimeSpan.FromSeconds(Number(name, Value())); break;
                    case "--gb-expires": gb.Expires = Number(name, Value()); break;
                    case "--gb-bulk": gb.SharedSocket = true; break;
                    default: return (null, $"未知选项 {name}；用 --help 查看选项 / unknown option {name}; see --help");
                }
            }
            catch (ArgumentException exception)
            {
                return (null, exception.Message);
            }
        }

        if (options.GbOnly && !gbPlatformSet)
        {
            return (null, "--gb-devices 需要 --gb-platform / --gb-devices needs --gb-platform");
        }

        if (gbPlatformSet)
        {
            gb.RecorderCount = options.GbOnly && !gbRecordersSet ? 0 : gb.RecorderCount;
            options.Gb = gb;
        }

        if (options.BareCameras)
        {
            options.Fleet.RecorderCount = 0;
            options.Fleet.SwitchCount = 0;
            options.Fleet.CameraAddressBase = addressBase;
            options.Fleet.CodePrefix = "LOAD";
            options.RunFaults = false;
        }

        return (options, null);
    }

    private static IPEndPoint LoopbackEndPoint(string name, string text) =>
        IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0 && IPAddress.IsLoopback(endPoint.Address)
            ? endPoint
            : throw new ArgumentException($"{name} 需要回环网络内的地址和端口，如 127.0.0.1:5060，而不是 '{text}' / {name} needs a loopback address and port such as 127.0.0.1:5060, not '{text}'");

    private static GbTransport Transport(string name, string text) => text.ToUpperInvariant() switch
    {
        "UDP" => GbTransport.Udp,
        "TCP" => GbTransport.Tcp,
        _ => throw new ArgumentException($"{name} 应为 udp 或 tcp，而不是 '{text}' / {name} must be udp or tcp, not '{text}'"),
    };

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} 需要一个非负整数，而不是 '{text}' / {name} needs a whole number, not '{text}'");
}
