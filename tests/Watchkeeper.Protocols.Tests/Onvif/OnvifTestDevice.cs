using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Watchkeeper.TestSupport;
using Watchkeeper.TestSupport.Http;

namespace Watchkeeper.Protocols.Tests.Onvif;

/// <summary>A request the test device received: the operation and how it was authenticated.</summary>
internal sealed record OnvifCall(string Path, string Operation, bool HasUsernameToken, bool HasHttpAuthorization, TimeSpan? CreatedSkew);

/// <summary>
/// An ONVIF device on 127.0.0.1 served by Kestrel: device and media services, a clock that can be set off,
/// WS-Security UsernameToken checking against its own clock (as real devices do), optional HTTP Digest, and
/// NotAuthorized faults. GetStreamUri and GetSnapshotUri return the real Dahua captures.
/// </summary>
internal sealed class OnvifTestDevice : IAsyncDisposable
{
    public const string UserName = "admin";
    public const string Password = "Onvif#2024";
    public const string MediaPath = "/onvif/media_service";

    /// <summary>How far a token's Created may be from the device clock before the device rejects it.</summary>
    public static readonly TimeSpan CreatedTolerance = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<OnvifCall> _calls = new();
    private LoopbackHttpServer? _server;

    public TimeSpan ClockOffset { get; init; }

    /// <summary>Replaces the SystemDateAndTime contents, for clocks that report odd fields.</summary>
    public string? SystemDateAndTimeXml { get; init; }

    /// <summary>Makes every authenticated request fail with ter:NotAuthorized, as after a password change.</summary>
    public bool RejectAll { get; init; }

    /// <summary>Requires HTTP Digest on authenticated operations instead of a UsernameToken.</summary>
    public bool RequireHttpDigest { get; init; }

    /// <summary>Answers GetCapabilities with ActionNotSupported, so a client must use GetServices.</summary>
    public bool WithoutGetCapabilities { get; init; }

    /// <summary>An operation the device accepts but never responds to, like firmware that hangs on one request.</summary>
    public string? StalledOperation { get; init; }

    /// <summary>The host the media XAddr names; another loopback address checks that the probe stays on the device's.</summary>
    public string MediaAddressHost { get; init; } = "127.0.0.2";

    public DigestAuthenticator Digest { get; } = new("Login to 4J0123PAZ00001", UserName, Password);

    public Uri DeviceService => new(_server!.BaseUri, "/onvif/device_service");

    public IReadOnlyList<OnvifCall> Calls => [.. _calls];

    public async Task<OnvifTestDevice> StartAsync(CancellationToken cancellationToken)
    {
        _server = await LoopbackHttpServer.StartAsync(HandleAsync, cancellationToken);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static string Fault(string subcode, string reason) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error">
          <env:Body><env:Fault>
            <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>{subcode}</env:Value></env:Subcode></env:Code>
            <env:Reason><env:Text xml:lang="en">{reason}</env:Text></env:Reason>
          </env:Fault></env:Body>
        </env:Envelope>
        """;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var request = XDocument.Parse(await reader.ReadToEndAsync(context.RequestAborted));
        var operation = request.Descendants().First(e => e.Name.LocalName == "Body").Elements().First().Name.LocalName;
        var token = request.Descendants().FirstOrDefault(e => e.Name.LocalName == "UsernameToken");
        var hasAuthorization = context.Request.Headers.Authorization.Count > 0;
        var deviceNow = DateTimeOffset.UtcNow + ClockOffset;
        _calls.Enqueue(new OnvifCall(context.Request.Path, operation, token is not null, hasAuthorization, CreatedSkew(token, deviceNow)));

        if (operation != "GetSystemDateAndTime" && !await AuthorizeAsync(context, token, deviceNow))
        {
            return;
        }

        if (operation == StalledOperation)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        var (status, body) = Respond(operation, deviceNow);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task<bool> AuthorizeAsync(HttpContext context, XElement? token, DateTimeOffset deviceNow)
    {
        if (RequireHttpDigest)
        {
            return await Digest.AuthorizeAsync(context);
        }

        if (!RejectAll && token is not null && VerifyToken(token, deviceNow))
        {
            return true;
        }

        // ONVIF Core: an authentication failure is HTTP 400 with env:Sender/ter:NotAuthorized.
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        await context.Response.WriteAsync(Fault("ter:NotAuthorized", "Sender not Authorized"), context.RequestAborted);
        return false;
    }

    private static bool VerifyToken(XElement token, DateTimeOffset deviceNow)
    {
        string Text(string name) => token.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        var created = Text("Created");
        var nonce = Convert.FromBase64String(Text("Nonce"));
        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(Password)]));
        var createdAt = DateTimeOffset.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return Text("Username") == UserName && Text("Password") == expected && (createdAt - deviceNow).Duration() <= CreatedTolerance;
    }

    private static TimeSpan? CreatedSkew(XElement? token, DateTimeOffset deviceNow)
    {
        var created = token?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Created")?.Value;
        return created is null ? null : DateTimeOffset.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) - deviceNow;
    }

    private (int Status, string Body) Respond(string operation, DateTimeOffset deviceNow) => operation switch
    {
        "GetSystemDateAndTime" => (200, Envelope($"<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>{SystemDateAndTimeXml ?? Clock(deviceNow)}</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>")),
        "GetDeviceInformation" => (200, Envelope("""
            <tds:GetDeviceInformationResponse>
              <tds:Manufacturer>Dahua</tds:Manufacturer>
              <tds:Model>IPC-HFW2431S-S-S2</tds:Model>
              <tds:FirmwareVersion>2.800.0000000.16.R, Build Date 2021-06-23</tds:FirmwareVersion>
              <tds:SerialNumber>4J0123PAZ00001</tds:SerialNumber>
              <tds:HardwareId>1.00</tds:HardwareId>
            </tds:GetDeviceInformationResponse>
            """)),
        "GetCapabilities" when WithoutGetCapabilities => (400, Fault("ter:ActionNotSupported", "Optional Action Not Implemented")),
        "GetCapabilities" => (200, Envelope($"<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Media><tt:XAddr>{MediaAddress()}</tt:XAddr></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>")),
        "GetServices" => (200, Envelope($"""
            <tds:GetServicesResponse>
              <tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>{DeviceService}</tds:XAddr></tds:Service>
              <tds:Service><tds:Namespace>http://www.onvif.org/ver10/media/wsdl</tds:Namespace><tds:XAddr>{MediaAddress()}</tds:XAddr></tds:Service>
            </tds:GetServicesResponse>
            """)),
        "GetProfiles" => (200, Envelope("""
            <trt:GetProfilesResponse>
              <trt:Profiles token="MediaProfile000" fixed="true"><tt:Name>MainStream</tt:Name></trt:Profiles>
              <trt:Profiles token="MediaProfile001" fixed="true"><tt:Name>SubStream</tt:Name></trt:Profiles>
            </trt:GetProfilesResponse>
            """)),
        "GetStreamUri" => (200, Fixtures.ReadCapture("onvif_dahua_getstreamuri.xml")),
        "GetSnapshotUri" => (200, Fixtures.ReadCapture("onvif_dahua_getsnapshoturi.xml")),
        _ => (400, Fault("ter:ActionNotSupported", "Optional Action Not Implemented")),
    };

    private string MediaAddress() => new UriBuilder(DeviceService) { Host = MediaAddressHost, Path = MediaPath }.Uri.ToString();

    private static string Clock(DateTimeOffset deviceNow)
    {
        var utc = deviceNow.UtcDateTime;
        var local = utc.AddHours(8);
        return $"""
            <tt:DateTimeType>NTP</tt:DateTimeType>
            <tt:DaylightSavings>false</tt:DaylightSavings>
            <tt:TimeZone><tt:TZ>CST-8:00:00</tt:TZ></tt:TimeZone>
            <tt:UTCDateTime>{DateTimeXml(utc)}</tt:UTCDateTime>
            <tt:LocalDateTime>{DateTimeXml(local)}</tt:LocalDateTime>
            """;
    }

    public static string DateTimeXml(DateTime time) =>
        $"<tt:Time><tt:Hour>{time.Hour}</tt:Hour><tt:Minute>{time.Minute}</tt:Minute><tt:Second>{time.Second}</tt:Second></tt:Time>" +
        $"<tt:Date><tt:Year>{time.Year}</tt:Year><tt:Month>{time.Month}</tt:Month><tt:Day>{time.Day}</tt:Day></tt:Date>";

    private static string Envelope(string body) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema"
            xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl">
          <SOAP-ENV:Header/>
          <SOAP-ENV:Body>{body}</SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """;
}
