using System.Xml.Linq;
using Watchkeeper.Simulator.Rtsp;

namespace Watchkeeper.Simulator.Onvif;

/// <summary>Bodies of the ONVIF responses (ONVIF Device Management and Media Service specifications, ver10 WSDLs).</summary>
internal static class OnvifMessages
{
    // China Standard Time in the POSIX TZ form that ONVIF's tt:TZ carries: UTC+8, no daylight saving.
    private const string TimeZone = "CST-8";
    private static readonly TimeSpan TimeZoneOffset = TimeSpan.FromHours(8);

    private static readonly XNamespace Tds = OnvifNamespaces.Device;
    private static readonly XNamespace Trt = OnvifNamespaces.Media;
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public static XElement SystemDateAndTime(OnvifDevice device)
    {
        var utc = device.Clock.UtcNow;

        // A camera whose clock is off has lost NTP: it reports manual time, as such cameras do.
        var dateTimeType = device.Clock.Offset == TimeSpan.Zero ? "NTP" : "Manual";
        return new XElement(Tds + "GetSystemDateAndTimeResponse",
            new XElement(Tds + "SystemDateAndTime",
                new XElement(Tt + "DateTimeType", dateTimeType),
                new XElement(Tt + "DaylightSavings", "false"),
                new XElement(Tt + "TimeZone", new XElement(Tt + "TZ", TimeZone)),
                DateTime(Tt + "UTCDateTime", utc.UtcDateTime),
                DateTime(Tt + "LocalDateTime", utc.UtcDateTime + TimeZoneOffset)));
    }

    public static XElement DeviceInformation(OnvifDevice device) =>
        new(Tds + "GetDeviceInformationResponse",
            new XElement(Tds + "Manufacturer", device.Identity.Vendor),
            new XElement(Tds + "Model", device.Identity.Model),
            new XElement(Tds + "FirmwareVersion", device.Identity.FirmwareVersion),
            new XElement(Tds + "SerialNumber", device.Identity.SerialNumber),
            new XElement(Tds + "HardwareId", device.Identity.HardwareId));

    public static XElement Capabilities(OnvifDevice device, bool includeDevice, bool includeMedia)
    {
        var capabilities = new XElement(Tds + "Capabilities");
        if (includeDevice)
        {
            capabilities.Add(new XElement(Tt + "Device",
                new XElement(Tt + "XAddr", device.DeviceServiceUrl),
                new XElement(Tt + "Network",
                    Flag("IPFilter", false), Flag("ZeroConfiguration", false), Flag("IPVersion6", false), Flag("DynDNS", false)),
                new XElement(Tt + "System",
                    Flag("DiscoveryResolve", false), Flag("DiscoveryBye", true), Flag("RemoteDiscovery", false),
                    Flag("SystemBackup", false), Flag("SystemLogging", false), Flag("FirmwareUpgrade", false),
                    new XElement(Tt + "SupportedVersions", new XElement(Tt + "Major", 2), new XElement(Tt + "Minor", 60))),
                new XElement(Tt + "Security",
                    Flag("TLS1.1", false), Flag("TLS1.2", false), Flag("OnboardKeyGeneration", false),
                    Flag("AccessPolicyConfig", false), Flag("X.509Token", false), Flag("SAMLToken", false),
                    Flag("KerberosToken", false), Flag("RELToken", false))));
        }

        if (includeMedia)
        {
            capabilities.Add(new XElement(Tt + "Media",
                new XElement(Tt + "XAddr", device.MediaServiceUrl),
                new XElement(Tt + "StreamingCapabilities",
                    Flag("RTPMulticast", false), Flag("RTP_TCP", true), Flag("RTP_RTSP_TCP", true))));
        }

        return new XElement(Tds + "GetCapabilitiesResponse", capabilities);
    }

    public static XElement Services(OnvifDevice device) =>
        new(Tds + "GetServicesResponse",
            Service(OnvifNamespaces.Device, device.DeviceServiceUrl),
            Service(OnvifNamespaces.Media, device.MediaServiceUrl));

    public static XElement Profiles(OnvifDevice device) =>
        new(Trt + "GetProfilesResponse", device.Profiles.Select(Profile));

    public static XElement StreamUri(string url) => new(Trt + "GetStreamUriResponse", MediaUri(url));

    public static XElement SnapshotUri(string url) => new(Trt + "GetSnapshotUriResponse", MediaUri(url));

    private static XElement Profile(OnvifProfile profile) =>
        new(Trt + "Profiles",
            new XAttribute("token", profile.Token),
            new XAttribute("fixed", "true"),
            new XElement(Tt + "Name", profile.Name),
            new XElement(Tt + "VideoSourceConfiguration",
                new XAttribute("token", "VideoSourceConfig_1"),
                new XElement(Tt + "Name", "VideoSourceConfig_1"),
                new XElement(Tt + "UseCount", 2),
                new XElement(Tt + "SourceToken", "VideoSource_1"),
                new XElement(Tt + "Bounds",
                    new XAttribute("x", 0), new XAttribute("y", 0),
                    new XAttribute("width", H264Sdp.Width), new XAttribute("height", H264Sdp.Height))),
            new XElement(Tt + "VideoEncoderConfiguration",
                new XAttribute("token", "VideoEncoder_" + profile.Token),
                new XElement(Tt + "Name", "VideoEncoder_" + profile.Token),
                new XElement(Tt + "UseCount", 1),
                new XElement(Tt + "Encoding", "H264"),
                new XElement(Tt + "Resolution", new XElement(Tt + "Width", H264Sdp.Width), new XElement(Tt + "Height", H264Sdp.Height)),
                new XElement(Tt + "Quality", 4),
                new XElement(Tt + "RateControl",
                    new XElement(Tt + "FrameRateLimit", 25),
                    new XElement(Tt + "EncodingInterval", 1),
                    new XElement(Tt + "BitrateLimit", profile.BitrateKbps)),
                new XElement(Tt + "H264", new XElement(Tt + "GovLength", 50), new XElement(Tt + "H264Profile", "Baseline")),
                new XElement(Tt + "Multicast",
                    new XElement(Tt + "Address", new XElement(Tt + "Type", "IPv4"), new XElement(Tt + "IPv4Address", "0.0.0.0")),
                    new XElement(Tt + "Port", 0),
                    new XElement(Tt + "TTL", 0),
                    new XElement(Tt + "AutoStart", "false")),
                new XElement(Tt + "SessionTimeout", "PT60S")));

    private static XElement MediaUri(string url) =>
        new(Trt + "MediaUri",
            new XElement(Tt + "Uri", url),
            new XElement(Tt + "InvalidAfterConnect", "false"),
            new XElement(Tt + "InvalidAfterReboot", "false"),
            new XElement(Tt + "Timeout", "PT60S"));

    private static XElement Service(XNamespace serviceNamespace, string url) =>
        new(Tds + "Service",
            new XElement(Tds + "Namespace", serviceNamespace.NamespaceName),
            new XElement(Tds + "XAddr", url),
            new XElement(Tds + "Version", new XElement(Tt + "Major", 2), new XElement(Tt + "Minor", 60)));

    private static XElement DateTime(XName name, DateTime value) =>
        new(name,
            new XElement(Tt + "Time",
                new XElement(Tt + "Hour", value.Hour),
                new XElement(Tt + "Minute", value.Minute),
                new XElement(Tt + "Second", value.Second)),
            new XElement(Tt + "Date",
                new XElement(Tt + "Year", value.Year),
                new XElement(Tt + "Month", value.Month),
                new XElement(Tt + "Day", value.Day)));

    private static XElement Flag(string name, bool value) =>
        new(Tt + name, value ? "true" : "false");
}
