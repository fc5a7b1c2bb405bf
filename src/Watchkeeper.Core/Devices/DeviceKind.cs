namespace Watchkeeper.Core.Devices;

public enum DeviceKind
{
    Camera,
    Recorder,
    Encoder,
    Switch,
    Server,
    Storage,

    /// <summary>A video input of a recorder, encoder or camera.</summary>
    Channel,
    AlarmInput,
}

public static class DeviceKinds
{
    /// <summary>Kinds whose health is judged by their video services rather than by ICMP, TCP and SNMP.</summary>
    public static bool IsVideoDevice(this DeviceKind kind) =>
        kind is DeviceKind.Camera or DeviceKind.Channel or DeviceKind.Encoder or DeviceKind.Recorder;

    /// <summary>Kinds that other devices hang on in the topology: their outage explains their children's.</summary>
    public static bool CanBeParent(this DeviceKind kind) =>
        kind is DeviceKind.Switch or DeviceKind.Recorder or DeviceKind.Encoder or DeviceKind.Camera
            or DeviceKind.Server or DeviceKind.Storage;
}
