using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Recording;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Protocols.Tests.HttpApi;

/// <summary>Paged recording searches against a loopback ISAPI server with Digest authentication, well-behaved and not.</summary>
public sealed partial class IsapiRecordSearchTests
{
    private const string UserName = "admin";
    private const string Password = "Hik12345+";
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset DayStart = new(2026, 12, 4, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Search_ThreePages_ReturnsEveryRecordingInChinaTime()
    {
        var positions = new List<int>();
        await using var server = await StartAsync(request =>
        {
            positions.Add(request.Position);
            var all = Enumerable.Range(0, 107).Select(i => (DayStart.DateTime.AddMinutes(10 * i), DayStart.DateTime.AddMinutes(10 * i + 9))).ToList();
            var page = all.Skip(request.Position).Take(request.MaxResults).ToList();
            return Page(request.Position + page.Count < all.Count ? "MORE" : "OK", page);
        });

        var result = await SearchAsync(server);

        result.Succeeded.ShouldBeTrue(result.Detail);
        result.Recordings.Count.ShouldBe(107);
        result.Recordings[0].ShouldBe(new TimeInterval(DayStart, DayStart.AddMinutes(9)));
        positions.ShouldBe([0, 50, 100]);
    }

    [Fact]
    public async Task Search_RequestTimes_AreLocalWallClockWithZ()
    {
        string? body = null;
        await using var server = await StartAsync(request =>
        {
            body = request.Body;
            return Page("NO MATCHES", []);
        });

        var result = await SearchAsync(server);

        result.Succeeded.ShouldBeTrue(result.Detail);
        body!.ShouldContain("<startTime>2026-12-04T00:00:00Z</startTime>");
        body!.ShouldContain("<trackID>101</trackID>");
    }

    [Fact]
    public async Task Search_EndlessMore_StopsAtPageLimit()
    {
        await using var server = await StartAsync(request =>
            Page("MORE", [(DayStart.DateTime.AddSeconds(request.Position), DayStart.DateTime.AddSeconds(request.Position + 1))]));

        var result = await SearchAsync(server, new IsapiSearchLimits { PageSize = 1, MaxPages = 5 });

        result.Succeeded.ShouldBeFalse();
        result.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        result.Detail.ShouldContain("still said MORE after 5 pages");
    }

    [Fact]
    public async Task Search_MoreWithoutItems_Fails()
    {
        await using var server = await StartAsync(_ => Page("MORE", []));

        var result = await SearchAsync(server);

        result.Reason.ShouldBe(ProbeReason.ProtocolError);
        result.Detail.ShouldContain("MORE but it lists no recordings");
    }

    [Fact]
    public async Task Search_PositionIgnored_Fails()
    {
        await using var server = await StartAsync(_ => Page("MORE", [(DayStart.DateTime, DayStart.DateTime.AddHours(1))]));

        var result = await SearchAsync(server);

        result.Detail.ShouldContain("ignores searchResultPostion");
    }

    [Fact]
    public async Task Search_TruncatedXml_FailsWithReason()
    {
        await using var server = await StartAsync(_ => IsapiSearchDocumentsTests.NvrPage[..900]);

        var result = await SearchAsync(server);

        result.Reason.ShouldBe(ProbeReason.ProtocolError);
        result.Detail.ShouldContain("not complete XML");
    }

    [Fact]
    public async Task Search_ItemEndsBeforeStart_FailsWithItemNumber()
    {
        await using var server = await StartAsync(_ => Page("OK", [(DayStart.DateTime, DayStart.DateTime.AddHours(1)), (DayStart.DateTime.AddHours(3), DayStart.DateTime.AddHours(2))]));

        var result = await SearchAsync(server);

        result.Succeeded.ShouldBeFalse();
        result.Detail.ShouldContain("item 2 ends before it starts");
    }

    [Fact]
    public async Task Search_OversizedPage_FailsWithoutReadingOn()
    {
        await using var server = await StartAsync(_ => Page("OK", [(DayStart.DateTime, DayStart.DateTime.AddHours(1))]) + new string(' ', 300_000));

        var result = await SearchAsync(server, new IsapiSearchLimits { MaxPageBytes = 100_000 });

        result.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
    }

    [Fact]
    public async Task Search_NotSupported_ReportsDeviceStatus()
    {
        await using var server = await StartAsync(_ => null);

        var result = await SearchAsync(server);

        result.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        result.Detail.ShouldContain("notSupport");
    }

    [Fact]
    public async Task Search_ExplicitOffset_IsHonored()
    {
        await using var server = await StartAsync(_ =>
            IsapiSearchDocumentsTests.NvrPage.Replace("MORE", "OK", StringComparison.Ordinal).Replace("Z</", "+00:00</", StringComparison.Ordinal));

        var result = await SearchAsync(server);

        result.Recordings[0].Start.ShouldBe(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
    }

    private static async Task<IsapiSearchResult> SearchAsync(LoopbackHttpServer server, IsapiSearchLimits? limits = null)
    {
        using var http = new DeviceHttpClient(new System.Net.NetworkCredential(UserName, Password), TimeSpan.FromSeconds(20));
        return await new IsapiRecordSearch(limits ?? new IsapiSearchLimits()).SearchAsync(http, server.BaseUri, 101, DayStart, DayStart.AddDays(1),
            China, zMeansUtc: false, TestContext.Current.CancellationToken);
    }

    /// <summary>Builds a CMSearchResult page as an NVR writes it, with local times and a Z.</summary>
    private static string Page(string status, IReadOnlyList<(DateTime Start, DateTime End)> items)
    {
        XNamespace ns = "http://www.hikvision.com/ver20/XMLSchema";
        return new XElement(ns + "CMSearchResult", new XAttribute("version", "2.0"),
            new XElement(ns + "searchID", "{5A1C}"),
            new XElement(ns + "responseStatus", status == "NO MATCHES" ? "false" : "true"),
            new XElement(ns + "responseStatusStrg", status),
            new XElement(ns + "numOfMatches", items.Count),
            new XElement(ns + "matchList", items.Select(item => new XElement(ns + "searchMatchItem",
                new XElement(ns + "trackID", 101),
                new XElement(ns + "timeSpan",
                    new XElement(ns + "startTime", item.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    new XElement(ns + "endTime", item.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))))))).ToString();
    }

    private sealed record SearchRequest(string Body, int Position, int MaxResults);

    /// <summary>Starts an ISAPI search endpoint; a null page returns 404 with ISAPI's ResponseStatus.</summary>
    private static async Task<LoopbackHttpServer> StartAsync(Func<SearchRequest, string?> respond)
    {
        var digest = new DigestAuthenticator("DS-7608NXI-I2", UserName, Password);
        return await LoopbackHttpServer.StartAsync(async context =>
        {
            if (!await digest.AuthorizeAsync(context))
            {
                return;
            }

            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var position = int.Parse(PositionPattern().Match(body).Groups[1].Value, CultureInfo.InvariantCulture);
            var maxResults = int.Parse(MaxResultsPattern().Match(body).Groups[1].Value, CultureInfo.InvariantCulture);
            var page = context.Request.Method == "POST" && context.Request.Path == IsapiSearchDocuments.SearchPath ? respond(new SearchRequest(body, position, maxResults)) : null;
            context.Response.ContentType = "application/xml";
            if (page is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                page = "<ResponseStatus version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\"><requestURL>/ISAPI/ContentMgmt/search</requestURL><statusCode>4</statusCode><statusString>Invalid Operation</statusString><subStatusCode>notSupport</subStatusCode></ResponseStatus>";
            }

            await context.Response.WriteAsync(page, context.RequestAborted);
        }, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("<searchResultPostion>(\\d+)</searchResultPostion>")]
    private static partial Regex PositionPattern();

    [GeneratedRegex("<maxResults>(\\d+)</maxResults>")]
    private static partial Regex MaxResultsPattern();
}
