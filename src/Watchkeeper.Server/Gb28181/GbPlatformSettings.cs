using System.Globalization;
using System.Net;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Gb28181;

/// <summary>The platform's GB/T 28181 settings in effect, with the SIP server's state. The password is never returned.</summary>
public sealed record GbPlatformSettingsResponse
{
    public required string ServerId { get; init; }

    public required string Domain { get; init; }

    public bool PasswordSet { get; init; }

    public required string ListenAddress { get; init; }

    public int SipPort { get; init; }

    public bool EnableUdp { get; init; }

    public bool EnableTcp { get; init; }

    public UnknownDevicePolicy UnknownDevices { get; init; }

    public int HeartbeatIntervalSeconds { get; init; }

    public int HeartbeatCount { get; init; }

    public int CatalogRefreshMinutes { get; init; }

    public int StatusRefreshMinutes { get; init; }

    /// <summary>The settings set in the console (camelCase names); the others come from configuration.</summary>
    public IReadOnlyList<string> StoredSettings { get; init; } = [];

    public bool Listening { get; init; }

    public int UdpPort { get; init; }

    public int TcpPort { get; init; }

    /// <summary>Why the SIP server does not listen, when it does not.</summary>
    public string? StartFailure { get; init; }
}

/// <summary>
/// A change of the platform's GB/T 28181 settings. A field left out (null) keeps its value; <see cref="Password"/> is
/// write-only, and <see cref="ClearPassword"/> removes the stored one so that configuration applies again.
/// </summary>
public sealed record GbPlatformSettingsInput
{
    public string? ServerId { get; init; }

    public string? Domain { get; init; }

    public string? Password { get; init; }

    public bool ClearPassword { get; init; }

    public string? ListenAddress { get; init; }

    public int? SipPort { get; init; }

    public bool? EnableUdp { get; init; }

    public bool? EnableTcp { get; init; }

    /// <summary>Enroll or Reject.</summary>
    public string? UnknownDevices { get; init; }

    public int? HeartbeatIntervalSeconds { get; init; }

    public int? HeartbeatCount { get; init; }

    public int? CatalogRefreshMinutes { get; init; }

    public int? StatusRefreshMinutes { get; init; }
}

/// <summary>The rules a platform setting must meet before it is stored.</summary>
public static class GbPlatformSettingsRules
{
    /// <summary>The type code (digits 11–13) of a central signaling control server, which the platform's own ID carries.</summary>
    public const int ServerTypeCode = 200;

    public const int DomainLength = 10;

    public const int MaxPasswordLength = 64;

    /// <summary>Heartbeat bounds, the same as for a device's own heartbeat settings.</summary>
    public const int MinHeartbeatIntervalSeconds = 5;

    public const int MaxHeartbeatIntervalSeconds = 3600;

    public const int MinHeartbeatCount = 1;

    public const int MaxHeartbeatCount = 100;

    /// <summary>The longest refresh period, one week; 0 turns a refresh off.</summary>
    public const int MaxRefreshMinutes = 7 * 24 * 60;

    /// <summary>Applies the input to the settings in effect and returns the result, or every rule it breaks.</summary>
    public static Result<Gb28181Options> Apply(Gb28181Options current, GbPlatformSettingsInput input)
    {
        var next = Copy(current);
        var errors = new List<Error>();
        next.ServerId = input.ServerId?.Trim() ?? next.ServerId;
        next.Domain = input.Domain?.Trim() ?? next.Domain;
        next.ListenAddress = input.ListenAddress?.Trim() ?? next.ListenAddress;
        next.SipPort = input.SipPort ?? next.SipPort;
        next.EnableUdp = input.EnableUdp ?? next.EnableUdp;
        next.EnableTcp = input.EnableTcp ?? next.EnableTcp;
        next.HeartbeatIntervalSeconds = input.HeartbeatIntervalSeconds ?? next.HeartbeatIntervalSeconds;
        next.HeartbeatCount = input.HeartbeatCount ?? next.HeartbeatCount;
        next.CatalogRefreshMinutes = input.CatalogRefreshMinutes ?? next.CatalogRefreshMinutes;
        next.StatusRefreshMinutes = input.StatusRefreshMinutes ?? next.StatusRefreshMinutes;
        if (input.UnknownDevices is { } policyText)
        {
            if (Enum.TryParse<UnknownDevicePolicy>(policyText.Trim(), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(policyText, out _))
            {
                next.UnknownDevices = policy;
            }
            else
            {
                errors.Add(Invalid("policy", "unknownDevices",
                    $"未知设备策略“{policyText}”无效，须为 Enroll（自动登记）或 Reject（拒绝）。",
                    $"Unknown-device policy '{policyText}' is invalid; use Enroll or Reject."));
            }
        }

        if (input.Password is { Length: > MaxPasswordLength })
        {
            errors.Add(Invalid("password", "password",
                $"注册密码最多 {MaxPasswordLength} 个字符。", $"The registration password may have at most {MaxPasswordLength} characters."));
        }

        errors.AddRange(Validate(next, input));
        return errors.Count == 0 ? next : Result<Gb28181Options>.Failure(errors);
    }

    /// <summary>
    /// Returns every rule the settings break, checking only the fields the input sets (every field without an input).
    /// Configuration may contain values the console does not accept, e.g. port 0 for tests, and they stay as they are.
    /// </summary>
    public static IReadOnlyList<Error> Validate(Gb28181Options settings, GbPlatformSettingsInput? input = null)
    {
        bool Checks(object? value) => input is null || value is not null;

        var errors = new List<Error>();
        if (Checks(input?.ServerId) && GbId.TypeCode(settings.ServerId) != ServerTypeCode)
        {
            errors.Add(Invalid("server_id", "serverId",
                $"平台国标编码“{settings.ServerId}”无效，须为 20 位数字，且第 11–13 位类型码为 {ServerTypeCode}（中心信令控制服务器）。",
                $"Server ID '{settings.ServerId}' is invalid; it must be 20 digits with type code {ServerTypeCode} (central signaling control server) in digits 11-13."));
        }

        if (Checks(input?.Domain) && (settings.Domain.Length != DomainLength || !settings.Domain.All(char.IsAsciiDigit)))
        {
            errors.Add(Invalid("domain", "domain",
                $"SIP 域“{settings.Domain}”无效，须为 {DomainLength} 位数字，通常为平台国标编码的前 {DomainLength} 位。",
                $"Domain '{settings.Domain}' is invalid; it must be {DomainLength} digits, usually the first {DomainLength} of the server ID."));
        }

        if (Checks(input?.ListenAddress) && (!IPAddress.TryParse(settings.ListenAddress, out _) || settings.ListenAddress.Contains('%')))
        {
            errors.Add(Invalid("listen_address", "listenAddress",
                $"监听地址“{settings.ListenAddress}”不是 IP 地址，例如 0.0.0.0（所有网卡）或 192.168.1.10。",
                $"Listen address '{settings.ListenAddress}' is not an IP address, e.g. 0.0.0.0 (every interface) or 192.168.1.10."));
        }

        if (Checks(input?.SipPort) && settings.SipPort is < 1 or > 65535)
        {
            errors.Add(Invalid("sip_port", "sipPort",
                $"SIP 端口 {settings.SipPort} 无效，须在 1–65535 之间。", $"SIP port {settings.SipPort} is invalid; it must be 1-65535."));
        }

        if ((Checks(input?.EnableUdp) || Checks(input?.EnableTcp)) && !settings.EnableUdp && !settings.EnableTcp)
        {
            errors.Add(Invalid("transport", "enableUdp",
                "UDP 和 TCP 至少启用一种，否则设备无法注册。", "Turn on UDP, TCP or both; with neither, no device can register."));
        }

        if (Checks(input?.HeartbeatIntervalSeconds) && settings.HeartbeatIntervalSeconds is < MinHeartbeatIntervalSeconds or > MaxHeartbeatIntervalSeconds)
        {
            errors.Add(Invalid("heartbeat_interval", "heartbeatIntervalSeconds",
                $"心跳周期须在 {MinHeartbeatIntervalSeconds}–{MaxHeartbeatIntervalSeconds} 秒之间。",
                $"The heartbeat interval must be {MinHeartbeatIntervalSeconds}-{MaxHeartbeatIntervalSeconds} s."));
        }

        if (Checks(input?.HeartbeatCount) && settings.HeartbeatCount is < MinHeartbeatCount or > MaxHeartbeatCount)
        {
            errors.Add(Invalid("heartbeat_count", "heartbeatCount",
                $"心跳超时次数须在 {MinHeartbeatCount}–{MaxHeartbeatCount} 之间。", $"The heartbeat count must be {MinHeartbeatCount}-{MaxHeartbeatCount}."));
        }

        if (Checks(input?.CatalogRefreshMinutes))
        {
            AddRefreshError(errors, settings.CatalogRefreshMinutes, "catalog_refresh", "catalogRefreshMinutes", "目录刷新周期", "The catalog refresh period");
        }

        if (Checks(input?.StatusRefreshMinutes))
        {
            AddRefreshError(errors, settings.StatusRefreshMinutes, "status_refresh", "statusRefreshMinutes", "状态刷新周期", "The status refresh period");
        }

        return errors;
    }

    /// <summary>Returns the stored text of each setting that differs between the two, by option name.</summary>
    public static Dictionary<string, string?> Changes(Gb28181Options before, Gb28181Options after)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(changes, nameof(Gb28181Options.ServerId), before.ServerId, after.ServerId);
        Add(changes, nameof(Gb28181Options.Domain), before.Domain, after.Domain);
        Add(changes, nameof(Gb28181Options.ListenAddress), before.ListenAddress, after.ListenAddress);
        Add(changes, nameof(Gb28181Options.SipPort), before.SipPort, after.SipPort);
        Add(changes, nameof(Gb28181Options.EnableUdp), before.EnableUdp, after.EnableUdp);
        Add(changes, nameof(Gb28181Options.EnableTcp), before.EnableTcp, after.EnableTcp);
        Add(changes, nameof(Gb28181Options.UnknownDevices), before.UnknownDevices, after.UnknownDevices);
        Add(changes, nameof(Gb28181Options.HeartbeatIntervalSeconds), before.HeartbeatIntervalSeconds, after.HeartbeatIntervalSeconds);
        Add(changes, nameof(Gb28181Options.HeartbeatCount), before.HeartbeatCount, after.HeartbeatCount);
        Add(changes, nameof(Gb28181Options.CatalogRefreshMinutes), before.CatalogRefreshMinutes, after.CatalogRefreshMinutes);
        Add(changes, nameof(Gb28181Options.StatusRefreshMinutes), before.StatusRefreshMinutes, after.StatusRefreshMinutes);
        return changes;
    }

    /// <summary>Returns whether the SIP listener must open again to apply the change.</summary>
    public static bool NeedsRestart(Gb28181Options before, Gb28181Options after) =>
        before.ListenAddress != after.ListenAddress || before.SipPort != after.SipPort
        || before.EnableUdp != after.EnableUdp || before.EnableTcp != after.EnableTcp;

    private static void Add<T>(Dictionary<string, string?> changes, string name, T before, T after)
        where T : notnull
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            changes[name] = Convert.ToString(after, CultureInfo.InvariantCulture);
        }
    }

    private static void AddRefreshError(List<Error> errors, int minutes, string code, string field, string chinese, string english)
    {
        if (minutes is < 0 or > MaxRefreshMinutes)
        {
            errors.Add(Invalid(code, field,
                $"{chinese}须在 0–{MaxRefreshMinutes} 分钟之间（0 表示关闭）。", $"{english} must be 0-{MaxRefreshMinutes} minutes (0 turns it off)."));
        }
    }

    private static Error Invalid(string code, string field, string chinese, string english) =>
        Error.Validation($"gb28181.settings.{code}", Bilingual.Join(chinese, english), field);

    private static Gb28181Options Copy(Gb28181Options source) => new()
    {
        Enabled = source.Enabled,
        ServerId = source.ServerId,
        Domain = source.Domain,
        Password = source.Password,
        ListenAddress = source.ListenAddress,
        SipPort = source.SipPort,
        AdvertisedAddress = source.AdvertisedAddress,
        DigestQop = source.DigestQop,
        MaxTcpConnections = source.MaxTcpConnections,
        MaxConcurrentQueries = source.MaxConcurrentQueries,
        EnableUdp = source.EnableUdp,
        EnableTcp = source.EnableTcp,
        UnknownDevices = source.UnknownDevices,
        HeartbeatIntervalSeconds = source.HeartbeatIntervalSeconds,
        HeartbeatCount = source.HeartbeatCount,
        MinExpiresSeconds = source.MinExpiresSeconds,
        MaxExpiresSeconds = source.MaxExpiresSeconds,
        QueryTimeoutSeconds = source.QueryTimeoutSeconds,
        CatalogRefreshMinutes = source.CatalogRefreshMinutes,
        StatusRefreshMinutes = source.StatusRefreshMinutes,
        DeviceAlarmHoldMinutes = source.DeviceAlarmHoldMinutes,
        ClockSkewThresholdSeconds = source.ClockSkewThresholdSeconds,
    };
}
