using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>
/// Safe parsing of XML from devices and lookups by local name, because devices put the same element in
/// different namespaces (ISAPI ver10 and ver20, ONVIF schema versions) and under any prefix.
/// </summary>
public static class DeviceXml
{
    /// <summary>Parses <paramref name="body"/> with DTDs and external entities rejected; raises <see cref="XmlException"/> when it is not XML.</summary>
    public static XDocument Parse(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,

            // No encoding decodes to more characters than bytes, and without DTDs no entity can expand, so
            // this only guards the invariant. Zero would mean unlimited.
            MaxCharactersInDocument = Math.Max(1, body.LongLength),
        };
        using var stream = new MemoryStream(body, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Returns the first child element with <paramref name="localName"/>, in any namespace.</summary>
    public static XElement? Child(this XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    /// <summary>Returns the first descendant element with <paramref name="localName"/>, in any namespace.</summary>
    public static XElement? Descendant(this XContainer? container, string localName) =>
        container?.Descendants().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> DescendantsNamed(this XContainer? container, string localName) =>
        container?.Descendants().Where(e => e.Name.LocalName == localName) ?? [];

    /// <summary>Returns the trimmed text of a child element, or null when it is missing or blank.</summary>
    public static string? ChildText(this XElement? parent, string localName)
    {
        var text = parent.Child(localName)?.Value.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Returns a child element's value as an integer, trimmed first; null when missing or not a number.</summary>
    public static long? ChildInteger(this XElement? parent, string localName) =>
        long.TryParse(parent.ChildText(localName), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
