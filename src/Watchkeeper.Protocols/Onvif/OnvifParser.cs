using System.Xml.Linq;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>Date and time fields as a device reports them; any may be missing or out of range.</summary>
public sealed record DateTimeFields(long? Year, long? Month, long? Day, long? Hour, long? Minute, long? Second)
{
    /// <summary>Returns the fields as a date and time, or null when one is missing or out of range.</summary>
    public DateTime? ToDateTime()
    {
        if (Year is not (>= 1 and <= 9999) || Month is not (>= 1 and <= 12) || Day is not >= 1 ||
            Hour is not (>= 0 and <= 23) || Minute is not (>= 0 and <= 59) || Second is not (>= 0 and <= 60))
        {
            return null;
        }

        if (Day > DateTime.DaysInMonth((int)Year, (int)Month))
        {
            return null;
        }

        // A leap second (60) is read as 59: one second does not matter against a skew threshold.
        return new DateTime((int)Year, (int)Month, (int)Day, (int)Hour, (int)Minute, (int)Math.Min(Second.Value, 59), DateTimeKind.Unspecified);
    }

    public override string ToString() => $"{Year:0000}-{Month:00}-{Day:00} {Hour:00}:{Minute:00}:{Second:00}";
}

/// <summary>The parts of GetSystemDateAndTimeResponse the clock check needs.</summary>
/// <param name="TimeZone">The POSIX TZ string, e.g. "CST-8", when the device gives one.</param>
public sealed record SystemDateAndTime(DateTimeFields? Utc, DateTimeFields? Local, string? TimeZone, bool DaylightSavings);

/// <summary>A stream or snapshot URI (ONVIF schema tt:MediaUri).</summary>
/// <param name="Uri">The URI with XML escapes such as &amp;amp; undone.</param>
/// <param name="Timeout">How long the URI stays valid, as an xs:duration; PT0S means for ever.</param>
public sealed record OnvifMediaUri(string Uri, bool? InvalidAfterConnect, bool? InvalidAfterReboot, string? Timeout);

/// <summary>Reads ONVIF responses by local element name; missing optional elements read as null.</summary>
public static class OnvifParser
{
    public static SystemDateAndTime ParseSystemDateAndTime(XElement response)
    {
        var clock = response.Descendant("SystemDateAndTime") ?? response;
        var daylightSavings = string.Equals(clock.ChildText("DaylightSavings"), "true", StringComparison.OrdinalIgnoreCase);
        return new SystemDateAndTime(Fields(clock.Child("UTCDateTime")), Fields(clock.Child("LocalDateTime")), clock.Child("TimeZone").ChildText("TZ"), daylightSavings);

        static DateTimeFields? Fields(XElement? dateTime)
        {
            if (dateTime is null)
            {
                return null;
            }

            var date = dateTime.Child("Date");
            var time = dateTime.Child("Time");
            return new DateTimeFields(
                date.ChildInteger("Year"), date.ChildInteger("Month"), date.ChildInteger("Day"),
                time.ChildInteger("Hour"), time.ChildInteger("Minute"), time.ChildInteger("Second"));
        }
    }

    /// <summary>Reads GetDeviceInformationResponse into facts; empty elements are left out.</summary>
    public static Dictionary<string, string> ParseDeviceInformation(XElement response)
    {
        var facts = new Dictionary<string, string>();
        Add(ProbeFacts.Manufacturer, "Manufacturer");
        Add(ProbeFacts.Model, "Model");
        Add(ProbeFacts.FirmwareVersion, "FirmwareVersion");
        Add(ProbeFacts.SerialNumber, "SerialNumber");
        return facts;

        void Add(string fact, string element)
        {
            if (response.ChildText(element) is { } value)
            {
                facts[fact] = value;
            }
        }
    }

    /// <summary>Reads Capabilities/Media/XAddr from GetCapabilitiesResponse.</summary>
    public static string? ParseMediaAddressFromCapabilities(XElement response) =>
        response.Descendant("Capabilities").Child("Media").ChildText("XAddr");

    /// <summary>Reads the XAddr of the ver10 media service from GetServicesResponse.</summary>
    public static string? ParseMediaAddressFromServices(XElement response) =>
        response.Children("Service")
            .FirstOrDefault(service => service.ChildText("Namespace") == OnvifNamespaces.Media.NamespaceName)
            .ChildText("XAddr");

    /// <summary>Returns the token of the first media profile in GetProfilesResponse.</summary>
    public static string? ParseFirstProfileToken(XElement response) =>
        response.Children("Profiles")
            .Select(profile => profile.Attribute("token")?.Value.Trim())
            .FirstOrDefault(token => !string.IsNullOrEmpty(token));

    /// <summary>Reads MediaUri from GetStreamUriResponse or GetSnapshotUriResponse; null when it has no Uri.</summary>
    public static OnvifMediaUri? ParseMediaUri(XElement response)
    {
        var mediaUri = response.Child("MediaUri");
        if (mediaUri.ChildText("Uri") is not { } uri)
        {
            return null;
        }

        return new OnvifMediaUri(uri, Flag("InvalidAfterConnect"), Flag("InvalidAfterReboot"), mediaUri.ChildText("Timeout"));

        bool? Flag(string name) => mediaUri.ChildText(name) is { } text ? string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1" : null;
    }
}
