using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Onvif;

namespace Watchkeeper.Protocols.Tests.Onvif;

/// <summary>The ONVIF probe against a loopback ONVIF device that checks tokens against its own clock.</summary>
public sealed class OnvifProbeTests
{
    private const string CapturedStreamUri = "rtsp://192.168.1.123:554/cam/realmonitor?channel=1&subtype=1&unicast=true&proto=Onvif";
    private const string CapturedSnapshotUri = "http://192.168.1.123/onvifsnapshot/media_service/snapshot?channel=1&subtype=1";

    private readonly OnvifProbe _probe = new();

    [Fact]
    public async Task Run_HealthyDevice_ReadsInformationAndMediaUrls()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        outcome.Facts[ProbeFacts.Manufacturer].ShouldBe("Dahua");
        outcome.Facts[ProbeFacts.Model].ShouldBe("IPC-HFW2431S-S-S2");
        outcome.Facts[ProbeFacts.FirmwareVersion].ShouldBe("2.800.0000000.16.R, Build Date 2021-06-23");
        outcome.Facts[ProbeFacts.SerialNumber].ShouldBe("4J0123PAZ00001");
        outcome.Facts[ProbeFacts.DiscoveredRtspUrl].ShouldBe(CapturedStreamUri);
        outcome.Facts[ProbeFacts.DiscoveredSnapshotUrl].ShouldBe(CapturedSnapshotUri);
        Skew(outcome).ShouldBeInRange(-2, 2);
    }

    [Fact]
    public async Task Run_HealthyDevice_ClockReadWithoutCredentials()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);

        await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        var first = device.Calls[0];
        first.Operation.ShouldBe("GetSystemDateAndTime");
        first.HasUsernameToken.ShouldBeFalse();
        first.HasHttpAuthorization.ShouldBeFalse();
        device.Calls.Skip(1).ShouldAllBe(call => call.HasUsernameToken);
        device.Calls.Select(c => c.Operation).ShouldBe(["GetSystemDateAndTime", "GetDeviceInformation", "GetCapabilities", "GetProfiles", "GetStreamUri", "GetSnapshotUri"]);
    }

    [Fact]
    public async Task Run_ForeignMediaHost_StaysOnDevice()
    {
        await using var device = await new OnvifTestDevice { MediaAddressHost = "127.0.0.2" }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Facts.ShouldContainKey(ProbeFacts.DiscoveredRtspUrl);
        device.Calls.Where(c => c.Operation is "GetProfiles" or "GetStreamUri").ShouldAllBe(c => c.Path == OnvifTestDevice.MediaPath);
    }

    [Fact]
    public async Task Run_ClockEightHoursAhead_ClockSkew()
    {
        await using var device = await new OnvifTestDevice { ClockOffset = TimeSpan.FromHours(8) }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.ClockSkew);
        finding.Detail.ShouldContain(Skew(outcome).ToString("+#,0", CultureInfo.InvariantCulture) + " s (+8 h)");
        finding.Detail.ShouldContain("threshold 60 s");
        Skew(outcome).ShouldBeInRange(28_798, 28_802);
        outcome.Facts[ProbeFacts.Model].ShouldBe("IPC-HFW2431S-S-S2");
        device.Calls.Where(c => c.CreatedSkew is not null).ShouldAllBe(c => c.CreatedSkew!.Value.Duration() < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Run_ClockTwoMinutesBehind_NegativeSkewFinding()
    {
        await using var device = await new OnvifTestDevice { ClockOffset = TimeSpan.FromMinutes(-2) }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.ClockSkew);
        Skew(outcome).ShouldBeInRange(-122, -118);
    }

    [Fact]
    public async Task Run_ClockSkewUnderThreshold_NoFinding()
    {
        await using var device = await new OnvifTestDevice { ClockOffset = TimeSpan.FromSeconds(30) }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldBeEmpty();
        Skew(outcome).ShouldBeInRange(28, 32);
    }

    [Fact]
    public async Task Run_ClockReset1970_ClockInvalidAndLoginWorks()
    {
        var offset = new DateTimeOffset(1970, 1, 1, 0, 10, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow;
        await using var device = await new OnvifTestDevice { ClockOffset = offset }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.ClockInvalid);
        finding.Detail.ShouldContain("1970-01-01T00:");
        outcome.Facts[ProbeFacts.SerialNumber].ShouldBe("4J0123PAZ00001");
        Skew(outcome).ShouldBeLessThan(0);
    }

    [Fact]
    public async Task Run_LocalTimeOnlyWithTimeZone_UsesZone()
    {
        var local = DateTime.UtcNow.AddHours(8);
        var clock = $"<tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone><tt:LocalDateTime>{OnvifTestDevice.DateTimeXml(local)}</tt:LocalDateTime>";
        await using var device = await new OnvifTestDevice { SystemDateAndTimeXml = clock }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        Skew(outcome).ShouldBeInRange(-2, 2);
        outcome.Detail.ShouldContain("LocalDateTime, TZ CST-8");
    }

    [Fact]
    public async Task Run_UnreadableDateFields_ClockInvalid()
    {
        var clock = "<tt:UTCDateTime><tt:Time><tt:Hour>25</tt:Hour><tt:Minute>0</tt:Minute><tt:Second>0</tt:Second></tt:Time><tt:Date><tt:Year>2024</tt:Year><tt:Month>13</tt:Month><tt:Day>1</tt:Day></tt:Date></tt:UTCDateTime>";
        await using var device = await new OnvifTestDevice { SystemDateAndTimeXml = clock }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.ClockInvalid);
        outcome.Facts.ShouldNotContainKey(ProbeFacts.ClockSkewSeconds);
    }

    [Fact]
    public async Task Run_NoClockElements_ReachableWithoutSkew()
    {
        await using var device = await new OnvifTestDevice { SystemDateAndTimeXml = "<tt:DateTimeType>Manual</tt:DateTimeType>" }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts.ShouldNotContainKey(ProbeFacts.ClockSkewSeconds);
        outcome.Facts.ShouldContainKey(ProbeFacts.Model);
    }

    [Fact]
    public async Task Run_WrongPassword_AuthenticationFailedOnce()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, password: "wrong"), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Subject.ShouldBe("ONVIF");
        finding.Detail.ShouldContain("NotAuthorized");
        finding.Detail.ShouldNotContain("wrong");
        outcome.Facts[ProbeFacts.OnvifNotAuthorized].ShouldBe("true");
        device.Calls.Count(c => c.HasUsernameToken).ShouldBe(1);
    }

    [Fact]
    public async Task Run_RejectedInMediaStep_AuthenticationFailed()
    {
        await using var device = await new OnvifTestDevice { RejectAll = true }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.AuthenticationFailed);
        outcome.Facts[ProbeFacts.OnvifNotAuthorized].ShouldBe("true");
    }

    [Fact]
    public async Task Run_AuthenticationBlocked_SendsOnlyAnonymousClockRequest()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);
        var target = Target(device, blocked: true);

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        var call = device.Calls.ShouldHaveSingleItem();
        call.Operation.ShouldBe("GetSystemDateAndTime");
        call.HasUsernameToken.ShouldBeFalse();
        call.HasHttpAuthorization.ShouldBeFalse();
        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldHaveSingleItem().Type.ShouldBe(AlarmType.AuthenticationFailed);
        outcome.Facts[ProbeFacts.OnvifNotAuthorized].ShouldBe("true");
        outcome.Facts.ShouldContainKey(ProbeFacts.ClockSkewSeconds);
    }

    [Fact]
    public async Task Run_BlockedDigestDevice_NoAuthorization()
    {
        await using var device = await new OnvifTestDevice { RequireHttpDigest = true }.StartAsync(TestContext.Current.CancellationToken);

        await _probe.RunAsync(Target(device, blocked: true), TestContext.Current.CancellationToken);

        device.Calls.ShouldAllBe(c => !c.HasHttpAuthorization && !c.HasUsernameToken);
        device.Digest.Challenges.ShouldBe(0);
    }

    [Fact]
    public async Task Run_HttpDigestDevice_Authenticates()
    {
        await using var device = await new OnvifTestDevice { RequireHttpDigest = true }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Findings.ShouldBeEmpty(outcome.Detail);
        outcome.Facts[ProbeFacts.Model].ShouldBe("IPC-HFW2431S-S-S2");
        device.Digest.Challenges.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Run_HttpDigestWrongPassword_AuthenticationFailed()
    {
        await using var device = await new OnvifTestDevice { RequireHttpDigest = true }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, password: "wrong"), TestContext.Current.CancellationToken);

        var finding = outcome.Findings.ShouldHaveSingleItem();
        finding.Type.ShouldBe(AlarmType.AuthenticationFailed);
        finding.Detail.ShouldContain("HTTP 401");
        outcome.Facts[ProbeFacts.OnvifNotAuthorized].ShouldBe("true");
    }

    [Fact]
    public async Task Run_LedgerHasUrls_SkipsMediaDiscovery()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);
        var target = Target(device, rtspUrl: "rtsp://127.0.0.1:554/live", snapshotUrl: "http://127.0.0.1/snapshot.jpg");

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        device.Calls.Select(c => c.Operation).ShouldBe(["GetSystemDateAndTime", "GetDeviceInformation"]);
        outcome.Facts.ShouldNotContainKey(ProbeFacts.DiscoveredRtspUrl);
    }

    [Fact]
    public async Task Run_OnlySnapshotMissing_AsksOnlyForSnapshot()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, rtspUrl: "rtsp://127.0.0.1:554/live"), TestContext.Current.CancellationToken);

        device.Calls.Select(c => c.Operation).ShouldNotContain("GetStreamUri");
        outcome.Facts[ProbeFacts.DiscoveredSnapshotUrl].ShouldBe(CapturedSnapshotUri);
    }

    [Fact]
    public async Task Run_NoGetCapabilities_FallsBackToGetServices()
    {
        await using var device = await new OnvifTestDevice { WithoutGetCapabilities = true }.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device), TestContext.Current.CancellationToken);

        outcome.Facts[ProbeFacts.DiscoveredRtspUrl].ShouldBe(CapturedStreamUri);
        device.Calls.Select(c => c.Operation).ShouldContain("GetServices");
        outcome.Detail.ShouldContain("GetCapabilities failed");
    }

    [Fact]
    public async Task Run_NoCredentials_AnonymousOnlyAndNoFinding()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);

        var outcome = await _probe.RunAsync(Target(device, userName: null), TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.ShouldBeEmpty();
        outcome.Facts.ShouldNotContainKey(ProbeFacts.OnvifNotAuthorized);
        outcome.Detail.ShouldContain("the ledger has none");
        device.Calls.ShouldAllBe(c => !c.HasUsernameToken);
    }

    [Fact]
    public async Task Run_AddressOnly_UsesDefaultDeviceServicePath()
    {
        await using var device = await new OnvifTestDevice().StartAsync(TestContext.Current.CancellationToken);
        var target = new ProbeTarget
        {
            DeviceId = 3,
            Code = "CAM-03",
            Kind = DeviceKind.Camera,
            IpAddress = "127.0.0.1",
            HttpPort = device.DeviceService.Port,
            UserName = OnvifTestDevice.UserName,
            Password = OnvifTestDevice.Password,
        };

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Reachable, outcome.Detail);
        device.Calls[0].Path.ShouldBe("/onvif/device_service");
    }

    [Theory]
    [InlineData("http://10.0.0.5", "http://10.0.0.5/onvif/device_service")]
    [InlineData("http://10.0.0.5:8000/", "http://10.0.0.5:8000/onvif/device_service")]
    [InlineData("http://10.0.0.5/onvif/Device", "http://10.0.0.5/onvif/Device")]
    public void DeviceServiceUri_HostOnlyUrl_AddsDefaultPath(string ledgerUrl, string expected)
    {
        var target = new ProbeTarget { DeviceId = 1, Code = "X", Kind = DeviceKind.Camera, OnvifUrl = ledgerUrl };

        OnvifProbe.DeviceServiceUri(target)!.ToString().ShouldBe(expected);
    }

    [Fact]
    public async Task Run_ZeroTimeout_Skipped()
    {
        var target = new ProbeTarget { DeviceId = 4, Code = "CAM-04", Kind = DeviceKind.Camera, IpAddress = "127.0.0.1", Timeout = TimeSpan.Zero };

        var outcome = await _probe.RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Detail.ShouldContain("not positive");
    }

    [Fact]
    public async Task Run_NoAddress_Skipped()
    {
        var outcome = await _probe.RunAsync(new ProbeTarget { DeviceId = 4, Code = "CAM-04", Kind = DeviceKind.Camera }, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
    }

    private static long Skew(ProbeOutcome outcome) => long.Parse(outcome.Facts[ProbeFacts.ClockSkewSeconds], CultureInfo.InvariantCulture);

    private static ProbeTarget Target(
        OnvifTestDevice device,
        string? userName = OnvifTestDevice.UserName,
        string password = OnvifTestDevice.Password,
        bool blocked = false,
        string? rtspUrl = null,
        string? snapshotUrl = null) => new()
    {
        DeviceId = 2,
        Code = "CAM-02",
        Kind = DeviceKind.Camera,
        OnvifUrl = device.DeviceService.ToString(),
        UserName = userName,
        Password = userName is null ? null : password,
        OnvifAuthenticationBlocked = blocked,
        RtspUrl = rtspUrl,
        SnapshotUrl = snapshotUrl,
        Timeout = TimeSpan.FromSeconds(5),
    };
}
