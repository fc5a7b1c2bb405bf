using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The columns of the ledger file, in the order that exports and templates use.</summary>
internal static class LedgerColumns
{
    public static readonly LedgerColumn Code = Text("code", "设备编码", true,
        "唯一编码；导入时按它匹配已有设备，匹配到则更新。", "Unique code; an import updates the device with the same code.",
        "CAM-0001", d => d.Code, (d, v) => d.Code = v ?? "");

    public static readonly LedgerColumn Name = Text("name", "设备名称", true,
        "设备名称。", "Device name.", "人民路口-01", d => d.Name, (d, v) => d.Name = v ?? "");

    public static readonly LedgerColumn Kind = new DeviceFieldColumn<DeviceKind>("kind", "设备类型", true,
        "摄像机、录像机（或 NVR、DVR）、编码器、交换机、服务器、存储、通道、报警输入，也可写英文名 Camera、Recorder 等。",
        "摄像机, 录像机 (or NVR, DVR), 编码器, 交换机, 服务器, 存储, 通道, 报警输入, or Camera, Recorder, Encoder, Switch, Server, Storage, Channel, AlarmInput.",
        "摄像机", d => d.Kind, (d, v) => d.Kind = v, LedgerValues.ParseKind, LedgerValues.KindName, DeviceKind.Camera);

    public static readonly LedgerColumn Organization = new("organization", "所属组织", true,
        "组织路径，各级用“/”分隔；缺少的层级在导入时自动创建。",
        "Organization path with levels separated by '/'; missing levels are created by the import.",
        "某市公安局/城区分局/人民路派出所");

    public static readonly LedgerColumn ParentCode = new("parentCode", "上级设备编码", false,
        "所挂接的交换机、录像机或编码器的设备编码；可以是台账中已有的设备，也可以出现在本文件后面的行中。通道必填。",
        "Code of the switch, recorder or encoder the device hangs on; it may already be in the ledger or appear later in the file. Required for channels.",
        "SW-0001");

    public static readonly LedgerColumn UserName = Text("userName", "用户名", false,
        "设备登录用户名。", "Device user name.", "admin", d => d.UserName, (d, v) => d.UserName = v);

    public static readonly LedgerColumn GbId = Text("gbId", "国标编码", false,
        "GB/T 28181 编码：20 位数字，第 11–13 位为类型码（如 132 网络摄像机、131 通道、118 NVR）。在 Excel 中请把该列设为文本，否则数字会被截断。",
        "GB/T 28181 ID: 20 digits whose digits 11-13 are the type code (132 IP camera, 131 channel, 118 NVR). Format the column as text in Excel, or digits are lost.",
        "34020000001320000001", d => d.GbId, (d, v) => d.GbId = v);

    public static readonly LedgerColumn Password = new("password", "密码", false,
        "设备登录密码；留空则保留已存的密码。导出文件中始终为空。",
        "Device password; blank keeps the stored one. Exports always leave it blank.",
        "");

    public static readonly LedgerColumn SnmpCommunity = new("snmpCommunity", "SNMP团体名", false,
        "SNMP v2c 团体名；留空则保留已存的团体名。导出文件中始终为空。",
        "SNMP v2c community; blank keeps the stored one. Exports always leave it blank.",
        "");

    /// <summary>Every column in file order.</summary>
    public static readonly IReadOnlyList<LedgerColumn> All =
    [
        Code,
        Name,
        Kind,
        Organization,
        Text("installLocation", "安装位置", false, "安装地点。", "Where the device is installed.",
            "人民路与解放路交叉口东北角", d => d.InstallLocation, (d, v) => d.InstallLocation = v),
        Text("ipAddress", "IP地址", false, "IPv4 或 IPv6 地址。", "IPv4 or IPv6 address.",
            "192.168.1.64", d => d.IpAddress, (d, v) => d.IpAddress = v),
        Integer("httpPort", "HTTP端口", "1–65535。", "1-65535.", "80", d => d.HttpPort, (d, v) => d.HttpPort = v),
        Integer("rtspPort", "RTSP端口", "1–65535。", "1-65535.", "554", d => d.RtspPort, (d, v) => d.RtspPort = v),
        Integer("snmpPort", "SNMP端口", "1–65535。", "1-65535.", "161", d => d.SnmpPort, (d, v) => d.SnmpPort = v),
        Text("rtspUrl", "RTSP地址", false, "以 rtsp:// 开头的取流地址。", "Stream URL starting with rtsp://.",
            "rtsp://192.168.1.64:554/Streaming/Channels/101", d => d.RtspUrl, (d, v) => d.RtspUrl = v),
        Text("onvifUrl", "ONVIF地址", false, "ONVIF 设备服务地址，以 http:// 或 https:// 开头。", "ONVIF device service URL (http:// or https://).",
            "http://192.168.1.64/onvif/device_service", d => d.OnvifUrl, (d, v) => d.OnvifUrl = v),
        Text("snapshotUrl", "抓图地址", false, "返回 JPEG 图片的地址，以 http:// 或 https:// 开头。", "URL that returns a JPEG picture (http:// or https://).",
            "http://192.168.1.64/ISAPI/Streaming/channels/101/picture", d => d.SnapshotUrl, (d, v) => d.SnapshotUrl = v),
        Text("httpApiUrl", "HTTP接口地址", false, "厂商 HTTP 接口（海康 ISAPI、大华 CGI）的基础地址。", "Base URL of the vendor HTTP API (Hikvision ISAPI, Dahua CGI).",
            "http://192.168.1.64", d => d.HttpApiUrl, (d, v) => d.HttpApiUrl = v),
        Text("vendor", "厂商", false, "设备厂商。", "Vendor.", "海康威视", d => d.Vendor, (d, v) => d.Vendor = v),
        Text("model", "型号", false, "设备型号。", "Model.", "DS-2CD3T46WDV3-I3", d => d.Model, (d, v) => d.Model = v),
        Text("firmwareVersion", "固件版本", false, "固件版本。", "Firmware version.", "V5.7.3", d => d.FirmwareVersion, (d, v) => d.FirmwareVersion = v),
        Text("serialNumber", "序列号", false, "设备序列号。", "Serial number.", "DS-2CD3T46WDV3-I320230101AAWRJ00000000",
            d => d.SerialNumber, (d, v) => d.SerialNumber = v),
        GbId,
        ParentCode,
        Date("installDate", "安装日期", "日期，如 2024-05-01。", "Date such as 2024-05-01.", "2024-05-01", d => d.InstallDate, (d, v) => d.InstallDate = v),
        Date("warrantyEnd", "质保到期", "质保到期日，如 2027-04-30。", "Warranty end date such as 2027-04-30.", "2027-04-30", d => d.WarrantyEnd, (d, v) => d.WarrantyEnd = v),
        Text("maintainer", "维护人", false, "负责维护的人员或单位。", "Person or company that maintains the device.",
            "张工 13800000000", d => d.Maintainer, (d, v) => d.Maintainer = v),
        Text("notes", "备注", false, "备注，可多行。", "Notes; may span several lines.", "", d => d.Notes, (d, v) => d.Notes = v),
        UserName,
        Password,
        SnmpCommunity,
        Text("snmpInterfaces", "SNMP端口列表", false, "交换机上要监测的接口索引（ifIndex），逗号分隔。", "Switch interface indexes (ifIndex) to watch, comma separated.",
            "1,2,24", d => d.SnmpInterfaces, (d, v) => d.SnmpInterfaces = v),
        new DeviceFieldColumn<bool>("monitoringEnabled", "启用监测", false,
            "是 或 否；留空为是。", "是 (yes) or 否 (no); blank means yes.", "是",
            d => d.MonitoringEnabled, (d, v) => d.MonitoringEnabled = v, LedgerValues.ParseBoolean, LedgerValues.FormatBoolean, true),
        Integer("probeIntervalSeconds", "巡检间隔(秒)",
            $"{ProbePlan.MinIntervalSeconds}–{ProbePlan.MaxIntervalSeconds} 秒；留空则用组织或设备类型的默认值。",
            $"{ProbePlan.MinIntervalSeconds}-{ProbePlan.MaxIntervalSeconds} s; blank takes the organization's or the kind's default.",
            "60", d => d.ProbeIntervalSeconds, (d, v) => d.ProbeIntervalSeconds = v),
    ];

    private static readonly Dictionary<string, LedgerColumn> ByHeader = BuildHeaderIndex();

    /// <summary>Finds a column by its Chinese header or its English name, ignoring case, spaces and full-width brackets.</summary>
    public static LedgerColumn? FindByHeader(string header) => ByHeader.GetValueOrDefault(NormalizeHeader(header));

    /// <summary>Finds the column that holds the field a <see cref="FieldError"/> names.</summary>
    public static LedgerColumn? FindByField(string field) => field switch
    {
        "parentId" => ParentCode,
        "organizationId" => Organization,
        _ => All.FirstOrDefault(c => c.Key == field),
    };

    private static string NormalizeHeader(string header)
    {
        var characters = header.Where(c => !char.IsWhiteSpace(c) && c != '\uFEFF')
            .Select(c => c switch { '（' => '(', '）' => ')', _ => char.ToLowerInvariant(c) });
        return new string(characters.ToArray());
    }

    private static Dictionary<string, LedgerColumn> BuildHeaderIndex()
    {
        var index = new Dictionary<string, LedgerColumn>();
        foreach (var column in All)
        {
            index[NormalizeHeader(column.Header)] = column;
            index[NormalizeHeader(column.Key)] = column;
        }

        index[NormalizeHeader("organizationPath")] = Organization;
        return index;
    }

    private static LedgerColumn Text(string key, string header, bool required, string chineseHint, string englishHint, string example,
        Func<Device, string?> get, Action<Device, string?> set) =>
        new DeviceFieldColumn<string?>(key, header, required, chineseHint, englishHint, example, get, set, LedgerValues.ParseText, v => v, null);

    private static LedgerColumn Integer(string key, string header, string chineseHint, string englishHint, string example,
        Func<Device, int?> get, Action<Device, int?> set) =>
        new DeviceFieldColumn<int?>(key, header, false, chineseHint, englishHint, example, get, set, LedgerValues.ParseInteger, LedgerValues.FormatInteger, null);

    private static LedgerColumn Date(string key, string header, string chineseHint, string englishHint, string example,
        Func<Device, DateOnly?> get, Action<Device, DateOnly?> set) =>
        new DeviceFieldColumn<DateOnly?>(key, header, false, chineseHint, englishHint, example, get, set, LedgerValues.ParseDate, LedgerValues.FormatDate, null);
}
