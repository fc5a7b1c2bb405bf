using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Builds the MANSCDP Query bodies the platform sends to devices, as GB18030 bytes declared GB2312 as the
/// standard writes them (GB18030 encodes every GB2312 character with the same bytes).
/// </summary>
public static class ManscdpQueries
{
    public const string Declaration = """<?xml version="1.0" encoding="GB2312"?>""";

    /// <summary>The MIME type of MANSCDP bodies, for the SIP Content-Type header.</summary>
    public const string ContentType = "Application/MANSCDP+xml";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\r\n",
        ConformanceLevel = ConformanceLevel.Document,
    };

    public static byte[] Catalog(long sn, string deviceId) => Encode(Query("Catalog", sn, deviceId));

    public static byte[] DeviceInfo(long sn, string deviceId) => Encode(Query("DeviceInfo", sn, deviceId));

    public static byte[] DeviceStatus(long sn, string deviceId) => Encode(Query("DeviceStatus", sn, deviceId));

    /// <summary>Builds a record query for one channel.</summary>
    /// <param name="startTime">Start of the range in the device's local wall-clock time; the Kind is ignored.</param>
    /// <param name="endTime">End of the range in the device's local wall-clock time; the Kind is ignored.</param>
    /// <param name="secrecy">0 not secret, 1 secret; left out when null (the standard's default is 0).</param>
    /// <param name="type">time, alarm, manual or all.</param>
    public static byte[] RecordInfo(long sn, string channelId, DateTime startTime, DateTime endTime, int? secrecy = null, string type = "all")
    {
        if (endTime < startTime)
        {
            throw new ArgumentException($"The end time {endTime:s} is before the start time {startTime:s}.", nameof(endTime));
        }

        var query = Query("RecordInfo", sn, channelId);
        query.Add(new XElement("StartTime", ManscdpXml.FormatLocalTime(startTime)));
        query.Add(new XElement("EndTime", ManscdpXml.FormatLocalTime(endTime)));
        if (secrecy is int value)
        {
            query.Add(new XElement("Secrecy", value.ToString(CultureInfo.InvariantCulture)));
        }

        query.Add(new XElement("Type", type));
        return Encode(query);
    }

    /// <summary>Builds the body of a catalog SUBSCRIBE, optionally limited to changes within a time range.</summary>
    public static byte[] CatalogSubscribe(long sn, string deviceId, DateTime? startTime = null, DateTime? endTime = null)
    {
        var query = Query("Catalog", sn, deviceId);
        if (startTime is DateTime start)
        {
            query.Add(new XElement("StartTime", ManscdpXml.FormatLocalTime(start)));
        }

        if (endTime is DateTime end)
        {
            query.Add(new XElement("EndTime", ManscdpXml.FormatLocalTime(end)));
        }

        return Encode(query);
    }

    private static XElement Query(string cmdType, long sn, string deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sn);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        return new XElement(
            "Query",
            new XElement("CmdType", cmdType),
            new XElement("SN", sn.ToString(CultureInfo.InvariantCulture)),
            new XElement("DeviceID", deviceId));
    }

    private static byte[] Encode(XElement query)
    {
        var text = new StringBuilder(Declaration).Append("\r\n");
        using (var writer = XmlWriter.Create(text, WriterSettings))
        {
            query.WriteTo(writer);
        }

        text.Append("\r\n");
        return ManscdpDecoder.Gb18030.GetBytes(text.ToString());
    }
}
