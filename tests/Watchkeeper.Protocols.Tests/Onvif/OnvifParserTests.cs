using System.Net;
using System.Text;
using System.Xml.Linq;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.Protocols.Onvif;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Onvif;

public sealed class OnvifParserTests
{
    [Fact]
    public void ParseMediaUri_DahuaStreamCapture_UnescapesUri()
    {
        var uri = OnvifParser.ParseMediaUri(CaptureBody("onvif_dahua_getstreamuri.xml"))!;

        uri.Uri.ShouldBe("rtsp://192.168.1.123:554/cam/realmonitor?channel=1&subtype=1&unicast=true&proto=Onvif");
        uri.InvalidAfterConnect.ShouldBe(true);
        uri.InvalidAfterReboot.ShouldBe(true);
        uri.Timeout.ShouldBe("PT0S");
    }

    [Fact]
    public void ParseMediaUri_DahuaSnapshotCapture_UnescapesUri()
    {
        var uri = OnvifParser.ParseMediaUri(CaptureBody("onvif_dahua_getsnapshoturi.xml"))!;

        uri.Uri.ShouldBe("http://192.168.1.123/onvifsnapshot/media_service/snapshot?channel=1&subtype=1");
        uri.InvalidAfterConnect.ShouldBe(false);
    }

    [Fact]
    public void ParseMediaUri_NoUri_ReturnsNull()
    {
        OnvifParser.ParseMediaUri(XElement.Parse("<GetStreamUriResponse><MediaUri><Timeout>PT0S</Timeout></MediaUri></GetStreamUriResponse>")).ShouldBeNull();
    }

    [Fact]
    public void ParseSystemDateAndTime_AnyPrefix_ReadsFields()
    {
        var response = XElement.Parse("""
            <a:GetSystemDateAndTimeResponse xmlns:a="urn:a" xmlns:b="urn:b">
              <a:SystemDateAndTime>
                <b:DaylightSavings>true</b:DaylightSavings>
                <b:TimeZone><b:TZ>CST-8</b:TZ></b:TimeZone>
                <b:UTCDateTime>
                  <b:Time><b:Hour> 6 </b:Hour><b:Minute>5</b:Minute><b:Second>3</b:Second></b:Time>
                  <b:Date><b:Year>2024</b:Year><b:Month>5</b:Month><b:Day>17</b:Day></b:Date>
                </b:UTCDateTime>
              </a:SystemDateAndTime>
            </a:GetSystemDateAndTimeResponse>
            """);

        var reading = OnvifParser.ParseSystemDateAndTime(response);

        reading.Utc!.ToDateTime().ShouldBe(new DateTime(2024, 5, 17, 6, 5, 3));
        reading.Local.ShouldBeNull();
        reading.TimeZone.ShouldBe("CST-8");
        reading.DaylightSavings.ShouldBeTrue();
    }

    [Fact]
    public void ParseDeviceInformation_MissingElements_LeavesThemOut()
    {
        var facts = OnvifParser.ParseDeviceInformation(XElement.Parse("<r xmlns:t='urn:t'><t:Manufacturer>HIKVISION</t:Manufacturer><t:Model></t:Model></r>"));

        facts[ProbeFacts.Manufacturer].ShouldBe("HIKVISION");
        facts.ShouldNotContainKey(ProbeFacts.Model);
        facts.ShouldNotContainKey(ProbeFacts.SerialNumber);
    }

    [Fact]
    public void ParseMediaAddressFromServices_PicksVer10Media()
    {
        var response = XElement.Parse("""
            <GetServicesResponse>
              <Service><Namespace>http://www.onvif.org/ver20/media/wsdl</Namespace><XAddr>http://10.0.0.5/onvif/media2</XAddr></Service>
              <Service><Namespace>http://www.onvif.org/ver10/media/wsdl</Namespace><XAddr>http://10.0.0.5/onvif/media</XAddr></Service>
            </GetServicesResponse>
            """);

        OnvifParser.ParseMediaAddressFromServices(response).ShouldBe("http://10.0.0.5/onvif/media");
    }

    [Fact]
    public void ParseFirstProfileToken_SkipsProfilesWithoutToken()
    {
        var response = XElement.Parse("<GetProfilesResponse><Profiles/><Profiles token=' Profile_1 '/><Profiles token='Profile_2'/></GetProfilesResponse>");

        OnvifParser.ParseFirstProfileToken(response).ShouldBe("Profile_1");
    }

    [Fact]
    public void Classify_Soap12NotAuthorized_IsNotAuthorized()
    {
        var result = OnvifClient.Classify(Response(HttpStatusCode.BadRequest, OnvifTestDevice.Fault("ter:NotAuthorized", "Sender not Authorized")), "GetDeviceInformation");

        result.Fault!.Codes.ShouldBe(["Sender", "NotAuthorized"]);
        result.Fault.Reason.ShouldBe("Sender not Authorized");
        result.IsNotAuthorized.ShouldBeTrue();
    }

    [Fact]
    public void Classify_Soap11FailedAuthentication_IsNotAuthorized()
    {
        const string Body = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
              <faultcode>wsse:FailedAuthentication</faultcode><faultstring>The security token could not be authenticated</faultstring>
            </s:Fault></s:Body></s:Envelope>
            """;

        var result = OnvifClient.Classify(Response(HttpStatusCode.InternalServerError, Body), "GetDeviceInformation");

        result.IsNotAuthorized.ShouldBeTrue();
        result.Fault!.Reason.ShouldBe("The security token could not be authenticated");
    }

    [Fact]
    public void Classify_OtherFault_IsNotNotAuthorized()
    {
        var result = OnvifClient.Classify(Response(HttpStatusCode.BadRequest, OnvifTestDevice.Fault("ter:ActionNotSupported", "Optional Action Not Implemented")), "GetCapabilities");

        result.Fault.ShouldNotBeNull();
        result.IsNotAuthorized.ShouldBeFalse();
        result.Describe().ShouldBe("SOAP fault Sender/ActionNotSupported: Optional Action Not Implemented");
    }

    [Fact]
    public void Classify_Http401WithoutBody_IsNotAuthorized()
    {
        var result = OnvifClient.Classify(Response(HttpStatusCode.Unauthorized, ""), "GetProfiles");

        result.IsNotAuthorized.ShouldBeTrue();
        result.Describe().ShouldContain("GetProfiles returned HTTP 401");
    }

    [Theory]
    [InlineData("<html><body>Welcome</body></html>", "XML but not a SOAP envelope")]
    [InlineData("this is not xml", "not XML")]
    [InlineData("", "empty")]
    public void Classify_NotSoap_ProtocolError(string body, string expected)
    {
        var result = OnvifClient.Classify(Response(HttpStatusCode.OK, body), "GetSystemDateAndTime");

        result.Failure!.Reason.ShouldBe(ProbeReason.ProtocolError);
        result.Failure.Detail.ShouldContain(expected);
    }

    [Fact]
    public void Classify_NotFound_UnexpectedStatusNamesDefaultPath()
    {
        var result = OnvifClient.Classify(Response(HttpStatusCode.NotFound, "<html/>"), "GetSystemDateAndTime");

        result.Failure!.Reason.ShouldBe(ProbeReason.UnexpectedStatus);
        result.Failure.Detail.ShouldContain("/onvif/device_service");
    }

    [Fact]
    public void ComputeDigest_OnvifGuideExample_Matches()
    {
        // The worked example of the ONVIF Application Programmer's Guide, checked with Python's hashlib.
        var digest = UsernameToken.ComputeDigest(Convert.FromBase64String("LKqI6G/AikKCQrN0zqZFlg=="), "2010-09-16T07:50:45Z", "userpassword");

        digest.ShouldBe("tuOSpGlFlIXsozq4HFNeeGeFLEI=");
    }

    [Fact]
    public void UsernameToken_Create_DatesTokenByGivenClock()
    {
        var token = UsernameToken.Create("admin", "secret", new DateTimeOffset(2024, 5, 17, 14, 5, 3, 120, TimeSpan.FromHours(8)));

        token.Created.ShouldBe("2024-05-17T06:05:03.120Z");
        token.Nonce.Length.ShouldBe(16);
        token.PasswordDigest.ShouldBe(UsernameToken.ComputeDigest(token.Nonce, token.Created, "secret"));
    }

    [Fact]
    public void UsernameToken_UserNameWithMarkup_IsEscaped()
    {
        var header = UsernameToken.Create("a<b>&\"c", "p", DateTimeOffset.UnixEpoch).ToSecurityHeader().ToString();

        header.ShouldContain("a&lt;b&gt;&amp;\"c");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/onvif/device_service", "http://127.0.0.1:8080/onvif/media_service", "http://127.0.0.1:8080/onvif/media_service")]
    [InlineData("http://127.0.0.1:8080/onvif/device_service", "http://192.168.1.64/onvif/media_service", "http://127.0.0.1:8080/onvif/media_service")]
    [InlineData("https://127.0.0.1/onvif/device_service", "http://10.1.1.1:80/onvif/Media", "https://127.0.0.1/onvif/Media")]
    [InlineData("http://127.0.0.1:8080/onvif/device_service", "not a url", "http://127.0.0.1:8080/onvif/device_service")]
    [InlineData("http://127.0.0.1:8080/onvif/device_service", "ftp://127.0.0.1/x", "http://127.0.0.1:8080/onvif/device_service")]
    public void ResolveServiceAddress_KeepsDeviceHost(string device, string address, string expected)
    {
        OnvifMediaDiscovery.ResolveServiceAddress(new Uri(device), address).ToString().ShouldBe(expected);
    }

    private static XElement CaptureBody(string name) =>
        DeviceXml.Parse(Fixtures.ReadCaptureBytes(name)).Root!.Child("Body")!.Elements().First();

    private static DeviceHttpResponse Response(HttpStatusCode status, string body) =>
        new("http://127.0.0.1/onvif/device_service", status, status.ToString(), "application/soap+xml", Encoding.UTF8.GetBytes(body));
}
