using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Devices;

/// <summary>A field that breaks a ledger rule, with the reason in both languages.</summary>
/// <param name="Field">The field in camelCase, e.g. <c>ipAddress</c>.</param>
/// <param name="Code">Stable machine-readable code, e.g. <c>device.ipAddress.invalid</c>.</param>
public sealed record FieldError(string Field, string Code, string Chinese, string English);

/// <summary>
/// Format rules for ledger fields, shared by the REST API and the ledger import. Rules that need the
/// database (unique code, existing organization and parent) are checked by the caller.
/// </summary>
public static class DeviceRules
{
    /// <summary>Returns true for a dotted-quad IPv4 address or an IPv6 address; rejects the short forms .NET also parses ("1", "0x7f.1").</summary>
    public static bool IsValidIpAddress(string text)
    {
        if (text.Contains(':'))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is >= 1 and <= 3
            && part.All(char.IsAsciiDigit)
            && int.Parse(part, CultureInfo.InvariantCulture) <= 255);
    }

    public static FieldError? CheckIpAddress(string? text) =>
        string.IsNullOrEmpty(text) || IsValidIpAddress(text)
            ? null
            : new FieldError("ipAddress", "device.ipAddress.invalid",
                $"IP 地址“{text}”无效，应为 IPv4（如 192.168.1.10）或 IPv6 地址。",
                $"IP address '{text}' is invalid; use IPv4 such as 192.168.1.10, or IPv6.");

    public static FieldError? CheckPort(string field, int? port) =>
        port is null or (>= 1 and <= 65535)
            ? null
            : new FieldError(field, $"device.{field}.invalid",
                $"端口 {port} 无效，应在 1–65535 之间。", $"Port {port} is invalid; use 1-65535.");

    public static FieldError? CheckRecorderChannel(int? channel) =>
        channel is null or (>= 1 and <= Recording.RecordingChannels.MaxRecorderChannel)
            ? null
            : new FieldError("recorderChannel", "device.recorderChannel.invalid",
                $"录像机通道号 {channel} 无效，应在 1–{Recording.RecordingChannels.MaxRecorderChannel} 之间。",
                $"Recorder channel {channel} is invalid; use 1-{Recording.RecordingChannels.MaxRecorderChannel}.");

    /// <summary>Checks that a URL is absolute, has one of the allowed schemes and a host, and carries no password.</summary>
    public static FieldError? CheckUrl(string field, string? text, params string[] schemes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > Device.MaxUrlLength)
        {
            return new FieldError(field, $"device.{field}.too_long",
                $"URL 超过 {Device.MaxUrlLength} 个字符。", $"The URL is longer than {Device.MaxUrlLength} characters.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            var expected = string.Join(" / ", schemes.Select(s => s + "://"));
            return new FieldError(field, $"device.{field}.invalid",
                $"URL“{text}”无效，应以 {expected} 开头并包含主机地址。",
                $"URL '{text}' is invalid; it must start with {expected} and name a host.");
        }

        // The ledger stores URLs in plain text and returns them, so a password belongs in the encrypted password field.
        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return new FieldError(field, $"device.{field}.password",
                "URL 中不能包含密码（user:password@），请删除，并把用户名和密码填在设备的用户名和密码字段中。",
                "The URL must not contain a password (user:password@); remove it and enter the user name and password in the device's user name and password fields.");
        }

        return null;
    }

    public static FieldError? CheckGbId(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var reason = GbId.Validate(text);
        return reason is null
            ? null
            : new FieldError("gbId", "device.gbId.invalid",
                $"国标编码“{text}”无效：须为 20 位数字，且第 11–13 位为标准定义的类型码。",
                $"GB/T 28181 ID '{text}' is invalid: {reason}.");
    }

    public static FieldError? CheckRequired(string field, string? text, int maxLength, string chineseName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldError(field, $"device.{field}.missing", $"{chineseName}不能为空。", $"{field} is required.");
        }

        return CheckLength(field, text, maxLength, chineseName);
    }

    public static FieldError? CheckLength(string field, string? text, int maxLength, string chineseName) =>
        text is not null && text.Length > maxLength
            ? new FieldError(field, $"device.{field}.too_long",
                $"{chineseName}超过 {maxLength} 个字符。", $"{field} is longer than {maxLength} characters.")
            : null;

    public static FieldError? CheckProbeInterval(int? seconds) =>
        seconds is null or (>= ProbePlan.MinIntervalSeconds and <= ProbePlan.MaxIntervalSeconds)
            ? null
            : new FieldError("probeIntervalSeconds", "device.probeIntervalSeconds.invalid",
                $"巡检间隔 {seconds} 秒无效，应在 {ProbePlan.MinIntervalSeconds}–{ProbePlan.MaxIntervalSeconds} 秒之间。",
                $"Probe interval {seconds} s is invalid; use {ProbePlan.MinIntervalSeconds}-{ProbePlan.MaxIntervalSeconds} s.");

    /// <summary>Checks that a parent of <paramref name="parentKind"/> may carry a child of <paramref name="kind"/>.</summary>
    public static FieldError? CheckParentKind(DeviceKind kind, DeviceKind? parentKind)
    {
        if (parentKind is null)
        {
            return kind == DeviceKind.Channel
                ? new FieldError("parentId", "device.parentId.missing",
                    "通道须指定所属的录像机、编码器或摄像机作为上级设备。",
                    "A channel needs its recorder, encoder or camera as parent device.")
                : null;
        }

        var allowed = kind switch
        {
            DeviceKind.Channel or DeviceKind.AlarmInput => parentKind is DeviceKind.Recorder or DeviceKind.Encoder or DeviceKind.Camera,
            _ => parentKind.Value.CanBeParent() && parentKind is not DeviceKind.Camera,
        };

        return allowed
            ? null
            : new FieldError("parentId", "device.parentId.kind",
                $"{parentKind} 类设备不能作为 {kind} 的上级设备。",
                $"A {parentKind} cannot be the parent of a {kind}.");
    }

    /// <summary>Checks the fields whose format can be judged without the database.</summary>
    public static IReadOnlyList<FieldError> CheckFormats(Device device)
    {
        var errors = new List<FieldError?>
        {
            CheckRequired("code", device.Code, Device.MaxCodeLength, "设备编码"),
            CheckRequired("name", device.Name, Device.MaxNameLength, "设备名称"),
            CheckIpAddress(device.IpAddress),
            CheckPort("httpPort", device.HttpPort),
            CheckPort("rtspPort", device.RtspPort),
            CheckPort("snmpPort", device.SnmpPort),
            CheckUrl("rtspUrl", device.RtspUrl, "rtsp", "rtsps"),
            CheckUrl("onvifUrl", device.OnvifUrl, "http", "https"),
            CheckUrl("snapshotUrl", device.SnapshotUrl, "http", "https"),
            CheckUrl("httpApiUrl", device.HttpApiUrl, "http", "https"),
            CheckGbId(device.GbId),
            CheckRecorderChannel(device.RecorderChannel),
            CheckLength("installLocation", device.InstallLocation, Device.MaxTextLength, "安装位置"),
            CheckLength("vendor", device.Vendor, Device.MaxTextLength, "厂商"),
            CheckLength("model", device.Model, Device.MaxTextLength, "型号"),
            CheckLength("firmwareVersion", device.FirmwareVersion, Device.MaxTextLength, "固件版本"),
            CheckLength("serialNumber", device.SerialNumber, Device.MaxTextLength, "序列号"),
            CheckLength("maintainer", device.Maintainer, Device.MaxTextLength, "维护人"),
            CheckLength("notes", device.Notes, Device.MaxNotesLength, "备注"),
            CheckLength("userName", device.UserName, Device.MaxTextLength, "用户名"),
            CheckProbeInterval(device.ProbeIntervalSeconds),
        };

        if (!string.IsNullOrEmpty(device.SnmpInterfaces) && Device.ParseInterfaceList(device.SnmpInterfaces).Count == 0)
        {
            errors.Add(new FieldError("snmpInterfaces", "device.snmpInterfaces.invalid",
                $"SNMP 端口列表“{device.SnmpInterfaces}”无效，应为逗号分隔的接口索引（ifIndex），如 1,2,24。",
                $"SNMP interface list '{device.SnmpInterfaces}' is invalid; use comma-separated ifIndex numbers such as 1,2,24."));
        }

        if (device.Code is { } code && code.Any(char.IsControl))
        {
            errors.Add(new FieldError("code", "device.code.invalid", "设备编码不能包含控制字符。", "The device code must not contain control characters."));
        }

        return errors.OfType<FieldError>().ToList();
    }
}
