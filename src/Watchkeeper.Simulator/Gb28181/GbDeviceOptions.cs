using System.Net;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// The configuration of one simulated GB/T 28181 device. The type code in <see cref="DeviceId"/> (digits 11–13)
/// decides its kind: 132 an IP camera (one channel, itself), 118 an NVR or 111 a DVR with
/// <see cref="ChannelCount"/> video channels (type code 131) and <see cref="AlarmInputCount"/> alarm inputs (134).
/// </summary>
public sealed class GbDeviceOptions
{
    /// <summary>The 20-digit GB/T 28181 ID, e.g. 34020000001320000001.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>The address the device sends from, inside 127.0.0.0/8; port 0 lets the system choose one.</summary>
    public IPEndPoint LocalEndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>The platform's SIP address, inside 127.0.0.0/8.</summary>
    public IPEndPoint PlatformEndPoint { get; set; } = new(IPAddress.Loopback, 5060);

    public GbTransport Transport { get; set; } = GbTransport.Udp;

    /// <summary>The platform's 20-digit SIP server ID, e.g. 34020000002000000001.</summary>
    public string ServerId { get; set; } = "";

    /// <summary>The platform's SIP domain; null takes the first 10 digits of <see cref="ServerId"/>.</summary>
    public string? ServerDomain { get; set; }

    /// <summary>The Digest user name; null uses <see cref="DeviceId"/>, as most devices do.</summary>
    public string? UserName { get; set; }

    public string Password { get; set; } = "";

    /// <summary>The registration lifetime the device asks for, in seconds; it refreshes at half of what the platform grants.</summary>
    public int Expires { get; set; } = 3600;

    /// <summary>Time between keepalive MESSAGEs (the device's HeartBeatInterval).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Keepalives in a row without a response after which the device registers again.</summary>
    public int HeartbeatTimeoutCount { get; set; } = 3;

    /// <summary>Wait before the next REGISTER after a registration was rejected or not answered.</summary>
    public TimeSpan RegisterRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Video channels of a recorder; an IP camera always has one, itself.</summary>
    public int ChannelCount { get; set; } = 8;

    /// <summary>Alarm inputs (type code 134) a recorder lists in its catalog and DeviceStatus.</summary>
    public int AlarmInputCount { get; set; }

    /// <summary>Channel names, in order; channels beyond the list get generated Chinese names such as "东门入口 1".</summary>
    public IReadOnlyList<string> ChannelNames { get; set; } = [];

    /// <summary>The device's own name; null gives a generated Chinese name.</summary>
    public string? Name { get; set; }

    public string Manufacturer { get; set; } = "Hikvision";

    /// <summary>The model; null picks one that suits the kind.</summary>
    public string? Model { get; set; }

    public string Firmware { get; set; } = "V5.7.15 build 230515";

    /// <summary>Catalog items per response MESSAGE; real recorders send 1 to 4 to stay within one UDP datagram.</summary>
    public int CatalogItemsPerMessage { get; set; } = 4;

    /// <summary>Record segments per RecordInfo response MESSAGE.</summary>
    public int RecordItemsPerMessage { get; set; } = 4;

    /// <summary>The length of one recording file; RecordInfo lists the segments cut at these boundaries and at gaps.</summary>
    public TimeSpan RecordSegmentLength { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The offset of the device's local clock from UTC. GB/T 28181 times carry no zone, so DeviceTime, AlarmTime and
    /// record times are written in this local time (China Standard Time by default).
    /// </summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>RFC 3261 T1: the first retransmission interval over UDP; Timer F, the transaction timeout, is 64·T1.</summary>
    public TimeSpan RetransmitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long stopping waits for the unregister (Expires: 0) to be answered.</summary>
    public TimeSpan UnregisterTimeout { get; set; } = TimeSpan.FromSeconds(2);

    internal string EffectiveDomain => ServerDomain ?? (ServerId.Length >= 10 ? ServerId[..10] : ServerId);

    internal string EffectiveUserName => UserName ?? DeviceId;

    /// <summary>Returns a copy, so that later changes to this object do not reach a running device.</summary>
    internal GbDeviceOptions Clone()
    {
        var copy = (GbDeviceOptions)MemberwiseClone();
        copy.ChannelNames = [.. ChannelNames];
        return copy;
    }
}
