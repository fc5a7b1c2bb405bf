using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Server.Tests.Gb28181;

public sealed class GbHealthEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    [Fact]
    public void Liveness_KeepaliveWithinWindow_IsAlive()
    {
        var session = Registered();
        session.RecordKeepalive(Start.AddSeconds(100));

        GbHealthEvaluator.Liveness(session, Start.AddSeconds(279), Start).ShouldBe(GbLiveness.Alive);
    }

    [Fact]
    public void Liveness_WindowPassed_IsKeepaliveLapsed()
    {
        var session = Registered();
        session.RecordKeepalive(Start.AddSeconds(100));

        GbHealthEvaluator.Liveness(session, Start.AddSeconds(281), Start).ShouldBe(GbLiveness.KeepaliveLapsed);
    }

    [Fact]
    public void Liveness_PlatformRestarted_CountsWindowFromStart()
    {
        var session = Registered();
        session.RecordKeepalive(Start.AddSeconds(10));
        var restartedAt = Start.AddMinutes(30);

        GbHealthEvaluator.Liveness(session, restartedAt.AddSeconds(5), restartedAt).ShouldBe(GbLiveness.Alive);
        GbHealthEvaluator.Liveness(session, restartedAt.AddSeconds(181), restartedAt).ShouldBe(GbLiveness.KeepaliveLapsed);
    }

    [Fact]
    public void Liveness_OfflineBeforeRestart_GetsNoGrace()
    {
        var session = Registered();
        session.RecordKeepalive(Start.AddSeconds(10));
        session.StartGrace = false;
        var restartedAt = Start.AddMinutes(30);

        GbHealthEvaluator.Liveness(session, restartedAt.AddSeconds(5), restartedAt).ShouldBe(GbLiveness.KeepaliveLapsed);
    }

    [Fact]
    public void Liveness_SilentAfterExpiry_IsRegistrationExpired()
    {
        var session = Registered(expiresIn: TimeSpan.FromSeconds(200));

        GbHealthEvaluator.Liveness(session, Start.AddSeconds(400), Start).ShouldBe(GbLiveness.RegistrationExpired);
    }

    [Fact]
    public void Liveness_Unregistered_IsUnregistered()
    {
        var session = Registered();
        session.UnregisteredAt = Start.AddSeconds(30);

        GbHealthEvaluator.Liveness(session, Start.AddSeconds(31), Start).ShouldBe(GbLiveness.Unregistered);
    }

    [Fact]
    public void EvaluateDevice_RecordOff_ReportsRecordingStopped()
    {
        var session = Registered();
        session.Status = new GbStatusSnapshot(Start, Encoding: true, Recording: false, ClockSkewSeconds: 0, "ONLINE", "OK");

        var outcome = GbHealthEvaluator.EvaluateDevice(session, Start.AddSeconds(1), Start, Skew);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.Select(f => f.Type).ShouldBe([AlarmType.RecordingStopped]);
    }

    [Fact]
    public void EvaluateDevice_KeepalivesAfterExpiry_ReportsRegistrationExpiredFinding()
    {
        var session = Registered(expiresIn: TimeSpan.FromSeconds(200));
        session.RecordKeepalive(Start.AddSeconds(390));

        var outcome = GbHealthEvaluator.EvaluateDevice(session, Start.AddSeconds(400), Start, Skew);

        outcome.Status.ShouldBe(ProbeStatus.Reachable);
        outcome.Findings.Select(f => f.Type).ShouldBe([AlarmType.RegistrationExpired]);
    }

    [Fact]
    public void EvaluateDevice_ClockSkewOverThreshold_ReportsClockSkew()
    {
        var session = Registered();
        session.Status = new GbStatusSnapshot(Start, true, true, ClockSkewSeconds: -300, "ONLINE", "OK");

        var outcome = GbHealthEvaluator.EvaluateDevice(session, Start.AddSeconds(1), Start, Skew);

        outcome.Findings.Select(f => f.Type).ShouldBe([AlarmType.ClockSkew]);
    }

    [Fact]
    public void EvaluateDevice_ReportedAlarmExpired_IsNotAFinding()
    {
        var session = Registered();
        session.Alarms[(session.GbId, AlarmType.FanFault, "")] = new GbReportedAlarm(AlarmType.FanFault, "", "fan", Start, Start.AddMinutes(1));

        GbHealthEvaluator.EvaluateDevice(session, Start.AddSeconds(30), Start, Skew).Findings.Count.ShouldBe(1);
        GbHealthEvaluator.EvaluateDevice(session, Start.AddMinutes(2), Start, Skew).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void EvaluateChannel_OwnerLapsed_IsParentOffline()
    {
        var session = Registered();
        var channel = new GbChannelState("34020000001310000001", "ON", Removed: false, LedgerDeviceId: 2);

        var outcome = GbHealthEvaluator.EvaluateChannel(session, channel, Start.AddMinutes(10), Start);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ParentOffline);
    }

    [Theory]
    [InlineData("ON", ProbeStatus.Reachable)]
    [InlineData("OFF", ProbeStatus.Unreachable)]
    [InlineData("VLOST", ProbeStatus.Reachable)]
    public void EvaluateChannel_OwnerAlive_FollowsCatalogStatus(string status, ProbeStatus expected)
    {
        var session = Registered();
        var channel = new GbChannelState("34020000001310000001", status, Removed: false, LedgerDeviceId: 2);

        GbHealthEvaluator.EvaluateChannel(session, channel, Start.AddSeconds(1), Start).Status.ShouldBe(expected);
    }

    [Fact]
    public void EvaluateChannel_VideoLost_ReportsVideoLoss()
    {
        var session = Registered();
        var channel = new GbChannelState("34020000001310000001", "VLOST", Removed: false, LedgerDeviceId: 2);

        var outcome = GbHealthEvaluator.EvaluateChannel(session, channel, Start.AddSeconds(1), Start);

        outcome.Findings.Select(f => f.Type).ShouldBe([AlarmType.VideoLoss]);
    }

    private static GbSession Registered(TimeSpan? expiresIn = null)
    {
        var session = new GbSession("34020000001320000002", 1)
        {
            RegisteredAt = Start,
            ExpiresAt = Start + (expiresIn ?? TimeSpan.FromHours(1)),
            HeartbeatWindow = TimeSpan.FromSeconds(180),
        };
        return session;
    }
}
