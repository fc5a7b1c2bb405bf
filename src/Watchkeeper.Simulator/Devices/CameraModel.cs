using Watchkeeper.Simulator.Authentication;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// How one camera model names its streams and services, after the URL shapes of the vendors' cameras in the field.
/// </summary>
/// <param name="SnapshotQuery">The query of the snapshot URL including "?", or empty.</param>
internal sealed record CameraModel(
    string Vendor,
    string Model,
    string FirmwareVersion,
    string MainStreamPath,
    string SubStreamPath,
    string SnapshotPath,
    string SnapshotQuery,
    string OnvifDevicePath,
    string OnvifMediaPath,
    AuthSchemes RtspAuthSchemes,
    Func<int, string> SerialNumber,
    Func<string, string> Realm)
{
    public static CameraModel Hikvision { get; } = new(
        "Hikvision",
        "DS-2CD2T47G2-L",
        "V5.7.3 build 220112",
        "/Streaming/Channels/101",
        "/Streaming/Channels/102",
        "/ISAPI/Streaming/channels/101/picture",
        "",
        "/onvif/device_service",
        "/onvif/Media",
        AuthSchemes.Digest,
        index => $"DS-2CD2T47G2-L20230412AACH{index:D9}",
        serial => $"IP Camera({serial[^5..]})");

    public static CameraModel Dahua { get; } = new(
        "Dahua",
        "DH-IPC-HFW2441S-S",
        "2.840.0000000.15.R,2023-07-03",
        "/cam/realmonitor?channel=1&subtype=0",
        "/cam/realmonitor?channel=1&subtype=1",
        "/cgi-bin/snapshot.cgi",
        "?channel=1",
        "/onvif/device_service",
        "/onvif/media_service",
        AuthSchemes.Digest,
        index => $"8J0A7C3PAZ{index:D5}",
        serial => $"Login to {serial}");

    public static CameraModel Uniview { get; } = new(
        "Uniview",
        "IPC2124LE-ADF28KM-G",
        "IPC_Q1201-B5005P11D1907",
        "/media/video1",
        "/media/video2",
        "/images/snapshot.jpg",
        "",
        "/onvif/device_service",
        "/onvif/media_service",
        AuthSchemes.Digest | AuthSchemes.Basic,
        index => $"210235C3EN3{index:D6}",
        _ => "Uniview");

    /// <summary>The models in the order the fleet deals them out: three Hikvision, one Dahua, one Uniview.</summary>
    public static IReadOnlyList<CameraModel> Rotation { get; } = [Hikvision, Hikvision, Hikvision, Dahua, Uniview];
}
