using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Isapi;

/// <summary>
/// Hikvision ISAPI documents in the element layout of real NVRs: deviceInfo in the isapi.org ver20 namespace, storage
/// in hikvision.com ver20 with its hddList in ver10, as a DS-7608NXI NVR returns them.
/// </summary>
internal static class IsapiMessages
{
    public const string ContentType = "application/xml; charset=\"UTF-8\"";

    private static readonly XNamespace IsapiNamespace = "http://www.isapi.org/ver20/XMLSchema";
    private static readonly XNamespace Storage20 = "http://www.hikvision.com/ver20/XMLSchema";
    private static readonly XNamespace Storage10 = "http://www.hikvision.com/ver10/XMLSchema";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
    };

    public static byte[] DeviceInfo(RecorderInfo recorder)
    {
        var identity = recorder.Identity;
        XName Name(string local) => IsapiNamespace + local;
        return Serialize(new XElement(Name("DeviceInfo"),
            new XAttribute("version", "2.0"),
            new XElement(Name("deviceName"), recorder.DeviceName),
            new XElement(Name("deviceID"), identity.HardwareId),
            new XElement(Name("model"), identity.Model),
            new XElement(Name("serialNumber"), identity.SerialNumber),
            new XElement(Name("macAddress"), identity.MacAddress),
            new XElement(Name("firmwareVersion"), identity.FirmwareVersion),
            new XElement(Name("firmwareReleasedDate"), recorder.FirmwareReleasedDate),
            new XElement(Name("encoderVersion"), "V5.0"),
            new XElement(Name("encoderReleasedDate"), "build 230530"),
            new XElement(Name("deviceType"), "NVR"),
            new XElement(Name("telecontrolID"), 255),
            new XElement(Name("hardwareVersion"), "0100000092010000"),
            new XElement(Name("decordChannelNums"), recorder.ChannelCount),
            new XElement(Name("VGANums"), 1),
            new XElement(Name("USBNums"), 2),
            new XElement(Name("auxoutNums"), 0)));
    }

    public static byte[] Storage(RecorderStorage storage) =>
        Serialize(new XElement(Storage20 + "storage",
            new XAttribute("version", "2.0"),
            HddList(storage),
            new XElement(Storage20 + "workMode", "quota")));

    public static byte[] HddListDocument(RecorderStorage storage) => Serialize(HddList(storage));

    /// <summary>The ResponseStatus document that ISAPI returns with an error status.</summary>
    public static byte[] ResponseStatus(string requestUrl, int statusCode, string statusString, string subStatusCode)
    {
        XName Name(string local) => IsapiNamespace + local;
        return Serialize(new XElement(Name("ResponseStatus"),
            new XAttribute("version", "2.0"),
            new XElement(Name("requestURL"), requestUrl),
            new XElement(Name("statusCode"), statusCode),
            new XElement(Name("statusString"), statusString),
            new XElement(Name("subStatusCode"), subStatusCode)));
    }

    private static XElement HddList(RecorderStorage storage)
    {
        XName Name(string local) => Storage10 + local;
        return new XElement(Name("hddList"),
            new XAttribute("version", "1.0"),
            new XAttribute("size", storage.Slots),
            storage.Disks.Select(disk => new XElement(Name("hdd"),
                new XElement(Name("id"), disk.Id),
                new XElement(Name("hddName"), disk.Name),
                new XElement(Name("hddPath"), ""),
                new XElement(Name("hddType"), "SATA"),
                new XElement(Name("status"), disk.Status),
                new XElement(Name("capacity"), disk.CapacityMegabytes),
                new XElement(Name("freeSpace"), disk.FreeMegabytes),
                new XElement(Name("property"), "RW"),
                new XElement(Name("formatType"), "EXT4"),
                new XElement(Name("installationTime"), disk.InstalledOn.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture) + " 09:30"))));
    }

    private static byte[] Serialize(XElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return stream.ToArray();
    }
}

/// <summary>What a recorder's deviceInfo reports beyond its identity.</summary>
internal sealed record RecorderInfo(DeviceIdentity Identity, string DeviceName, string FirmwareReleasedDate, int ChannelCount);
