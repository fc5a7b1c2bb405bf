namespace Watchkeeper.Core.Monitoring;

public enum ProbeKind
{
    /// <summary>ICMP echo to the device address.</summary>
    Icmp,

    /// <summary>TCP connect to the device's service ports.</summary>
    Tcp,

    /// <summary>HTTP(S) GET of the device's web interface.</summary>
    Http,

    /// <summary>HTTP(S) GET of the snapshot URL; the body must be a JPEG whose markers parse.</summary>
    Snapshot,

    /// <summary>RTSP OPTIONS and DESCRIBE (RFC 2326) of the stream URL.</summary>
    Rtsp,

    /// <summary>ONVIF device service: clock, device information, media URLs.</summary>
    Onvif,

    /// <summary>Vendor HTTP API (Hikvision ISAPI, Dahua CGI): device information and recorder disks.</summary>
    HttpApi,

    /// <summary>SNMP v2c GET of sysUpTime and the ifOperStatus of the ports named in the ledger.</summary>
    Snmp,

    /// <summary>
    /// GB/T 28181 registration and keepalive. Passive: it reads what the device last sent to the platform's SIP
    /// server, so it sends nothing and never waits.
    /// </summary>
    Gb28181,

    /// <summary>
    /// Video quality diagnosis. Passive: it reads the camera's latest diagnosis round, whose findings open and close
    /// alarms like any probe's. It never decides reachability.
    /// </summary>
    Diagnosis,

    /// <summary>
    /// Recording integrity. Passive: it reads the channel's latest daily recording check (gaps, retention). It
    /// never decides reachability.
    /// </summary>
    Recording,
}

/// <summary>A set of probe kinds, stored as bit flags (bit n is <see cref="ProbeKind"/> n).</summary>
[Flags]
public enum ProbeSet
{
    None = 0,
    Icmp = 1 << ProbeKind.Icmp,
    Tcp = 1 << ProbeKind.Tcp,
    Http = 1 << ProbeKind.Http,
    Snapshot = 1 << ProbeKind.Snapshot,
    Rtsp = 1 << ProbeKind.Rtsp,
    Onvif = 1 << ProbeKind.Onvif,
    HttpApi = 1 << ProbeKind.HttpApi,
    Snmp = 1 << ProbeKind.Snmp,
    Gb28181 = 1 << ProbeKind.Gb28181,
    Diagnosis = 1 << ProbeKind.Diagnosis,
    Recording = 1 << ProbeKind.Recording,
}

public static class ProbeSets
{
    public static ProbeSet ToSet(this ProbeKind kind) => (ProbeSet)(1 << (int)kind);

    public static bool Contains(this ProbeSet set, ProbeKind kind) => (set & kind.ToSet()) != 0;

    public static IEnumerable<ProbeKind> Kinds(this ProbeSet set) =>
        Enum.GetValues<ProbeKind>().Where(kind => set.Contains(kind));

    /// <summary>Parses a list such as "Rtsp, Onvif, Snapshot" (case-insensitive); unknown names give null.</summary>
    public static ProbeSet? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var set = ProbeSet.None;
        foreach (var name in text.Split([',', ';', ' ', '，', '；', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ProbeKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                return null;
            }

            set |= kind.ToSet();
        }

        return set;
    }

    public static string Format(this ProbeSet set) => string.Join(",", set.Kinds());
}
