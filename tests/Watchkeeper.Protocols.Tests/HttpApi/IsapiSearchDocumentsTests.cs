using System.Text;
using Watchkeeper.Protocols.HttpApi;

namespace Watchkeeper.Protocols.Tests.HttpApi;

/// <summary>The CMSearchDescription request and the CMSearchResult parser, on documents in the layout Hikvision NVRs send.</summary>
public sealed class IsapiSearchDocumentsTests
{
    /// <summary>A page as a DS-7608NXI NVR returns it: hikvision.com ver20 namespace, local time with a Z, a playback URI per item.</summary>
    internal const string NvrPage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CMSearchResult version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
        <searchID>{C3B2A1F0-0E4D-4C1B-9A8F-1D2E3F4A5B6C}</searchID>
        <responseStatus>true</responseStatus>
        <responseStatusStrg>MORE</responseStatusStrg>
        <numOfMatches>2</numOfMatches>
        <matchList>
        <searchMatchItem>
        <sourceID>{0000000000-0000-0000-0000-000000000000}</sourceID>
        <trackID>101</trackID>
        <timeSpan>
        <startTime>2026-12-04T00:00:00Z</startTime>
        <endTime>2026-12-04T01:12:31Z</endTime>
        </timeSpan>
        <mediaSegmentDescriptor>
        <contentType>video</contentType>
        <codecType>H.264-BP</codecType>
        <playbackURI>rtsp://192.168.1.64/Streaming/tracks/101/?starttime=20261204T000000Z&amp;endtime=20261204T011231Z&amp;name=00000000264000000&amp;size=1073741824</playbackURI>
        </mediaSegmentDescriptor>
        <metadataMatches>
        <metadataDescriptor>recordType.meta.hikvision.com/timing</metadataDescriptor>
        </metadataMatches>
        </searchMatchItem>
        <searchMatchItem>
        <sourceID>{0000000000-0000-0000-0000-000000000000}</sourceID>
        <trackID>101</trackID>
        <timeSpan>
        <startTime>2026-12-04T01:12:31Z</startTime>
        <endTime>2026-12-04T02:25:02Z</endTime>
        </timeSpan>
        <mediaSegmentDescriptor>
        <contentType>video</contentType>
        <codecType>H.264-BP</codecType>
        <playbackURI>rtsp://192.168.1.64/Streaming/tracks/101/?starttime=20261204T011231Z&amp;endtime=20261204T022502Z&amp;name=00000000265000000&amp;size=1073741824</playbackURI>
        </mediaSegmentDescriptor>
        </searchMatchItem>
        </matchList>
        </CMSearchResult>
        """;

    [Fact]
    public void ParsePage_NvrPage_ReadsItemsAndStatus()
    {
        var (page, problem) = IsapiSearchDocuments.ParsePage(DeviceXml.Parse(Encoding.UTF8.GetBytes(NvrPage)));

        problem.ShouldBeNull();
        page!.HasMore.ShouldBeTrue();
        page.NumOfMatches.ShouldBe(2);
        page.Items.Count.ShouldBe(2);
        page.Items[1].Start.ShouldBe(new IsapiTime(new DateTime(2026, 12, 4, 1, 12, 31), IsapiTimeForm.Z, TimeSpan.Zero));
        page.Items[0].TrackId.ShouldBe(101);
    }

    [Fact]
    public void ParsePage_NoMatches_IsEmptyAndFinal()
    {
        const string xml = """
            <CMSearchResult xmlns="http://www.isapi.org/ver20/XMLSchema"><searchID>x</searchID><responseStatus>false</responseStatus>
            <responseStatusStrg>NO MATCHES</responseStatusStrg><numOfMatches>0</numOfMatches><matchList/></CMSearchResult>
            """;

        var (page, _) = IsapiSearchDocuments.ParsePage(DeviceXml.Parse(Encoding.UTF8.GetBytes(xml)));

        page!.SaysNoMatches.ShouldBeTrue();
        page.Items.ShouldBeEmpty();
    }

    [Fact]
    public void ParsePage_OtherRoot_ReturnsProblem()
    {
        var (page, problem) = IsapiSearchDocuments.ParsePage(DeviceXml.Parse("<ResponseStatus><statusCode>4</statusCode></ResponseStatus>"u8.ToArray()));

        page.ShouldBeNull();
        problem!.ShouldContain("ResponseStatus");
    }

    [Fact]
    public void ParsePage_EndBeforeStart_ReturnsProblem()
    {
        var xml = NvrPage.Replace("<endTime>2026-12-04T02:25:02Z</endTime>", "<endTime>2026-12-04T00:25:02Z</endTime>", StringComparison.Ordinal);

        var (page, problem) = IsapiSearchDocuments.ParsePage(DeviceXml.Parse(Encoding.UTF8.GetBytes(xml)));

        page.ShouldBeNull();
        problem!.ShouldContain("item 2 ends before it starts");
    }

    [Fact]
    public void ParsePage_UnreadableTime_ReturnsProblem()
    {
        var xml = NvrPage.Replace("<startTime>2026-12-04T00:00:00Z</startTime>", "<startTime>2026-13-04T00:00:00Z</startTime>", StringComparison.Ordinal);

        var (_, problem) = IsapiSearchDocuments.ParsePage(DeviceXml.Parse(Encoding.UTF8.GetBytes(xml)));

        problem!.ShouldContain("item 1 has an unreadable timeSpan");
    }

    [Theory]
    [InlineData("2026-12-04T08:00:00Z", IsapiTimeForm.Z, 0)]
    [InlineData("2026-12-04T08:00:00", IsapiTimeForm.Unqualified, 0)]
    [InlineData("2026-12-04 08:00:00", IsapiTimeForm.Unqualified, 0)]
    [InlineData("2026-12-04T08:00:00+08:00", IsapiTimeForm.Offset, 480)]
    [InlineData("2026-12-04T08:00:00-0330", IsapiTimeForm.Offset, -210)]
    public void ParseTime_Forms_ReadWallClockAndZone(string text, IsapiTimeForm form, int offsetMinutes)
    {
        var time = IsapiSearchDocuments.ParseTime(text);

        time.ShouldBe(new IsapiTime(new DateTime(2026, 12, 4, 8, 0, 0), form, TimeSpan.FromMinutes(offsetMinutes)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-12-04T25:00:00Z")]
    [InlineData("2026-12-04T08:00:00+15:00")]
    [InlineData("2026-12-04T08:00Z")]
    public void ParseTime_Garbage_IsNull(string text)
    {
        IsapiSearchDocuments.ParseTime(text).ShouldBeNull();
    }

    [Fact]
    public void Request_Page_NamesTrackRangeAndPosition()
    {
        var xml = IsapiSearchDocuments.Request("ABC", 301, new DateTime(2026, 12, 4, 0, 0, 0), new DateTime(2026, 12, 5, 0, 0, 0), writeZ: true, 50, 50);

        xml.ShouldStartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.ShouldContain("<trackIDList><trackID>301</trackID></trackIDList>");
        xml.ShouldContain("<startTime>2026-12-04T00:00:00Z</startTime><endTime>2026-12-05T00:00:00Z</endTime>");
        xml.ShouldContain("<searchResultPostion>50</searchResultPostion>");
        xml.ShouldContain("xmlns=\"http://www.isapi.org/ver20/XMLSchema\"");
    }
}
