using System.Globalization;
using System.Xml;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>Bounds of one recording search, so that a device that pages without end cannot hold the check.</summary>
public sealed record IsapiSearchLimits
{
    /// <summary>Items requested per page; Hikvision recorders return at most 50 whatever is asked.</summary>
    public int PageSize { get; init; } = 50;

    public int MaxPages { get; init; } = 200;

    /// <summary>The most items one search may return: 200 pages of 50, far above a day of one-minute files.</summary>
    public int MaxItems { get; init; } = 10_000;

    /// <summary>The largest page body read; a page of 50 items is about 40 KB.</summary>
    public int MaxPageBytes { get; init; } = 1024 * 1024;
}

/// <summary>The recordings a search found, or why it failed.</summary>
public sealed record IsapiSearchResult(bool Succeeded, IReadOnlyList<TimeInterval> Recordings, int Pages, ProbeReason Reason, string Detail)
{
    public static IsapiSearchResult Found(IReadOnlyList<TimeInterval> recordings, int pages) =>
        new(true, recordings, pages, ProbeReason.None, $"{recordings.Count} recordings in {pages} pages");

    public static IsapiSearchResult Failed(ProbeReason reason, string detail, int pages) => new(false, [], pages, reason, detail);
}

/// <summary>
/// Searches a Hikvision recorder's recordings of one track through POST /ISAPI/ContentMgmt/search, page by page
/// (searchResultPostion, maxResults) until the device reports OK or NO MATCHES. Every failure comes back as a value
/// with a reason: an HTTP error, a body that is not a CMSearchResult, an unreadable item, or paging past the limits.
/// </summary>
public sealed class IsapiRecordSearch(IsapiSearchLimits limits)
{
    /// <param name="deviceZone">The zone of the recorder's wall clock, in which it reads and writes times.</param>
    /// <param name="zMeansUtc">True for a device that really means UTC by a trailing Z; Hikvision recorders mean local time.</param>
    public async Task<IsapiSearchResult> SearchAsync(DeviceHttpClient http, Uri baseUri, int trackId, DateTimeOffset from, DateTimeOffset to,
        TimeZoneInfo deviceZone, bool zMeansUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var uri = new Uri(baseUri, IsapiSearchDocuments.SearchPath);
        var searchId = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture).ToUpperInvariant();
        var start = zMeansUtc ? from.UtcDateTime : TimeZoneInfo.ConvertTime(from, deviceZone).DateTime;
        var end = zMeansUtc ? to.UtcDateTime : TimeZoneInfo.ConvertTime(to, deviceZone).DateTime;
        var recordings = new List<TimeInterval>();
        IsapiSearchItem? previousFirst = null;

        for (var page = 1; page <= limits.MaxPages; page++)
        {
            var body = IsapiSearchDocuments.Request(searchId, trackId, start, end, writeZ: true, recordings.Count, limits.PageSize);
            var request = DeviceHttpClient.XmlRequest(HttpMethod.Post, uri, body, "application/xml");
            var sent = await http.SendAsync(request, limits.MaxPageBytes, authenticate: true, cancellationToken).ConfigureAwait(false);
            if (!sent.Succeeded)
            {
                return IsapiSearchResult.Failed(sent.Failure.Reason, $"search page {page}: {sent.Failure.Detail}", page);
            }

            var (parsed, problem) = Parse(sent.Response);
            if (parsed is null)
            {
                return IsapiSearchResult.Failed(sent.Response.IsSuccess ? ProbeReason.ProtocolError : ProbeReason.UnexpectedStatus,
                    $"search page {page} of {sent.Response.Endpoint}: {problem}", page);
            }

            if (parsed.ResponseStatus == false && !parsed.SaysNoMatches)
            {
                return IsapiSearchResult.Failed(ProbeReason.ProtocolError,
                    $"search page {page}: the device reports responseStatus false ({parsed.Status ?? "no responseStatusStrg"})", page);
            }

            if (parsed.Items.Count > 0 && previousFirst is { } first && parsed.Items[0] == first)
            {
                return IsapiSearchResult.Failed(ProbeReason.ProtocolError,
                    $"search page {page} repeats page {page - 1}: the device ignores searchResultPostion", page);
            }

            previousFirst = parsed.Items.Count > 0 ? parsed.Items[0] : null;
            foreach (var item in parsed.Items.Where(i => i.TrackId is null || i.TrackId == trackId))
            {
                recordings.Add(new TimeInterval(ToInstant(item.Start, deviceZone, zMeansUtc), ToInstant(item.End, deviceZone, zMeansUtc)));
            }

            if (recordings.Count > limits.MaxItems)
            {
                return IsapiSearchResult.Failed(ProbeReason.ResponseTooLarge,
                    $"the search returned more than {limits.MaxItems} recordings by page {page}; narrow the range", page);
            }

            if (!parsed.HasMore)
            {
                return parsed.Status is null && parsed.Items.Count >= limits.PageSize
                    ? IsapiSearchResult.Failed(ProbeReason.ProtocolError, $"search page {page} is full but has no responseStatusStrg, so it is unknown whether more follow", page)
                    : IsapiSearchResult.Found(recordings, page);
            }

            if (parsed.Items.Count == 0)
            {
                return IsapiSearchResult.Failed(ProbeReason.ProtocolError, $"search page {page} is invalid: responseStatusStrg is MORE but it lists no recordings", page);
            }
        }

        return IsapiSearchResult.Failed(ProbeReason.ResponseTooLarge,
            $"the device still said MORE after {limits.MaxPages} pages ({recordings.Count} recordings); the search was stopped", limits.MaxPages);
    }

    private static (IsapiSearchPage? Page, string Problem) Parse(DeviceHttpResponse response)
    {
        System.Xml.Linq.XDocument document;
        try
        {
            document = DeviceXml.Parse(response.Body);
        }
        catch (XmlException exception)
        {
            return (null, response.IsSuccess
                ? $"the response is not complete XML ({exception.Message})"
                : RecorderApiResponses.DescribeUnreadable(response, "recordings"));
        }

        if (!response.IsSuccess)
        {
            return (null, RecorderApiResponses.DescribeUnreadable(response, "recordings", IsapiParser.ParseResponseStatus(document)));
        }

        var (page, problem) = IsapiSearchDocuments.ParsePage(document);
        return (page, problem ?? "");
    }

    private static DateTimeOffset ToInstant(IsapiTime time, TimeZoneInfo deviceZone, bool zMeansUtc) => time.Form switch
    {
        IsapiTimeForm.Offset => new DateTimeOffset(time.WallClock, time.Offset),
        IsapiTimeForm.Z when zMeansUtc => new DateTimeOffset(time.WallClock, TimeSpan.Zero),
        _ => LocalDay.ToInstant(time.WallClock, deviceZone),
    };
}
