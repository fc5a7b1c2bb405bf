namespace Watchkeeper.Protocols.Gb28181;

/// <summary>A keepalive (GB/T 28181-2016 appendix A, 设备状态信息报送).</summary>
public sealed record KeepaliveNotify : ManscdpMessage
{
    /// <summary>OK, or ERROR when the device reports a fault.</summary>
    public string? Status { get; init; }

    /// <summary>The channels the device lists as faulty in Info/DeviceID.</summary>
    public IReadOnlyList<string> FaultyChannelIds { get; init; } = [];

    public bool IsStatusOk => string.Equals(Status, "OK", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A DeviceInfo response (GB/T 28181-2016 appendix A). LoginName and Password fields are never read.</summary>
public sealed record DeviceInfoResponse : ManscdpMessage
{
    public string? DeviceName { get; init; }

    public string? Result { get; init; }

    public string? Manufacturer { get; init; }

    public string? Model { get; init; }

    public string? Firmware { get; init; }

    /// <summary>The device's own type word, e.g. SD, IPC, NVR.</summary>
    public string? DeviceType { get; init; }

    public int? MaxCamera { get; init; }

    public int? MaxAlarm { get; init; }

    public int? Channel { get; init; }

    public int? Port { get; init; }
}

/// <summary>A DeviceStatus response (GB/T 28181-2016 appendix A).</summary>
public sealed record DeviceStatusResponse : ManscdpMessage
{
    public string? Result { get; init; }

    /// <summary>ONLINE or OFFLINE.</summary>
    public string? Online { get; init; }

    /// <summary>OK or ERROR.</summary>
    public string? Status { get; init; }

    /// <summary>Why the device is not working, when Status is ERROR.</summary>
    public string? Reason { get; init; }

    /// <summary>ON or OFF.</summary>
    public string? Encode { get; init; }

    /// <summary>ON or OFF.</summary>
    public string? Record { get; init; }

    /// <summary>The device clock as sent, a local wall-clock time without zone (Kind Unspecified).</summary>
    public DateTime? DeviceTime { get; init; }

    public IReadOnlyList<AlarmInputStatus> AlarmInputs { get; init; } = [];

    public bool? IsOnline => OnOff(Online, "ONLINE", "OFFLINE");

    public bool? IsEncoding => OnOff(Encode, "ON", "OFF");

    public bool? IsRecording => OnOff(Record, "ON", "OFF");

    private static bool? OnOff(string? value, string on, string off) =>
        string.Equals(value, on, StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(value, off, StringComparison.OrdinalIgnoreCase) ? false
        : null;
}

/// <summary>The duty status of one alarm input: ONDUTY, OFFDUTY or ALARM.</summary>
public sealed record AlarmInputStatus(string DeviceId, string? DutyStatus);
