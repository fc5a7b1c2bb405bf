using System.Text;
using System.Xml;
using System.Xml.Linq;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Onvif;

/// <summary>Reads SOAP 1.2 requests and writes SOAP 1.2 responses and faults (W3C SOAP 1.2 Part 1, §5.4).</summary>
internal static class SoapEnvelope
{
    public const string ContentType = "application/soap+xml; charset=utf-8";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 256 * 1024,
        IgnoreComments = true,
    };

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    /// <summary>Parses <paramref name="body"/>; returns null when it is not well-formed XML.</summary>
    public static XDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Wraps <paramref name="content"/> in a SOAP 1.2 envelope with the ONVIF namespaces declared once.</summary>
    public static MessageResponse Response(XElement content) =>
        new MessageResponse(200, "OK").WithBody(Serialize(content), ContentType);

    /// <summary>
    /// Writes a SOAP fault with the ONVIF error subcodes nested under the code. Sender faults travel with HTTP 400
    /// and the others with 500 (SOAP 1.2 Part 2, §7.5.1.2).
    /// </summary>
    public static MessageResponse Fault(SoapFault fault)
    {
        XElement? subcode = null;
        foreach (var value in fault.Subcodes.Reverse())
        {
            subcode = new XElement(OnvifNamespaces.Soap + "Subcode",
                new XElement(OnvifNamespaces.Soap + "Value", "ter:" + value),
                subcode);
        }

        var code = "env:" + fault.Code;
        var faultElement = new XElement(OnvifNamespaces.Soap + "Fault",
            new XElement(OnvifNamespaces.Soap + "Code", new XElement(OnvifNamespaces.Soap + "Value", code), subcode),
            new XElement(OnvifNamespaces.Soap + "Reason",
                new XElement(OnvifNamespaces.Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "en"), fault.Reason)));

        return fault.Code == SoapFaultCode.Sender
            ? new MessageResponse(400, "Bad Request").WithBody(Serialize(faultElement), ContentType)
            : new MessageResponse(500, "Internal Server Error").WithBody(Serialize(faultElement), ContentType);
    }

    private static byte[] Serialize(XElement content)
    {
        var envelope = new XElement(OnvifNamespaces.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "env", OnvifNamespaces.Soap),
            new XAttribute(XNamespace.Xmlns + "tds", OnvifNamespaces.Device),
            new XAttribute(XNamespace.Xmlns + "trt", OnvifNamespaces.Media),
            new XAttribute(XNamespace.Xmlns + "tt", OnvifNamespaces.Schema),
            new XAttribute(XNamespace.Xmlns + "ter", OnvifNamespaces.Error),
            new XElement(OnvifNamespaces.Soap + "Body", content));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), envelope).Save(writer);
        }

        return stream.ToArray();
    }
}

/// <summary>The fault codes of SOAP 1.2 Part 1 §5.4.6 that this service sends.</summary>
internal enum SoapFaultCode
{
    VersionMismatch,
    Sender,
    Receiver,
}

/// <summary>A SOAP fault with its ONVIF subcodes, outermost first, e.g. ["InvalidArgVal", "NoProfile"].</summary>
internal sealed record SoapFault(SoapFaultCode Code, IReadOnlyList<string> Subcodes, string Reason)
{
    public static SoapFault NotAuthorized { get; } = new(SoapFaultCode.Sender, ["NotAuthorized"], "Sender not Authorized");

    public static SoapFault NotWellFormed { get; } = new(SoapFaultCode.Sender, ["WellFormed"], "The request is not well-formed XML");

    public static SoapFault VersionMismatch { get; } =
        new(SoapFaultCode.VersionMismatch, [], "The envelope is not SOAP 1.2 (http://www.w3.org/2003/05/soap-envelope)");

    public static SoapFault ActionNotSupported(string action) =>
        new(SoapFaultCode.Receiver, ["ActionNotSupported"], $"Optional Action {action} not implemented");

    public static SoapFault InvalidArgument(string subcode, string reason) =>
        new(SoapFaultCode.Sender, ["InvalidArgVal", subcode], reason);
}
