using System.Globalization;
using System.Net;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Checks device options and derives the kind, names and channel IDs of a simulated GB/T 28181 device.</summary>
internal static class GbDeviceLayout
{
    /// <summary>The most channels one recorder can have: channel IDs number them in 4 of the 7 serial digits.</summary>
    public const int MaxChannels = 9_999;

    private static readonly string[] Sites =
    [
        "东门入口", "西门出口", "南门岗亭", "北区停车场", "一号楼大厅", "二号楼电梯厅", "食堂门口", "操场东侧", "仓库通道", "围墙西北角",
    ];

    // Characters outside GB2312 that real place names use: GB18030 (and GBK) encode them, GB2312 decoders fail on them.
    private static readonly string[] SitesOutsideGb2312 = ["萳溪桥头", "堃园东门", "喆园广场", "璟湖步道"];

    public static GbDeviceKind? KindOf(string deviceId) =>
        deviceId.Length == 20 ? deviceId.Substring(10, 3) switch
        {
            "132" => GbDeviceKind.Camera,
            "118" => GbDeviceKind.Nvr,
            "111" => GbDeviceKind.Dvr,
            _ => null,
        } : null;

    public static Error? Validate(GbDeviceOptions options)
    {
        static Error Invalid(string field, string chinese, string english) =>
            Error.Validation("simulator.gb28181.options.invalid", Bilingual.Join(chinese, english), field);

        if (!IsGbId(options.DeviceId) || KindOf(options.DeviceId) is null)
        {
            return Invalid(nameof(options.DeviceId), $"DeviceId '{options.DeviceId}' 应为 20 位数字，第 11–13 位为 132、118 或 111", $"DeviceId '{options.DeviceId}' must be 20 digits with type code 132, 118 or 111 in digits 11-13");
        }

        if (!IsGbId(options.ServerId))
        {
            return Invalid(nameof(options.ServerId), $"ServerId '{options.ServerId}' 应为 20 位数字", $"ServerId '{options.ServerId}' must be 20 digits");
        }

        foreach (var (name, endPoint) in new[] { (nameof(options.LocalEndPoint), options.LocalEndPoint), (nameof(options.PlatformEndPoint), options.PlatformEndPoint) })
        {
            if (!IPAddress.IsLoopback(endPoint.Address) || endPoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return Invalid(name, $"{name} {endPoint} 不在回环网络 127.0.0.0/8 内；模拟设备只能使用回环地址", $"{name} {endPoint} is outside the loopback network 127.0.0.0/8; simulated devices use loopback addresses only");
            }
        }

        if (options.PlatformEndPoint.Port == 0)
        {
            return Invalid(nameof(options.PlatformEndPoint), "PlatformEndPoint 需要端口", "PlatformEndPoint needs a port");
        }

        foreach (var (name, value) in new[] { (nameof(options.ServerDomain), options.EffectiveDomain), (nameof(options.UserName), options.EffectiveUserName), (nameof(options.Password), options.Password) })
        {
            if (value.IndexOfAny(['"', '\r', '\n']) >= 0)
            {
                return Invalid(name, $"{name} 不能含有引号或换行", $"{name} must not contain quotes or line breaks");
            }
        }

        return CheckCounts(options, Invalid);
    }

    private static Error? CheckCounts(GbDeviceOptions options, Func<string, string, string, Error> invalid)
    {
        if (options.Expires is < 1 or > 86_400)
        {
            return invalid(nameof(options.Expires), $"Expires 应在 1 到 86400 秒之间，实际为 {options.Expires}", $"Expires must be between 1 and 86400 seconds, got {options.Expires}");
        }

        foreach (var (name, span) in new[] { (nameof(options.HeartbeatInterval), options.HeartbeatInterval), (nameof(options.RegisterRetryInterval), options.RegisterRetryInterval), (nameof(options.RecordSegmentLength), options.RecordSegmentLength), (nameof(options.RetransmitInterval), options.RetransmitInterval), (nameof(options.UnregisterTimeout), options.UnregisterTimeout) })
        {
            if (span <= TimeSpan.Zero)
            {
                return invalid(name, $"{name} 必须大于 0", $"{name} must be positive");
            }
        }

        if (options.ChannelCount is < 1 or > MaxChannels || options.AlarmInputCount is < 0 or > MaxChannels)
        {
            return invalid(nameof(options.ChannelCount), $"ChannelCount 应在 1 到 {MaxChannels} 之间，AlarmInputCount 应在 0 到 {MaxChannels} 之间", $"ChannelCount must be between 1 and {MaxChannels}, AlarmInputCount between 0 and {MaxChannels}");
        }

        return options.CatalogItemsPerMessage < 1 || options.RecordItemsPerMessage < 1 || options.HeartbeatTimeoutCount < 1
            ? invalid(nameof(options.CatalogItemsPerMessage), "CatalogItemsPerMessage、RecordItemsPerMessage 和 HeartbeatTimeoutCount 至少为 1", "CatalogItemsPerMessage, RecordItemsPerMessage and HeartbeatTimeoutCount must be at least 1")
            : null;
    }

    /// <summary>
    /// Returns the catalog of a device: a camera lists itself; a recorder lists its channels (type code 131) and alarm
    /// inputs (134), numbered inside the last 7 digits as the last 3 serial digits of the recorder and a 4-digit number.
    /// </summary>
    public static List<GbCatalogItem> Catalog(GbDeviceOptions options, GbDeviceKind kind, bool namesOutsideGb2312)
    {
        var deviceId = options.DeviceId;
        if (kind == GbDeviceKind.Camera)
        {
            return [new GbCatalogItem(deviceId, ChannelName(options, 0, namesOutsideGb2312), deviceId)];
        }

        var items = new List<GbCatalogItem>(options.ChannelCount + options.AlarmInputCount);
        for (var n = 1; n <= options.ChannelCount; n++)
        {
            items.Add(new GbCatalogItem(ChildId(deviceId, "131", n), ChannelName(options, n - 1, namesOutsideGb2312), deviceId));
        }

        for (var n = 1; n <= options.AlarmInputCount; n++)
        {
            items.Add(new GbCatalogItem(ChildId(deviceId, "134", n), $"报警输入 {n}", deviceId));
        }

        return items;
    }

    /// <summary>Returns the device's own name: the option, or a generated one such as "硬盘录像机 0001".</summary>
    public static string DeviceName(GbDeviceOptions options, GbDeviceKind kind) =>
        options.Name ?? (kind == GbDeviceKind.Camera ? "网络摄像机 " : "硬盘录像机 ") + options.DeviceId[^4..];

    public static string Model(GbDeviceOptions options, GbDeviceKind kind) =>
        options.Model ?? kind switch
        {
            GbDeviceKind.Camera => "DS-2CD3T46WDV3-I3",
            GbDeviceKind.Nvr => "DS-7608NI-K2",
            _ => "DS-7808HQH-K1",
        };

    private static string ChildId(string deviceId, string typeCode, int number) =>
        string.Concat(deviceId.AsSpan(0, 10), typeCode, deviceId.AsSpan(17, 3), number.ToString("D4", CultureInfo.InvariantCulture));

    private static string ChannelName(GbDeviceOptions options, int index, bool outsideGb2312)
    {
        if (outsideGb2312)
        {
            return $"{SitesOutsideGb2312[index % SitesOutsideGb2312.Length]} {index + 1}";
        }

        return index < options.ChannelNames.Count ? options.ChannelNames[index] : $"{Sites[index % Sites.Length]} {index + 1}";
    }

    private static bool IsGbId(string id) => id.Length == 20 && id.All(char.IsAsciiDigit);
}
