using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using static Watchkeeper.Core.Tests.Monitoring.Rounds;

namespace Watchkeeper.Core.Tests.Monitoring;

public sealed class DeviceHealthTests
{
    private static readonly HealthThresholds Thresholds = HealthThresholds.Default;

    [Fact]
    public void ApplyRound_FirstSuccess_MovesUnknownToOnline()
    {
        var health = DeviceHealth.CreateUnknown(1, Start);

        var change = health.ApplyRound(At(0, Up(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.From.ShouldBe(HealthState.Unknown);
        change.To.ShouldBe(HealthState.Online);
        health.State.ShouldBe(HealthState.Online);
    }

    [Fact]
    public void ApplyRound_TwoFailedRounds_StaysOnline()
    {
        var health = OnlineCamera();

        health.ApplyRound(At(1, Down(ProbeKind.Rtsp), Down(ProbeKind.Onvif)), DeviceKind.Camera, Thresholds).ShouldBeNull();
        health.ApplyRound(At(2, Down(ProbeKind.Rtsp), Down(ProbeKind.Onvif)), DeviceKind.Camera, Thresholds).ShouldBeNull();

        health.State.ShouldBe(HealthState.Online);
        health.FailedRounds.ShouldBe(2);
    }

    [Fact]
    public void ApplyRound_ThirdFailedRound_GoesOffline()
    {
        var health = OnlineCamera();
        health.ApplyRound(At(1, Down(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);
        health.ApplyRound(At(2, Down(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        var change = health.ApplyRound(At(3, Down(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Offline);
        health.StateSince.ShouldBe(Start.AddMinutes(3).AddSeconds(1));
    }

    [Fact]
    public void ApplyRound_OneReachabilityProbeAnswers_CountsAsSuccess()
    {
        var health = OnlineCamera();
        for (var minute = 1; minute <= 5; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp), Up(ProbeKind.Onvif)), DeviceKind.Camera, Thresholds);
        }

        health.State.ShouldBe(HealthState.Online);
        health.FailedRounds.ShouldBe(0);
    }

    [Fact]
    public void ApplyRound_OnlyPingAnswersForCamera_GoesOfflineAsDeviceFault()
    {
        var health = OnlineCamera();
        HealthChange? change = null;
        for (var minute = 1; minute <= 3; minute++)
        {
            change = health.ApplyRound(At(minute, Down(ProbeKind.Rtsp), Up(ProbeKind.Icmp)), DeviceKind.Camera, Thresholds);
        }

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Offline);
        change.Cause.ShouldBe(OfflineCause.DeviceFault);
    }

    [Fact]
    public void ApplyRound_PingFails_GoesOfflineAsNetworkFault()
    {
        var health = OnlineCamera();
        for (var minute = 1; minute <= 3; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp, ProbeReason.Timeout), Down(ProbeKind.Icmp, ProbeReason.Timeout), Down(ProbeKind.Tcp, ProbeReason.Timeout)),
                DeviceKind.Camera, Thresholds);
        }

        health.OfflineCause.ShouldBe(OfflineCause.NetworkFault);
    }

    [Fact]
    public void ApplyRound_TcpRefusedWithoutPing_IsDeviceFault()
    {
        var health = OnlineCamera();
        for (var minute = 1; minute <= 3; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp), Skip(ProbeKind.Icmp), Down(ProbeKind.Tcp, ProbeReason.ConnectionRefused)), DeviceKind.Camera, Thresholds);
        }

        health.OfflineCause.ShouldBe(OfflineCause.DeviceFault);
    }

    [Fact]
    public void ApplyRound_NothingToTellCause_IsUndetermined()
    {
        var health = OnlineCamera();
        for (var minute = 1; minute <= 3; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp, ProbeReason.ProtocolError)), DeviceKind.Camera, Thresholds);
        }

        health.OfflineCause.ShouldBe(OfflineCause.Undetermined);
    }

    [Fact]
    public void ApplyRound_OneSuccessAfterOffline_ComesBackOnline()
    {
        var health = OfflineCamera();

        var change = health.ApplyRound(At(10, Up(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.From.ShouldBe(HealthState.Offline);
        change.To.ShouldBe(HealthState.Online);
        health.OfflineCause.ShouldBeNull();
    }

    [Fact]
    public void ApplyRound_RecoveryThresholdTwo_NeedsTwoSuccesses()
    {
        var thresholds = new HealthThresholds { OnlineAfterSucceededRounds = 2 };
        var health = OfflineCamera();

        health.ApplyRound(At(10, Up(ProbeKind.Rtsp)), DeviceKind.Camera, thresholds).ShouldBeNull();
        health.ApplyRound(At(11, Up(ProbeKind.Rtsp)), DeviceKind.Camera, thresholds).ShouldNotBeNull();

        health.State.ShouldBe(HealthState.Online);
    }

    [Fact]
    public void ApplyRound_ReachableWithFinding_IsDegraded()
    {
        var health = OnlineCamera();

        var change = health.ApplyRound(At(1, Up(ProbeKind.Onvif, ClockSkew)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Degraded);
        health.StateReason.ShouldContain("ClockSkew");
    }

    [Fact]
    public void ApplyRound_FindingGone_BackToOnline()
    {
        var health = OnlineCamera();
        health.ApplyRound(At(1, Up(ProbeKind.Onvif, ClockSkew)), DeviceKind.Camera, Thresholds);

        health.ApplyRound(At(2, Up(ProbeKind.Onvif)), DeviceKind.Camera, Thresholds);

        health.State.ShouldBe(HealthState.Online);
    }

    [Fact]
    public void ApplyRound_IcmpOnlyForCamera_DoesNotDecideReachability()
    {
        var health = DeviceHealth.CreateUnknown(1, Start);

        health.ApplyRound(At(0, Up(ProbeKind.Icmp), Skip(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        health.State.ShouldBe(HealthState.Unknown);
    }

    [Fact]
    public void ApplyRound_IcmpForSwitch_DecidesReachability()
    {
        var health = DeviceHealth.CreateUnknown(1, Start);

        health.ApplyRound(At(0, Up(ProbeKind.Icmp), Down(ProbeKind.Snmp)), DeviceKind.Switch, Thresholds);

        health.State.ShouldBe(HealthState.Online);
    }

    [Fact]
    public void ApplyRound_AllSkipped_IsUnknownWithReason()
    {
        var health = OnlineCamera();

        var change = health.ApplyRound(At(1, Skip(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Unknown);
        health.StateReason.ShouldContain("no reachability probe");
    }

    [Fact]
    public void ApplyRound_NeverAnswered_GoesOfflineFromUnknown()
    {
        var health = DeviceHealth.CreateUnknown(1, Start);
        for (var minute = 0; minute < 3; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);
        }

        health.State.ShouldBe(HealthState.Offline);
    }

    [Fact]
    public void Pause_OnlineDevice_BecomesUnknown()
    {
        var health = OnlineCamera();

        var change = health.Pause(Start.AddHours(1));

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Unknown);
        health.FailedRounds.ShouldBe(0);
    }

    [Fact]
    public void ApplyRound_OnvifNotAuthorized_BlocksThatCredentialVersion()
    {
        var health = OnlineCamera();
        var rejected = Up(ProbeKind.Onvif) with { Facts = new Dictionary<string, string> { [ProbeFacts.OnvifNotAuthorized] = "true" } };

        health.ApplyRound(At(1, rejected) with { CredentialVersion = 4 }, DeviceKind.Camera, Thresholds);

        health.IsOnvifBlocked(4).ShouldBeTrue();
        health.IsOnvifBlocked(5).ShouldBeFalse();
    }

    [Fact]
    public void ApplyRound_KeepaliveTimeout_GoesOfflineAtOnce()
    {
        var health = OnlineCamera();

        var change = health.ApplyRound(At(1, Down(ProbeKind.Gb28181, ProbeReason.KeepaliveTimeout)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Offline);
        change.Cause.ShouldBe(OfflineCause.KeepaliveTimeout);
    }

    [Theory]
    [InlineData(ProbeReason.RegistrationExpired, OfflineCause.RegistrationExpired)]
    [InlineData(ProbeReason.Unregistered, OfflineCause.Unregistered)]
    [InlineData(ProbeReason.NotRegistered, OfflineCause.NotRegistered)]
    public void ApplyRound_Gb28181Failure_NamesItsCause(ProbeReason reason, OfflineCause cause)
    {
        var health = OnlineCamera();

        health.ApplyRound(At(1, Down(ProbeKind.Gb28181, reason)), DeviceKind.Recorder, Thresholds);

        health.State.ShouldBe(HealthState.Offline);
        health.OfflineCause.ShouldBe(cause);
    }

    [Fact]
    public void ApplyRound_Gb28181DownButRtspUp_StaysOnline()
    {
        var health = OnlineCamera();

        health.ApplyRound(At(1, Down(ProbeKind.Gb28181, ProbeReason.KeepaliveTimeout), Up(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);

        health.State.ShouldBe(HealthState.Online);
    }

    [Fact]
    public void ApplyRound_FirstKeepaliveAfterOffline_ComesBackOnline()
    {
        var health = OnlineCamera();
        health.ApplyRound(At(1, Down(ProbeKind.Gb28181, ProbeReason.KeepaliveTimeout)), DeviceKind.Camera, Thresholds);

        var change = health.ApplyRound(At(2, Up(ProbeKind.Gb28181)), DeviceKind.Camera, Thresholds);

        change.ShouldNotBeNull();
        change.To.ShouldBe(HealthState.Online);
    }

    private static DeviceHealth OnlineCamera()
    {
        var health = DeviceHealth.CreateUnknown(1, Start);
        health.ApplyRound(At(0, Up(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);
        return health;
    }

    private static DeviceHealth OfflineCamera()
    {
        var health = OnlineCamera();
        for (var minute = 1; minute <= 3; minute++)
        {
            health.ApplyRound(At(minute, Down(ProbeKind.Rtsp)), DeviceKind.Camera, Thresholds);
        }

        health.State.ShouldBe(HealthState.Offline);
        return health;
    }
}
