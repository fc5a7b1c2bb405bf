using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Safe loading of MANSCDP text and element lookups that ignore case, because devices spell element names
/// their own way (Alarmstatus for AlarmStatus, DeviceId for DeviceID).
/// </summary>
internal static class ManscdpXml
{
    // The formats devices use for GB/T 28181 times: ISO 8601 local time without zone, sometimes with
    // fractional seconds or a space in place of the T.
    private static readonly string[] LocalTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
    ];

    // The outer reader drops comments and processing instructions, and the inner one rejects DTDs itself.
    private static readonly XmlReaderSettings OuterSettings = new()
    {
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        ConformanceLevel = ConformanceLevel.Document,
    };

    /// <summary>Loads <paramref name="text"/> with DTDs and external resources rejected; returns null and the error when it is not XML.</summary>
    /// <remarks>
    /// The inner reader parses the string in place. A reader over a StringReader would allocate an 8 KB
    /// buffer for every body, most of the garbage of a keepalive. With DTDs prohibited nothing expands, so the
    /// document is never longer than <paramref name="text"/>.
    /// </remarks>
    internal static XDocument? TryLoad(string text, out XmlException? error)
    {
        try
        {
            using var inner = new XmlTextReader(text, XmlNodeType.Document, null)
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
            };
            using var reader = XmlReader.Create(inner, OuterSettings);
            error = null;
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException exception)
        {
            error = exception;
            return null;
        }
    }

    internal static bool IsNamed(this XElement element, string name) =>
        string.Equals(element.Name.LocalName, name, StringComparison.OrdinalIgnoreCase);

    internal static XElement? Field(this XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.IsNamed(name));

    internal static IEnumerable<XElement> Fields(this XElement? parent, string name) =>
        parent?.Elements().Where(e => e.IsNamed(name)) ?? [];

    /// <summary>Returns the trimmed text of a child element, or null when it is missing or blank.</summary>
    internal static string? Text(this XElement? parent, string name)
    {
        var text = parent.Field(name)?.Value.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    internal static int? Integer(this XElement? parent, string name) =>
        int.TryParse(parent.Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static long? LongInteger(this XElement? parent, string name) =>
        long.TryParse(parent.Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static double? Number(this XElement? parent, string name) =>
        double.TryParse(parent.Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    internal static DateTime? LocalTime(this XElement? parent, string name) => ParseLocalTime(parent.Text(name));

    /// <summary>Parses a GB/T 28181 time as a wall-clock time of Kind Unspecified; a zone suffix, if sent, is dropped.</summary>
    internal static DateTime? ParseLocalTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, LocalTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local;
        }

        // NOTE: the standard's times carry no zone. A device that adds one (Z or +08:00) is read as its own
        // wall clock, the same as without the suffix.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withZone)
            ? DateTime.SpecifyKind(withZone.DateTime, DateTimeKind.Unspecified)
            : null;
    }

    internal static string FormatLocalTime(DateTime time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
