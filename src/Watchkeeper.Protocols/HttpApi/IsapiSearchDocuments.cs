using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>How an ISAPI timestamp states its zone.</summary>
public enum IsapiTimeForm
{
    /// <summary>No designator, e.g. 2026-12-04T08:00:00.</summary>
    Unqualified,

    /// <summary>A trailing Z. Hikvision recorders write their local wall clock with it, not UTC.</summary>
    Z,

    /// <summary>An explicit offset such as +08:00.</summary>
    Offset,
}

/// <summary>A timestamp as a device wrote it: the wall-clock part and how the zone was stated.</summary>
public readonly record struct IsapiTime(DateTime WallClock, IsapiTimeForm Form, TimeSpan Offset);

/// <summary>One recording in a search response.</summary>
public sealed record IsapiSearchItem(int? TrackId, IsapiTime Start, IsapiTime End);

/// <summary>One page of a CMSearchResult.</summary>
/// <param name="Status">responseStatusStrg: OK, MORE or NO MATCHES; null when missing.</param>
/// <param name="NumOfMatches">The items on this page as the device counts them, when it reports the count.</param>
public sealed record IsapiSearchPage(bool? ResponseStatus, string? Status, int? NumOfMatches, IReadOnlyList<IsapiSearchItem> Items)
{
    public bool HasMore => string.Equals(Status, "MORE", StringComparison.OrdinalIgnoreCase);

    public bool SaysNoMatches => Status is { } text && text.Replace(" ", "", StringComparison.Ordinal).StartsWith("NOMATCH", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The CMSearchDescription request of POST /ISAPI/ContentMgmt/search and the parser of its CMSearchResult response.
/// The request uses the isapi.org ver20 namespace and the element names, including the misspelled
/// searchResultPostion, that Hikvision devices expect. The parser reads elements by local name in any namespace.
/// </summary>
public static partial class IsapiSearchDocuments
{
    public const string SearchPath = "/ISAPI/ContentMgmt/search";

    private static readonly XNamespace Isapi = "http://www.isapi.org/ver20/XMLSchema";

    /// <summary>Builds the request for one page of recordings of one track between two device wall-clock times.</summary>
    public static string Request(string searchId, int trackId, DateTime start, DateTime end, bool writeZ, int position, int maxResults)
    {
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Isapi + "CMSearchDescription", new XAttribute("version", "2.0"),
                new XElement(Isapi + "searchID", searchId),
                new XElement(Isapi + "trackIDList", new XElement(Isapi + "trackID", trackId.ToString(CultureInfo.InvariantCulture))),
                new XElement(Isapi + "timeSpanList",
                    new XElement(Isapi + "timeSpan",
                        new XElement(Isapi + "startTime", Format(start, writeZ)),
                        new XElement(Isapi + "endTime", Format(end, writeZ)))),
                new XElement(Isapi + "maxResults", maxResults.ToString(CultureInfo.InvariantCulture)),
                new XElement(Isapi + "searchResultPostion", position.ToString(CultureInfo.InvariantCulture)),
                new XElement(Isapi + "metadataList", new XElement(Isapi + "metadataDescriptor", "//recordType.meta.std-cgi.com"))));
        return document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>
    /// Parses one page. Returns null with a reason when the document is not a CMSearchResult or an item's times cannot
    /// be read: skipping such an item would report recorded time as a gap.
    /// </summary>
    public static (IsapiSearchPage? Page, string? Problem) ParsePage(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "CMSearchResult")
        {
            return (null, $"the root element is {root?.Name.LocalName ?? "missing"}, not CMSearchResult");
        }

        bool? responseStatus = root.ChildText("responseStatus")?.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        var items = new List<IsapiSearchItem>();
        var index = 0;
        foreach (var item in root.Child("matchList").Children("searchMatchItem"))
        {
            index++;
            var span = item.Child("timeSpan");
            var startText = span.ChildText("startTime");
            var endText = span.ChildText("endTime");
            if (ParseTime(startText) is not { } start || ParseTime(endText) is not { } end)
            {
                return (null, $"item {index} has an unreadable timeSpan (startTime '{startText}', endTime '{endText}')");
            }

            if (start.Form != end.Form || end.WallClock - end.Offset < start.WallClock - start.Offset)
            {
                return (null, $"item {index} ends before it starts or mixes time forms (startTime '{startText}', endTime '{endText}')");
            }

            items.Add(new IsapiSearchItem((int?)item.ChildInteger("trackID"), start, end));
        }

        var count = root.ChildInteger("numOfMatches");
        return (new IsapiSearchPage(responseStatus, root.ChildText("responseStatusStrg"), count is >= 0 and <= int.MaxValue ? (int)count : null, items), null);
    }

    /// <summary>Reads 2026-12-04T08:00:00Z, 2026-12-04T08:00:00+08:00, 2026-12-04T08:00:00 or 2026-12-04 08:00:00.</summary>
    public static IsapiTime? ParseTime(string? text)
    {
        var match = text is null ? null : TimePattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return null;
        }

        if (!DateTime.TryParseExact(match.Groups["clock"].Value.Replace(' ', 'T'), ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return null;
        }

        var zone = match.Groups["zone"].Value;
        if (zone.Length == 0)
        {
            return new IsapiTime(clock, IsapiTimeForm.Unqualified, TimeSpan.Zero);
        }

        if (zone is "Z" or "z")
        {
            return new IsapiTime(clock, IsapiTimeForm.Z, TimeSpan.Zero);
        }

        var sign = zone[0] == '-' ? -1 : 1;
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var offset = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0) * sign;
        return offset.Duration() > TimeSpan.FromHours(14) ? null : new IsapiTime(clock, IsapiTimeForm.Offset, offset);
    }

    private static string Format(DateTime wallClock, bool writeZ) =>
        wallClock.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (writeZ ? "Z" : "");

    [GeneratedRegex(@"^(?<clock>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,7})?)(?<zone>Z|z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
