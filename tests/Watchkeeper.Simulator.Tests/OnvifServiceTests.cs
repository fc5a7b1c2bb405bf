using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The cameras' ONVIF device and media services over SOAP 1.2, posted with curl.</summary>
public sealed class OnvifServiceTests : IAsyncLifetime
{
    private static readonly XNamespace Tds = OnvifRequests.DeviceNamespace;
    private static readonly XNamespace Trt = OnvifRequests.MediaNamespace;
    private static readonly XNamespace Tt = OnvifRequests.Schema;

    // A fixed fleet time, so that reported clocks can be compared exactly.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 9, 6, 30, 15, TimeSpan.Zero));
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 5, recorders: 0, switches: 0), _time);

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    private Fleet.SimulatedDeviceInfo Camera => _fleet.Cameras[0].Info;

    [Fact]
    public async Task GetSystemDateAndTime_NoCredentials_ReportsDeviceUtc()
    {
        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetSystemDateAndTime", OnvifRequests.DeviceNamespace));

        status.ShouldBe(200);
        ReadUtc(document).ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public async Task GetSystemDateAndTime_ClockOffset_ReportsShiftedUtc()
    {
        _fleet.Cameras[0].SetClockOffset(TimeSpan.FromHours(8));

        var (_, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetSystemDateAndTime", OnvifRequests.DeviceNamespace));

        ReadUtc(document).ShouldBe(_time.GetUtcNow().AddHours(8));
        document.Descendants(Tt + "DateTimeType").Single().Value.ShouldBe("Manual");
    }

    [Fact]
    public async Task GetDeviceInformation_ValidToken_ReportsIdentity()
    {
        var (status, document) = await PostAuthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace, Camera.Password!, _time.GetUtcNow());

        status.ShouldBe(200);
        document.Descendants(Tds + "Model").Single().Value.ShouldBe(Camera.Model);
        document.Descendants(Tds + "SerialNumber").Single().Value.ShouldBe(Camera.SerialNumber);
        document.Descendants(Tds + "FirmwareVersion").Single().Value.ShouldBe(Camera.FirmwareVersion);
    }

    [Fact]
    public async Task GetDeviceInformation_WrongPassword_NotAuthorizedWith400()
    {
        var (status, document) = await PostAuthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace, "wrong", _time.GetUtcNow());

        status.ShouldBe(400);
        document.Descendants(OnvifRequests.Soap + "Code").Single().Element(OnvifRequests.Soap + "Value")!.Value.ShouldBe("env:Sender");
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:NotAuthorized"]);
    }

    [Fact]
    public async Task GetDeviceInformation_NoToken_NotAuthorized()
    {
        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace));

        status.ShouldBe(400);
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:NotAuthorized"]);
    }

    [Fact]
    public async Task GetDeviceInformation_CreatedByPlatformClock_NotAuthorized()
    {
        _fleet.Cameras[0].SetClockOffset(TimeSpan.FromHours(8));

        var (status, _) = await PostAuthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace, Camera.Password!, _time.GetUtcNow());

        status.ShouldBe(400);
    }

    [Fact]
    public async Task GetDeviceInformation_CreatedByDeviceClock_Accepted()
    {
        _fleet.Cameras[0].SetClockOffset(TimeSpan.FromHours(8));

        var (status, _) = await PostAuthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace, Camera.Password!, _time.GetUtcNow().AddHours(8));

        status.ShouldBe(200);
    }

    [Fact]
    public async Task GetDeviceInformation_PasswordChanged_NotAuthorized()
    {
        _fleet.Cameras[0].ChangePassword("changed-on-site");

        var (status, _) = await PostAuthenticated("GetDeviceInformation", OnvifRequests.DeviceNamespace, Camera.Password!, _time.GetUtcNow());

        status.ShouldBe(400);
    }

    [Fact]
    public async Task GetCapabilities_NoCredentials_ListsServiceAddresses()
    {
        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetCapabilities", OnvifRequests.DeviceNamespace, "<Category>All</Category>"));

        status.ShouldBe(200);
        document.Descendants(Tt + "Device").Single().Element(Tt + "XAddr")!.Value.ShouldBe(Camera.OnvifUrl);
        document.Descendants(Tt + "Media").Single().Element(Tt + "XAddr")!.Value.ShouldStartWith($"http://{Camera.IpAddress}:{Camera.HttpPort}/onvif/");
    }

    [Fact]
    public async Task GetServices_NoCredentials_ListsDeviceAndMedia()
    {
        var (_, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetServices", OnvifRequests.DeviceNamespace, "<IncludeCapability>false</IncludeCapability>"));

        document.Descendants(Tds + "Namespace").Select(element => element.Value)
            .ShouldBe([OnvifRequests.DeviceNamespace, OnvifRequests.MediaNamespace]);
    }

    [Fact]
    public async Task MediaService_ProfilesAndUris_MatchLedger()
    {
        var mediaUrl = await MediaServiceUrlAsync();

        var (_, profiles) = await PostAuthenticated("GetProfiles", OnvifRequests.MediaNamespace, Camera.Password!, _time.GetUtcNow(), mediaUrl);
        var token = profiles.Descendants(Trt + "Profiles").First().Attribute("token")!.Value;
        var (_, stream) = await PostAuthenticated("GetStreamUri", OnvifRequests.MediaNamespace, Camera.Password!, _time.GetUtcNow(), mediaUrl,
            $"<StreamSetup><Stream xmlns=\"{Tt}\">RTP-Unicast</Stream><Transport xmlns=\"{Tt}\"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>{token}</ProfileToken>");
        var (_, snapshot) = await PostAuthenticated("GetSnapshotUri", OnvifRequests.MediaNamespace, Camera.Password!, _time.GetUtcNow(), mediaUrl, $"<ProfileToken>{token}</ProfileToken>");

        profiles.Descendants(Tt + "Encoding").First().Value.ShouldBe("H264");
        stream.Descendants(Tt + "Uri").Single().Value.ShouldBe(Camera.RtspUrl);
        snapshot.Descendants(Tt + "Uri").Single().Value.ShouldBe(Camera.SnapshotUrl);
    }

    [Fact]
    public async Task GetStreamUri_UnknownProfile_InvalidArgument()
    {
        var (status, document) = await PostAuthenticated("GetStreamUri", OnvifRequests.MediaNamespace, Camera.Password!, _time.GetUtcNow(), content: "<ProfileToken>nope</ProfileToken>");

        status.ShouldBe(400);
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:InvalidArgVal", "ter:NoProfile"]);
    }

    [Fact]
    public async Task Request_UnknownOperation_ActionNotSupported()
    {
        var (status, document) = await PostAuthenticated("SystemReboot", OnvifRequests.DeviceNamespace, Camera.Password!, _time.GetUtcNow());

        status.ShouldBe(500);
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:ActionNotSupported"]);
    }

    [Fact]
    public async Task Request_Soap11Envelope_VersionMismatch()
    {
        var envelope = """<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>""";

        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, envelope);

        status.ShouldBe(500);
        document.Descendants(OnvifRequests.Soap + "Value").First().Value.ShouldBe("env:VersionMismatch");
    }

    [Fact]
    public async Task Request_NotXml_WellFormedFault()
    {
        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, "<s:Envelope><unclosed>");

        status.ShouldBe(400);
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:WellFormed"]);
    }

    [Fact]
    public async Task Request_DocumentTypeDefinition_Refused()
    {
        var envelope = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "aaaaaaaaaa">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>&big;</s:Body></s:Envelope>""";

        var (status, document) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, envelope);

        status.ShouldBe(400);
        OnvifRequests.FaultSubcodes(document).ShouldBe(["ter:WellFormed"]);
    }

    private async Task<string> MediaServiceUrlAsync()
    {
        var (_, capabilities) = await OnvifRequests.PostAsync(Camera.OnvifUrl!, OnvifRequests.Unauthenticated("GetCapabilities", OnvifRequests.DeviceNamespace, "<Category>Media</Category>"));
        return capabilities.Descendants(Tt + "Media").Single().Element(Tt + "XAddr")!.Value;
    }

    private Task<(int Status, XDocument Document)> PostAuthenticated(string operation, string serviceNamespace, string password, DateTimeOffset created, string? url = null, string content = "") =>
        OnvifRequests.PostAsync(url ?? Camera.OnvifUrl!, OnvifRequests.Authenticated(operation, serviceNamespace, Camera.UserName!, password, created, content));

    private static DateTimeOffset ReadUtc(XDocument document)
    {
        var utc = document.Descendants(Tt + "UTCDateTime").Single();
        int Part(string group, string name) => int.Parse(utc.Element(Tt + group)!.Element(Tt + name)!.Value, CultureInfo.InvariantCulture);
        return new DateTimeOffset(Part("Date", "Year"), Part("Date", "Month"), Part("Date", "Day"), Part("Time", "Hour"), Part("Time", "Minute"), Part("Time", "Second"), TimeSpan.Zero);
    }
}
