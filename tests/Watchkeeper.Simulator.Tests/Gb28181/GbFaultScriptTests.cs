using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Simulator.Faults;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>GB/T 28181 faults played by a fault script on a fleet with a GB/T 28181 fleet attached.</summary>
public sealed class GbFaultScriptTests
{
    [Fact]
    public async Task DemoScenario_GbFleetAttached_AddsGbFaults()
    {
        await using var fleet = SimulatedFleet.Create(TestAddresses.SmallFleet()).Value;
        var gbFleet = SimulatedGbFleet.Create(new GbFleetOptions { AddressBase = TestAddresses.NextBase() }).Value;
        fleet.AttachGbFleet(gbFleet);

        var scenario = DemoScenario.Create(fleet, new FaultScriptOptions());

        var recorderId = gbFleet.DeviceIds[0];
        var firstCameraId = gbFleet.DeviceIds[2];
        scenario.AtStart.ShouldContain(new GbFaultChanged(recorderId, GbFault.CatalogSingleItems, true));
        scenario.Cycle.ShouldContain(new ScheduledFault(DemoScenario.GbKeepalivesStopAt, new GbFaultChanged(firstCameraId, GbFault.KeepalivesStopped, true)));
        scenario.Cycle.ShouldContain(new ScheduledFault(DemoScenario.GbKeepalivesResumeAt, new GbFaultChanged(firstCameraId, GbFault.KeepalivesStopped, false)));
    }

    [Fact]
    public async Task Run_GbFaultAtStart_SetOnRunningDevice()
    {
        await using var platform = TestSipPlatform.Start();
        await using var fleet = SimulatedFleet.Create(TestAddresses.SmallFleet()).Value;
        await using var gbFleet = SimulatedGbFleet.Create(new GbFleetOptions
        {
            PlatformEndPoint = platform.EndPoint,
            ServerId = TestSipPlatform.ServerId,
            Password = TestSipPlatform.Password,
            AddressBase = TestAddresses.NextBase(),
            LocalPort = 0,
            RecorderCount = 0,
            CameraCount = 1,
        }).Value;
        await gbFleet.StartAsync();
        fleet.AttachGbFleet(gbFleet);
        var cameraId = gbFleet.DeviceIds[0];
        var scenario = new FaultScenario([new GbFaultChanged(cameraId, GbFault.KeepalivesStopped, true)], [], TimeSpan.FromMinutes(1));
        var script = new FaultScript(fleet, scenario, repeat: false, new FakeTimeProvider());

        await script.RunAsync(TestContext.Current.CancellationToken);

        script.History.ShouldHaveSingleItem().Succeeded.ShouldBeTrue();
        gbFleet.Find(cameraId)!.HasFault(GbFault.KeepalivesStopped).ShouldBeTrue();
    }

    [Fact]
    public async Task Create_GbFaultWithoutGbFleet_Throws()
    {
        await using var fleet = SimulatedFleet.Create(TestAddresses.SmallFleet()).Value;
        var scenario = new FaultScenario([new GbFaultChanged("34020000001320009001", GbFault.KeepalivesStopped, true)], [], TimeSpan.FromMinutes(1));

        Should.Throw<ArgumentException>(() => new FaultScript(fleet, scenario, repeat: false, new FakeTimeProvider()));
    }
}
