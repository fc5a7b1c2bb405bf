using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Isapi;

namespace Watchkeeper.Simulator.Fleet;

/// <summary>
/// Lays a fleet out from its options: codes, names, addresses, URLs and identities, the cameras split across the
/// switches in contiguous blocks (five cameras to a street site) and recorder n on switch n.
/// </summary>
internal sealed class FleetLayout
{
    private const int MaxDevicesPerKind = 100_000;
    private const int MinAccessPorts = 24;
    private const int RecorderDiskBays = 8;
    private const int RecorderDisks = 4;
    private const int RecorderMaxChannels = 32;

    // GB/T 28181 IDs: center code 34020000 and industry code 00, as in the captured Dahua camera's 34020000001320000002.
    private const string GbIdPrefix = "3402000000";

    private readonly FleetOptions _options;
    private readonly DeviceContext _context;

    private FleetLayout(FleetOptions options, DeviceContext context)
    {
        _options = options;
        _context = context;
    }

    public List<SimulatedCamera> Cameras { get; } = [];

    public List<SimulatedRecorder> Recorders { get; } = [];

    public List<SimulatedSwitch> Switches { get; } = [];

    public static Result<FleetLayout> Build(FleetOptions options, DeviceContext context)
    {
        var invalid = Validate(options);
        if (invalid is not null)
        {
            return invalid;
        }

        var layout = new FleetLayout(options, context);
        return layout.Lay() ?? Result<FleetLayout>.Success(layout);
    }

    private static Error? Validate(FleetOptions options)
    {
        static Error Invalid(string field, string chinese, string english) =>
            Error.Validation("simulator.options.invalid", Bilingual.Join(chinese, english), field);

        foreach (var (name, count) in new[] { (nameof(options.CameraCount), options.CameraCount), (nameof(options.RecorderCount), options.RecorderCount), (nameof(options.SwitchCount), options.SwitchCount) })
        {
            if (count is < 0 or > MaxDevicesPerKind)
            {
                return Invalid(name, $"{name} 应在 0 到 {MaxDevicesPerKind} 之间，实际为 {count}", $"{name} must be between 0 and {MaxDevicesPerKind}, got {count}");
            }
        }

        foreach (var (name, port) in new[] { (nameof(options.RtspPort), options.RtspPort), (nameof(options.HttpPort), options.HttpPort), (nameof(options.SnmpPort), options.SnmpPort) })
        {
            if (port is < 1 or > 65535)
            {
                return Invalid(name, $"{name} 应在 1 到 65535 之间，实际为 {port}", $"{name} must be between 1 and 65535, got {port}");
            }
        }

        if (options.RtspPort == options.HttpPort)
        {
            return Invalid(nameof(options.HttpPort), $"RtspPort 与 HttpPort 不能相同（{options.HttpPort}）", $"RtspPort and HttpPort must differ, both are {options.HttpPort}");
        }

        foreach (var (name, value) in new[] { (nameof(options.CodePrefix), options.CodePrefix), (nameof(options.UserName), options.UserName), (nameof(options.Password), options.Password), (nameof(options.SnmpCommunity), options.SnmpCommunity) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Contains('"', StringComparison.Ordinal))
            {
                return Invalid(name, $"{name} 不能为空，也不能含有引号", $"{name} must not be empty or contain quotes");
            }
        }

        // Basic authentication separates the user name from the password with the first colon (RFC 2617 §2).
        if (options.UserName.Contains(':', StringComparison.Ordinal))
        {
            return Invalid(nameof(options.UserName), "UserName 不能含有冒号", "UserName must not contain a colon");
        }

        if (options.RtspSessionTimeout < TimeSpan.FromSeconds(1))
        {
            return Invalid(nameof(options.RtspSessionTimeout), "RtspSessionTimeout 至少为 1 秒", "RtspSessionTimeout must be at least 1 s");
        }

        return options.MaxConnectionsPerService < 1
            ? Invalid(nameof(options.MaxConnectionsPerService), "MaxConnectionsPerService 至少为 1", "MaxConnectionsPerService must be at least 1")
            : null;
    }

    private Error? Lay()
    {
        var addresses = new Dictionary<IPAddress, string>();
        for (var s = 0; s < _options.SwitchCount; s++)
        {
            var error = Address(_options.SwitchAddressBase, s, nameof(_options.SwitchAddressBase), addresses, out var address);
            if (error is not null)
            {
                return error;
            }

            var attached = CamerasOn(s).Count() + RecordersOn(s).Count();
            Switches.Add(CreateSwitch(s, address, Math.Max(MinAccessPorts, attached)));
        }

        for (var r = 0; r < _options.RecorderCount; r++)
        {
            var error = Address(_options.RecorderAddressBase, r, nameof(_options.RecorderAddressBase), addresses, out var address);
            if (error is not null)
            {
                return error;
            }

            Recorders.Add(CreateRecorder(r, address, SwitchOf(r % Math.Max(1, _options.SwitchCount))));
        }

        for (var c = 0; c < _options.CameraCount; c++)
        {
            var error = Address(_options.CameraAddressBase, c, nameof(_options.CameraAddressBase), addresses, out var address);
            if (error is not null)
            {
                return error;
            }

            Cameras.Add(CreateCamera(c, address, SwitchOf(SwitchIndexOfCamera(c))));
        }

        Attach();
        return null;
    }

    private static Error? Address(string addressBase, int index, string optionName, Dictionary<IPAddress, string> assigned, out IPAddress address)
    {
        address = IPAddress.None;
        var nth = LoopbackAddresses.Nth(addressBase, index, optionName);
        if (!nth.IsSuccess)
        {
            return nth.FirstError;
        }

        address = nth.Value;
        if (assigned.TryGetValue(address, out var other))
        {
            return Error.Validation(
                "simulator.options.address_overlap",
                Bilingual.Join(
                    $"{optionName} 给出的地址 {address} 与 {other} 重叠；请让各类设备的地址段互不重叠",
                    $"{optionName} gives {address}, which {other} already uses; give each kind of device its own address range"),
                optionName);
        }

        assigned[address] = optionName;
        return null;
    }

    /// <summary>Plugs cameras into the access ports in order, then each recorder into the port after its switch's cameras.</summary>
    private void Attach()
    {
        var nextPort = new int[Switches.Count];
        for (var c = 0; c < Cameras.Count && Switches.Count > 0; c++)
        {
            var s = SwitchIndexOfCamera(c);
            Switches[s].Attach(++nextPort[s], Cameras[c]);
        }

        for (var r = 0; r < Recorders.Count && Switches.Count > 0; r++)
        {
            var s = r % Switches.Count;
            Switches[s].Attach(++nextPort[s], Recorders[r]);
        }
    }

    private int SwitchIndexOfCamera(int camera) =>
        _options.SwitchCount == 0 ? -1 : (int)((long)camera * _options.SwitchCount / Math.Max(1, _options.CameraCount));

    private IEnumerable<int> CamerasOn(int switchIndex) =>
        Enumerable.Range(0, _options.CameraCount).Where(camera => SwitchIndexOfCamera(camera) == switchIndex);

    private IEnumerable<int> RecordersOn(int switchIndex) =>
        _options.SwitchCount == 0 ? [] : Enumerable.Range(0, _options.RecorderCount).Where(recorder => recorder % _options.SwitchCount == switchIndex);

    private SimulatedSwitch? SwitchOf(int switchIndex) =>
        switchIndex >= 0 && switchIndex < Switches.Count ? Switches[switchIndex] : null;

    /// <summary>Returns a code such as DEMO-CAM-001, with at least <paramref name="minDigits"/> digits and enough for the count.</summary>
    private string Code(string kind, int index, int count, int minDigits)
    {
        var digits = Math.Max(minDigits, count.ToString(CultureInfo.InvariantCulture).Length);
        return $"{_options.CodePrefix}-{kind}-{(index + 1).ToString("D" + digits, CultureInfo.InvariantCulture)}";
    }

    private SimulatedCamera CreateCamera(int index, IPAddress address, SimulatedSwitch? parent)
    {
        var model = CameraModel.Rotation[index % CameraModel.Rotation.Count];
        var (site, number) = DemoSites.ForCamera(index);
        var ip = address.ToString();
        var identity = new DeviceIdentity(model.Vendor, model.Model, model.FirmwareVersion, model.SerialNumber(index + 1), MacAddress(address), "1.0");
        var info = new SimulatedDeviceInfo
        {
            Code = Code("CAM", index, _options.CameraCount, minDigits: 3),
            Name = $"{site.Name}-{number:D2}",
            EnglishName = $"{site.EnglishName} {number:D2}",
            Kind = DeviceKind.Camera,
            InstallLocation = $"{site.Location} {number} 号杆 / {site.EnglishLocation}, pole {number}",
            IpAddress = ip,
            HttpPort = _options.HttpPort,
            RtspPort = _options.RtspPort,
            RtspUrl = $"rtsp://{ip}:{_options.RtspPort}{model.MainStreamPath}",
            OnvifUrl = $"http://{ip}:{_options.HttpPort}{model.OnvifDevicePath}",
            SnapshotUrl = $"http://{ip}:{_options.HttpPort}{model.SnapshotPath}{model.SnapshotQuery}",
            Vendor = identity.Vendor,
            Model = identity.Model,
            FirmwareVersion = identity.FirmwareVersion,
            SerialNumber = identity.SerialNumber,
            GbId = $"{GbIdPrefix}1320{index + 1:D6}",
            ParentCode = parent?.Code,
            UserName = _options.UserName,
            Password = _options.Password,
            Probes = ProbeSet.Tcp | ProbeSet.Rtsp | ProbeSet.Onvif | ProbeSet.Snapshot | ProbeSet.Diagnosis,
        };

        return new SimulatedCamera(info, identity, model, index, _context);
    }

    private SimulatedRecorder CreateRecorder(int index, IPAddress address, SimulatedSwitch? parent)
    {
        var ip = address.ToString();
        var serial = $"DS-9632NI-I80820230415CCRR{index + 1:D9}WCVU";
        var identity = new DeviceIdentity("Hikvision", "DS-9632NI-I8", "V4.71.105", serial, MacAddress(address), StableGuid(serial));
        var info = new SimulatedDeviceInfo
        {
            Code = Code("NVR", index, _options.RecorderCount, minDigits: 2),
            Name = $"硬盘录像机-{index + 1:D2}",
            EnglishName = $"NVR {index + 1:D2}",
            Kind = DeviceKind.Recorder,
            InstallLocation = "城区分局机房 2 号机柜 / Downtown branch equipment room, rack 2",
            IpAddress = ip,
            HttpPort = _options.HttpPort,
            RtspPort = _options.RtspPort,
            RtspUrl = $"rtsp://{ip}:{_options.RtspPort}{SimulatedRecorder.StreamPath(1, main: true)}",
            HttpApiUrl = $"http://{ip}:{_options.HttpPort}",
            Vendor = identity.Vendor,
            Model = identity.Model,
            FirmwareVersion = identity.FirmwareVersion,
            SerialNumber = identity.SerialNumber,
            GbId = $"{GbIdPrefix}1180{index + 1:D6}",
            ParentCode = parent?.Code,
            UserName = _options.UserName,
            Password = _options.Password,
            Probes = ProbeSet.Tcp | ProbeSet.Rtsp | ProbeSet.HttpApi,
        };

        var disks = Enumerable.Range(1, RecorderDisks)
            .Select(disk => new RecorderDisk(disk, $"hdd{disk}", 3_815_447, 3_815_447 - 611_000 * disk, RecorderStorage.StatusOk, new DateOnly(2024, 4, 14)));
        var channels = Math.Clamp(parent is null ? RecorderMaxChannels : CamerasOn(Switches.IndexOf(parent)).Count(), 1, RecorderMaxChannels);
        return new SimulatedRecorder(info, identity, new RecorderStorage(disks, RecorderDiskBays), channels, index, _context);
    }

    private SimulatedSwitch CreateSwitch(int index, IPAddress address, int accessPorts)
    {
        var model = SwitchModel.Rotation[index % SwitchModel.Rotation.Count];
        var identity = new DeviceIdentity(model.Vendor, model.Model, model.FirmwareVersion, model.SerialNumber(index + 1), MacAddress(address), model.Model);
        var uplink = accessPorts + 1;
        var firstRecorderPort = CamerasOn(index).Count() + 1;
        var monitoredPorts = RecordersOn(index).Select((_, order) => firstRecorderPort + order).Append(uplink).ToList();
        var info = new SimulatedDeviceInfo
        {
            Code = Code("SW", index, _options.SwitchCount, minDigits: 2),
            Name = $"汇聚交换机-{index + 1:D2}",
            EnglishName = $"Aggregation switch {index + 1:D2}",
            Kind = DeviceKind.Switch,
            InstallLocation = "城区分局机房 1 号机柜 / Downtown branch equipment room, rack 1",
            IpAddress = address.ToString(),
            SnmpPort = _options.SnmpPort,
            Vendor = identity.Vendor,
            Model = identity.Model,
            FirmwareVersion = identity.FirmwareVersion,
            SerialNumber = identity.SerialNumber,
            SnmpCommunity = _options.SnmpCommunity,
            SnmpInterfaces = monitoredPorts,
            Probes = ProbeSet.Snmp,
        };

        return new SimulatedSwitch(info, identity, model, accessPorts, _context);
    }

    // A locally administered MAC (02:...) made from the loopback address, unique within the fleet.
    private static string MacAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return $"02:57:4b:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}";
    }

    // The same GUID for the same text, so a device keeps its ISAPI deviceID across restarts.
    private static string StableGuid(string text) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToString();
}
