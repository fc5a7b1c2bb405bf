using System.Xml.Linq;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>One ONVIF operation: its SOAP action URI and the body element to send.</summary>
internal sealed record OnvifRequest(string Name, string Action, XElement Body)
{
    /// <summary>Wraps the body in a SOAP 1.2 envelope, with a Security header when a token is given.</summary>
    public string ToEnvelope(UsernameToken? token)
    {
        var soap = OnvifNamespaces.Soap;
        var envelope = new XElement(soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", soap),
            new XElement(soap + "Header", token?.ToSecurityHeader()),
            new XElement(soap + "Body", Body));
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + envelope.ToString(SaveOptions.DisableFormatting);
    }
}

/// <summary>The requests the ONVIF probe sends (ONVIF Core and Media Service specifications, ver10).</summary>
internal static class OnvifRequests
{
    private static readonly XNamespace Device = OnvifNamespaces.Device;
    private static readonly XNamespace Media = OnvifNamespaces.Media;
    private static readonly XNamespace Schema = OnvifNamespaces.Schema;

    public static OnvifRequest GetSystemDateAndTime() => DeviceRequest("GetSystemDateAndTime", new XElement(Device + "GetSystemDateAndTime"));

    public static OnvifRequest GetDeviceInformation() => DeviceRequest("GetDeviceInformation", new XElement(Device + "GetDeviceInformation"));

    public static OnvifRequest GetCapabilities() =>
        DeviceRequest("GetCapabilities", new XElement(Device + "GetCapabilities", new XElement(Device + "Category", "Media")));

    public static OnvifRequest GetServices() =>
        DeviceRequest("GetServices", new XElement(Device + "GetServices", new XElement(Device + "IncludeCapability", "false")));

    public static OnvifRequest GetProfiles() => MediaRequest("GetProfiles", new XElement(Media + "GetProfiles"));

    /// <summary>Requests a unicast RTP stream over RTSP, the transport the RTSP probe speaks.</summary>
    public static OnvifRequest GetStreamUri(string profileToken) => MediaRequest("GetStreamUri",
        new XElement(Media + "GetStreamUri",
            new XElement(Media + "StreamSetup",
                new XElement(Schema + "Stream", "RTP-Unicast"),
                new XElement(Schema + "Transport", new XElement(Schema + "Protocol", "RTSP"))),
            new XElement(Media + "ProfileToken", profileToken)));

    public static OnvifRequest GetSnapshotUri(string profileToken) => MediaRequest("GetSnapshotUri",
        new XElement(Media + "GetSnapshotUri", new XElement(Media + "ProfileToken", profileToken)));

    private static OnvifRequest DeviceRequest(string name, XElement body) => new(name, $"{OnvifNamespaces.Device.NamespaceName}/{name}", body);

    private static OnvifRequest MediaRequest(string name, XElement body) => new(name, $"{OnvifNamespaces.Media.NamespaceName}/{name}", body);
}
