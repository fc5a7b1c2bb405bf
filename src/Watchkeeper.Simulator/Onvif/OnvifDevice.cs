using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Onvif;

/// <summary>What the ONVIF device and media services of one camera report.</summary>
internal sealed record OnvifDevice(
    DeviceIdentity Identity,
    DeviceClock Clock,
    DeviceAccount Account,
    string DeviceServiceUrl,
    string MediaServiceUrl,
    IReadOnlyList<OnvifProfile> Profiles,
    string SnapshotUrl);

/// <summary>A media profile: a token, its encoder settings and the RTSP URL of its stream.</summary>
internal sealed record OnvifProfile(string Token, string Name, string StreamUrl, int BitrateKbps);
