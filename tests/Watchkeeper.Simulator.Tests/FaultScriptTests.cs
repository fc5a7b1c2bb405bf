using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Faults;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The demo's fault script, played on fake time.</summary>
public sealed class FaultScriptTests : IAsyncDisposable
{
    // The platform's demo settings the story is timed for: a probe round every 15 s, Offline after 3 failed rounds.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan OfflineAfter = ProbeInterval * 4;
    private static readonly TimeSpan FirstMinutes = TimeSpan.FromMinutes(5);

    // The faults the demo applies at its start: a wrong password, a clock offset and four bad pictures.
    private const int AtStartCount = 6;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly SimulatedFleet _fleet;
    private Task? _run;

    public FaultScriptTests()
    {
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs));

        // The default layout, not started: faults change the devices' state whether or not they are bound.
        _fleet = SimulatedFleet.Create(new FleetOptions(), _time, _loggerFactory).Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        await _fleet.DisposeAsync();
        _stop.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public void DemoScenario_DefaultFleet_TellsTheStory()
    {
        var scenario = DemoScenario.Create(_fleet, new FaultScriptOptions());

        scenario.AtStart.ShouldBe(
        [
            new PasswordChanged("DEMO-CAM-007", DemoScenario.ChangedPassword),
            new ClockOffset("DEMO-CAM-012", TimeSpan.FromHours(8)),
            new PictureFault("DEMO-CAM-015", PictureFaultKind.Blur),
            new PictureFault("DEMO-CAM-018", PictureFaultKind.Occlusion),
            new PictureFault("DEMO-CAM-021", PictureFaultKind.FrozenPicture),
            new PictureFault("DEMO-CAM-024", PictureFaultKind.SignalLoss),
        ]);
        scenario.Cycle.Select(step => (step.At, step.Fault)).ShouldBe(
        [
            (TimeSpan.FromSeconds(20), new PowerLost("DEMO-CAM-003")),
            (TimeSpan.FromSeconds(60), new DiskFailed("DEMO-NVR-01", 2)),
            (TimeSpan.FromSeconds(90), new SwitchDown("DEMO-SW-02")),
            (TimeSpan.FromSeconds(120), new PictureFault("DEMO-CAM-009", PictureFaultKind.SceneChange)),
            (TimeSpan.FromSeconds(150), new PowerRestored("DEMO-CAM-003")),
            (TimeSpan.FromSeconds(240), new SwitchUp("DEMO-SW-02")),
            (TimeSpan.FromSeconds(360), new DiskRepaired("DEMO-NVR-01", 2)),
            (TimeSpan.FromSeconds(480), new PictureRestored("DEMO-CAM-009")),
        ]);
    }

    [Fact]
    public void DemoScenario_ProbeTiming_VisibleWithinFiveMinutes()
    {
        var cycle = DemoScenario.Create(_fleet, new FaultScriptOptions()).Cycle;
        TimeSpan At<T>() => cycle.Single(step => step.Fault is T).At;

        (At<PowerLost>() + OfflineAfter).ShouldBeLessThanOrEqualTo(At<PowerRestored>());
        (At<PowerRestored>() + ProbeInterval * 2).ShouldBeLessThanOrEqualTo(FirstMinutes);
        (At<SwitchDown>() + OfflineAfter).ShouldBeLessThanOrEqualTo(At<SwitchUp>());
        (At<SwitchUp>() + ProbeInterval * 2).ShouldBeLessThanOrEqualTo(FirstMinutes);
        (At<DiskFailed>() + ProbeInterval * 2).ShouldBeLessThanOrEqualTo(FirstMinutes);
    }

    [Fact]
    public async Task RunAsync_AtStart_WrongPasswordAndClockOffset()
    {
        var script = Start();

        await WaitForHistory(script, AtStartCount);

        _fleet.Camera("DEMO-CAM-007").Account.Password.ShouldNotBe(_fleet.Camera("DEMO-CAM-007").Info.Password);
        _fleet.Camera("DEMO-CAM-012").Clock.Offset.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task RunAsync_FakeTime_FiresInOrderOnTime()
    {
        var script = Start();
        await WaitForHistory(script, AtStartCount);

        await AdvanceTo(script, TimeSpan.FromSeconds(19), expectedCount: AtStartCount);
        _fleet.Camera("DEMO-CAM-003").IsPoweredOn.ShouldBeTrue();
        _fleet.Camera("DEMO-CAM-015").PictureFault.ShouldBe(PictureFaultKind.Blur);
        await AdvanceTo(script, TimeSpan.FromSeconds(20), expectedCount: AtStartCount + 1);
        _fleet.Camera("DEMO-CAM-003").IsPoweredOn.ShouldBeFalse();
        await AdvanceTo(script, TimeSpan.FromSeconds(60), expectedCount: AtStartCount + 2);
        _fleet.Recorder("DEMO-NVR-01").Storage.Disks[1].Status.ShouldBe("error");
        await AdvanceTo(script, TimeSpan.FromSeconds(90), expectedCount: AtStartCount + 3);
        _fleet.Switch("DEMO-SW-02").IsPoweredOn.ShouldBeFalse();
        _fleet.Camera("DEMO-CAM-050").IsNetworkUp.ShouldBeFalse();
        _fleet.Recorder("DEMO-NVR-02").IsNetworkUp.ShouldBeFalse();
        await AdvanceTo(script, TimeSpan.FromSeconds(120), expectedCount: AtStartCount + 4);
        _fleet.Camera("DEMO-CAM-009").PictureFault.ShouldBe(PictureFaultKind.SceneChange);
        await AdvanceTo(script, TimeSpan.FromSeconds(150), expectedCount: AtStartCount + 5);
        _fleet.Camera("DEMO-CAM-003").IsPoweredOn.ShouldBeTrue();
        await AdvanceTo(script, TimeSpan.FromSeconds(240), expectedCount: AtStartCount + 6);
        _fleet.Camera("DEMO-CAM-050").IsNetworkUp.ShouldBeTrue();
        await AdvanceTo(script, TimeSpan.FromSeconds(360), expectedCount: AtStartCount + 7);
        _fleet.Recorder("DEMO-NVR-01").Storage.Disks[1].Status.ShouldBe("ok");
        await AdvanceTo(script, TimeSpan.FromSeconds(480), expectedCount: AtStartCount + 8);
        _fleet.Camera("DEMO-CAM-009").PictureFault.ShouldBeNull();

        script.History.Select(applied => applied.Elapsed).ShouldBe(
            [.. Enumerable.Repeat(TimeSpan.Zero, AtStartCount), .. new[] { 20, 60, 90, 120, 150, 240, 360, 480 }.Select(seconds => TimeSpan.FromSeconds(seconds))]);
        script.History.ShouldAllBe(applied => applied.Succeeded);
    }

    [Fact]
    public async Task RunAsync_Repeat_RestartsCycleOnly()
    {
        var script = Start();
        await WaitForHistory(script, AtStartCount);

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(20));
        await WaitForHistory(script, AtStartCount + 9);

        var repeated = script.History[AtStartCount + 8];
        repeated.Fault.ShouldBe(new PowerLost("DEMO-CAM-003"));
        repeated.Cycle.ShouldBe(1);
        _fleet.Camera("DEMO-CAM-003").IsPoweredOn.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_Once_EndsAfterLastFault()
    {
        var script = Start(new FaultScriptOptions { Repeat = false });
        await WaitForHistory(script, AtStartCount);

        _time.Advance(TimeSpan.FromMinutes(8));

        await _run!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        script.History.Count.ShouldBe(AtStartCount + 8);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsQuietly()
    {
        var script = Start();
        await WaitForHistory(script, AtStartCount);

        await _stop.CancelAsync();

        await Should.NotThrowAsync(_run!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_EachFault_LoggedWithDeviceCode()
    {
        var script = Start();
        await WaitForHistory(script, AtStartCount);

        _time.Advance(TimeSpan.FromSeconds(90));
        await WaitForHistory(script, AtStartCount + 3);

        var logs = _logs.Messages;
        logs.ShouldContain(message => message.Contains("DEMO-CAM-007", StringComparison.Ordinal) && message.Contains("password changed", StringComparison.Ordinal));
        logs.ShouldContain(message => message.Contains("DEMO-CAM-012", StringComparison.Ordinal) && message.Contains("clock", StringComparison.Ordinal));
        logs.ShouldContain(message => message.Contains("DEMO-CAM-003 loses power", StringComparison.Ordinal));
        logs.ShouldContain(message => message.Contains("DEMO-NVR-01 loses disk 2", StringComparison.Ordinal));
        logs.ShouldContain(message => message.Contains("DEMO-SW-02 goes down", StringComparison.Ordinal));
        logs.ShouldNotContain(message => message.Contains(DemoScenario.ChangedPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ThrowingSubscriber_ScriptGoesOn()
    {
        var script = FaultScript.CreateDemo(_fleet, new FaultScriptOptions(), _time, _loggerFactory);
        script.FaultApplied += _ => throw new InvalidOperationException("subscriber bug");
        _run = script.RunAsync(_stop.Token);
        await WaitForHistory(script, AtStartCount);

        _time.Advance(TimeSpan.FromSeconds(20));
        await WaitForHistory(script, AtStartCount + 1);

        _logs.Messages.ShouldContain(message => message.Contains("FaultApplied handler failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_FaultForUnknownDevice_Throws()
    {
        var scenario = new FaultScenario([new PowerLost("NO-SUCH-CAMERA")], [], TimeSpan.FromMinutes(1));

        Should.Throw<ArgumentException>(() => new FaultScript(_fleet, scenario, repeat: false, _time));
    }

    [Fact]
    public void Constructor_SwitchFaultOnCamera_Throws()
    {
        var scenario = new FaultScenario([], [new ScheduledFault(TimeSpan.Zero, new SwitchDown("DEMO-CAM-001"))], TimeSpan.FromMinutes(1));

        Should.Throw<ArgumentException>(() => new FaultScript(_fleet, scenario, repeat: false, _time));
    }

    private FaultScript Start(FaultScriptOptions? options = null)
    {
        var script = FaultScript.CreateDemo(_fleet, options ?? new FaultScriptOptions(), _time, _loggerFactory);
        _run = script.RunAsync(_stop.Token);
        return script;
    }

    private async Task AdvanceTo(FaultScript script, TimeSpan elapsed, int expectedCount)
    {
        _time.Advance(elapsed - (_time.GetUtcNow() - _time.Start));
        await WaitForHistory(script, expectedCount);

        // Give the script a moment to prove that it does not run ahead of time.
        await Task.Delay(50, TestContext.Current.CancellationToken);
        script.History.Count.ShouldBe(expectedCount);
    }

    /// <summary>Waits (in real time, at most 10 s) for the script's task to apply <paramref name="count"/> faults.</summary>
    private static async Task WaitForHistory(FaultScript script, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (script.History.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        script.History.Count.ShouldBeGreaterThanOrEqualTo(count, $"faults applied: {string.Join(", ", script.History.Select(applied => applied.Fault))}");
    }
}
