using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>A GB/T 28181 fleet: the demo layout and the bulk mode with many device IDs on one socket.</summary>
public sealed class GbFleetTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_DemoLayout_EveryDeviceRegisters()
    {
        await using var platform = TestSipPlatform.Start();
        var options = FleetOptions(platform);
        await using var fleet = SimulatedGbFleet.Create(options).Value;

        (await fleet.StartAsync()).IsSuccess.ShouldBeTrue();
        var registered = await fleet.WaitUntilAllRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        registered.ShouldBeTrue();
        fleet.Recorders.Count().ShouldBe(2);
        fleet.Cameras.Count().ShouldBe(4);
        fleet.Recorders.First().Catalog.Count.ShouldBe(10);
        platform.DigestResults.Count.ShouldBe(6);
        platform.DigestResults.ShouldAllBe(valid => valid);
    }

    [Fact]
    public async Task Start_DemoLayout_OwnAddressPerDevice()
    {
        await using var platform = TestSipPlatform.Start();
        await using var fleet = SimulatedGbFleet.Create(FleetOptions(platform)).Value;

        await fleet.StartAsync();

        fleet.Devices.Select(device => device.LocalEndPoint.Address).Distinct().Count().ShouldBe(6);
        fleet.DeviceIds.ShouldAllBe(id => id.Length == 20);
        fleet.DeviceIds[0].Substring(10, 3).ShouldBe("118");
        fleet.DeviceIds[^1].Substring(10, 3).ShouldBe("132");
    }

    [Fact]
    public async Task Start_SharedSocket_ManyIdsFromOnePort()
    {
        await using var platform = TestSipPlatform.Start();
        var options = FleetOptions(platform);
        options.RecorderCount = 0;
        options.CameraCount = 50;
        options.SharedSocket = true;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        await using var fleet = SimulatedGbFleet.Create(options).Value;

        await fleet.StartAsync();
        await fleet.WaitUntilAllRegisteredAsync(Wait, TestContext.Current.CancellationToken);
        await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Select(message => message.Element("DeviceID")).Distinct().Count() == 50, Wait);

        fleet.RegisteredCount.ShouldBe(50);
        platform.Messages("Keepalive").Select(message => message.Element("DeviceID")).Distinct().Count().ShouldBe(50);
        platform.Requests("REGISTER").Select(message => message.Header("Via").Split(' ')[1].Split(';')[0]).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Stop_Fleet_EveryDeviceUnregisters()
    {
        await using var platform = TestSipPlatform.Start();
        var fleet = SimulatedGbFleet.Create(FleetOptions(platform)).Value;
        await fleet.StartAsync();
        await fleet.WaitUntilAllRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        await fleet.StopAsync();

        platform.Requests("REGISTER").Count(message => message.Header("Expires") == "0").ShouldBe(6);
    }

    [Fact]
    public void Create_NoDevices_Fails()
    {
        var created = SimulatedGbFleet.Create(new GbFleetOptions { RecorderCount = 0, CameraCount = 0 });

        created.IsSuccess.ShouldBeFalse();
    }

    private static GbFleetOptions FleetOptions(TestSipPlatform platform) => new()
    {
        PlatformEndPoint = platform.EndPoint,
        ServerId = TestSipPlatform.ServerId,
        Password = TestSipPlatform.Password,
        AddressBase = TestAddresses.NextBase(),
        LocalPort = 0,
    };
}
