using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Watchkeeper.Simulator.Isapi;

/// <summary>
/// A CMSearchDescription as a Hikvision recorder reads it, and the CMSearchResult page it returns: at most 50 items
/// from searchResultPostion, responseStatusStrg MORE while more follow, OK at the end, NO MATCHES when none.
/// Times are the recorder's local wall clock written with a Z, as Hikvision recorders write them.
/// </summary>
internal sealed record IsapiSearch(string SearchId, int TrackId, DateTime Start, DateTime End, int Position, int MaxResults)
{
    /// <summary>The most items a page contains whatever maxResults requests, as on Hikvision NVRs.</summary>
    public const int PageLimit = 50;

    private static readonly XNamespace Hikvision = "http://www.hikvision.com/ver20/XMLSchema";

    /// <summary>Reads the request; null when it is not a CMSearchDescription with a track and a time span.</summary>
    public static IsapiSearch? Parse(ReadOnlySpan<byte> body)
    {
        XElement root;
        try
        {
            using var stream = new MemoryStream(body.ToArray());
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException)
        {
            return null;
        }

        string? Text(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

        var span = Child(Child(root, "timeSpanList"), "timeSpan");
        if (root.Name.LocalName != "CMSearchDescription"
            || !int.TryParse(Text(Child(root, "trackIDList"), "trackID"), NumberStyles.None, CultureInfo.InvariantCulture, out var track)
            || Time(Text(span, "startTime")) is not { } start || Time(Text(span, "endTime")) is not { } end)
        {
            return null;
        }

        _ = int.TryParse(Text(root, "searchResultPostion"), NumberStyles.None, CultureInfo.InvariantCulture, out var position);
        var maxResults = int.TryParse(Text(root, "maxResults"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0 ? max : PageLimit;
        return new IsapiSearch(Text(root, "searchID") ?? "", track, start, end, position, Math.Min(maxResults, PageLimit));
    }

    /// <summary>Writes the page of <paramref name="segments"/> that the request's position and size select.</summary>
    public static byte[] Result(IsapiSearch search, IReadOnlyList<(DateTime Start, DateTime End)> segments)
    {
        var page = segments.Skip(search.Position).Take(search.MaxResults).ToList();
        var status = "OK";
        if (segments.Count == 0)
        {
            status = "NO MATCHES";
        }
        else if (search.Position + page.Count < segments.Count)
        {
            status = "MORE";
        }

        var document = new XElement(Hikvision + "CMSearchResult", new XAttribute("version", "2.0"),
            new XElement(Hikvision + "searchID", search.SearchId),
            new XElement(Hikvision + "responseStatus", segments.Count == 0 ? "false" : "true"),
            new XElement(Hikvision + "responseStatusStrg", status),
            new XElement(Hikvision + "numOfMatches", page.Count),
            new XElement(Hikvision + "matchList", page.Select(segment => new XElement(Hikvision + "searchMatchItem",
                new XElement(Hikvision + "sourceID", "{0000000000-0000-0000-0000-000000000000}"),
                new XElement(Hikvision + "trackID", search.TrackId),
                new XElement(Hikvision + "timeSpan",
                    new XElement(Hikvision + "startTime", Format(segment.Start)),
                    new XElement(Hikvision + "endTime", Format(segment.End))),
                new XElement(Hikvision + "mediaSegmentDescriptor",
                    new XElement(Hikvision + "contentType", "video"),
                    new XElement(Hikvision + "codecType", "H.264-BP"),
                    new XElement(Hikvision + "playbackURI",
                        $"rtsp://recorder/Streaming/tracks/{search.TrackId}/?starttime={segment.Start:yyyyMMdd'T'HHmmss'Z'}&endtime={segment.End:yyyyMMdd'T'HHmmss'Z'}")),
                new XElement(Hikvision + "metadataMatches",
                    new XElement(Hikvision + "metadataDescriptor", "recordType.meta.hikvision.com/timing"))))));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), document).Save(writer);
        }

        return stream.ToArray();
    }

    private static DateTime? Time(string? text) =>
        DateTime.TryParseExact(text?.TrimEnd('Z'), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
