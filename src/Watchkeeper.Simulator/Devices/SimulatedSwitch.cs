using System.Net;
using Microsoft.Extensions.Logging;
using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Networking;
using Watchkeeper.Simulator.Snmp;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// A simulated access switch with an SNMPv2c agent (system group and ifTable). The devices attached to its ports
/// hang on it: while it is down (power off), its agent is silent and none of them responds either.
/// </summary>
public sealed class SimulatedSwitch : SimulatedDevice
{
    /// <summary>SFP uplink ports after the access ports; the first one carries the link to the core.</summary>
    public const int UplinkCount = 4;

    private static readonly ObjectIdentifier SystemGroup = ObjectIdentifier.Parse("1.3.6.1.2.1.1");
    private static readonly ObjectIdentifier InterfaceEntry = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1");

    private readonly SemaphoreSlim _cascadeGate = new(1, 1);
    private readonly Dictionary<int, SimulatedDevice> _attached = [];
    private readonly TimeProvider _timeProvider;
    private readonly SwitchModel _model;
    private long _bootTimestamp;
    private bool _wasResponding;

    internal SimulatedSwitch(SimulatedDeviceInfo info, DeviceIdentity identity, SwitchModel model, int accessPortCount, DeviceContext context)
        : base(info, context.LoggerFactory.CreateLogger<SimulatedSwitch>())
    {
        Identity = identity;
        _model = model;
        _timeProvider = context.TimeProvider;
        _bootTimestamp = _timeProvider.GetTimestamp();
        AccessPortCount = accessPortCount;

        var agent = new SnmpAgent(
            new EndpointBinding(info.Code, "SNMP", new IPEndPoint(IPAddress.Parse(info.IpAddress), info.SnmpPort!.Value), "SnmpPort or SwitchAddressBase"),
            BuildView(),
            info.SnmpCommunity!,
            context.LoggerFactory.CreateLogger<SnmpAgent>());
        AddEndpoint(agent);
    }

    public DeviceIdentity Identity { get; }

    public int AccessPortCount { get; }

    /// <summary>Interfaces in the ifTable: the access ports, then <see cref="UplinkCount"/> uplinks.</summary>
    public int InterfaceCount => AccessPortCount + UplinkCount;

    /// <summary>The ifIndex of the uplink to the core network.</summary>
    public int CoreUplinkPort => AccessPortCount + 1;

    /// <summary>The devices on the access ports, by ifIndex.</summary>
    public IReadOnlyDictionary<int, SimulatedDevice> AttachedDevices => _attached;

    /// <summary>The time since the switch last came up, which sysUpTime reports.</summary>
    public TimeSpan Uptime => _timeProvider.GetElapsedTime(Interlocked.Read(ref _bootTimestamp));

    /// <summary>Returns ifOperStatus: up on the core uplink and on ports whose device has power, else down.</summary>
    public bool IsPortUp(int ifIndex) =>
        ifIndex == CoreUplinkPort || (_attached.TryGetValue(ifIndex, out var device) && device.IsPoweredOn);

    /// <summary>Returns the ifIndex that <paramref name="deviceCode"/> is plugged into, or null.</summary>
    public int? PortOf(string deviceCode) =>
        _attached.FirstOrDefault(entry => entry.Value.Code == deviceCode) is { Value: not null } entry ? entry.Key : null;

    /// <summary>Plugs <paramref name="device"/> into access port <paramref name="ifIndex"/>; done before the fleet starts.</summary>
    internal void Attach(int ifIndex, SimulatedDevice device)
    {
        if (ifIndex < 1 || ifIndex > AccessPortCount || !_attached.TryAdd(ifIndex, device))
        {
            throw new ArgumentOutOfRangeException(nameof(ifIndex), ifIndex, $"{Code} has no free access port {ifIndex}.");
        }
    }

    private protected override async Task<Result> OnStateChangedAsync()
    {
        await _cascadeGate.WaitAsync();
        try
        {
            var responding = IsResponding;
            if (responding && !_wasResponding)
            {
                Interlocked.Exchange(ref _bootTimestamp, _timeProvider.GetTimestamp());
            }

            _wasResponding = responding;

            // The attached devices follow the switch's power and link, not the fleet: the fleet stops them itself.
            var linkUp = IsPoweredOn && IsNetworkUp;
            var result = Result.Success();
            foreach (var device in _attached.Values)
            {
                var changed = await device.SetNetworkUpAsync(linkUp);
                if (!changed.IsSuccess && result.IsSuccess)
                {
                    result = changed;
                }
            }

            return result;
        }
        finally
        {
            _cascadeGate.Release();
        }
    }

    private MibView BuildView()
    {
        var builder = new MibView.Builder()
            .Scalar(SystemGroup.Append(1), () => SnmpValue.OctetString(_model.SystemDescription))
            .Scalar(SystemGroup.Append(3), () => SnmpValue.TimeTicks(UptimeTicks()))
            .Scalar(SystemGroup.Append(4), () => SnmpValue.OctetString("O&M service desk"))
            .Scalar(SystemGroup.Append(5), () => SnmpValue.OctetString(Code))
            .Scalar(SystemGroup.Append(6), () => SnmpValue.OctetString(AsciiLocation(Info.InstallLocation)))
            .Scalar(ObjectIdentifier.Parse("1.3.6.1.2.1.2.1"), () => SnmpValue.Integer(InterfaceCount));

        for (var ifIndex = 1; ifIndex <= InterfaceCount; ifIndex++)
        {
            var port = ifIndex;
            var isUplink = port > AccessPortCount;
            var name = isUplink ? _model.UplinkPortName(port - AccessPortCount) : _model.AccessPortName(port);
            builder
                .Cell(InterfaceEntry.Append(1), (uint)port, () => SnmpValue.Integer(port))
                .Cell(InterfaceEntry.Append(2), (uint)port, () => SnmpValue.OctetString(name))
                .Cell(InterfaceEntry.Append(3), (uint)port, () => SnmpValue.Integer(6)) // ethernetCsmacd (IANAifType)
                .Cell(InterfaceEntry.Append(5), (uint)port, () => SnmpValue.Gauge32(isUplink ? uint.MaxValue : 1_000_000_000)) // bits/s; 10G saturates (RFC 2863)
                .Cell(InterfaceEntry.Append(7), (uint)port, () => SnmpValue.Integer(1)) // ifAdminStatus up
                .Cell(InterfaceEntry.Append(8), (uint)port, () => SnmpValue.Integer(IsPortUp(port) ? 1 : 2)); // ifOperStatus up(1) / down(2)
        }

        return builder.Build();
    }

    // sysLocation is a DisplayString, which is ASCII (RFC 2579): the English half of "中文 / English".
    private static string AsciiLocation(string location)
    {
        var separator = location.LastIndexOf(" / ", StringComparison.Ordinal);
        var english = separator < 0 ? location : location[(separator + 3)..];
        return english.All(char.IsAscii) ? english : "";
    }

    // sysUpTime counts hundredths of a second in 32 bits and wraps after 497 days (RFC 3418).
    private uint UptimeTicks() => (uint)((ulong)(Uptime.Ticks / TimeSpan.TicksPerMillisecond / 10) & uint.MaxValue);
}
