using System.Globalization;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>Keepalive MESSAGEs: cadence, SN, body and the faults that stop them.</summary>
public sealed class GbKeepaliveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Keepalive_ShortInterval_SentAtEachInterval()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(300));

        await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Count >= 5, Wait);

        var keepalives = platform.Messages("Keepalive").Take(5).ToList();
        keepalives.Count.ShouldBe(5);
        for (var i = 1; i < keepalives.Count; i++)
        {
            (keepalives[i].ReceivedAt - keepalives[i - 1].ReceivedAt).ShouldBeInRange(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(900));
        }
    }

    [Fact]
    public async Task Keepalive_Sn_CountsUpByOne()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(100));

        await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Count >= 4, Wait);

        var numbers = platform.Messages("Keepalive").Take(4).Select(message => long.Parse(message.Element("SN")!, CultureInfo.InvariantCulture)).ToList();
        numbers.Zip(numbers.Skip(1), (previous, next) => next - previous).ShouldAllBe(step => step == 1);
    }

    [Fact]
    public async Task Keepalive_Body_NotifyWithDeviceIdAndStatus()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync();

        await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Count >= 1, Wait);

        var keepalive = platform.Messages("Keepalive")[0];
        keepalive.Text.ShouldStartWith("<?xml version=\"1.0\" encoding=\"GB2312\"?>");
        keepalive.Text.ShouldContain("<Notify>");
        keepalive.Element("DeviceID").ShouldBe(device.DeviceId);
        keepalive.Element("Status").ShouldBe("OK");
        keepalive.Header("Content-Type").ShouldBe("Application/MANSCDP+xml");
        keepalive.Header("To").ShouldContain(TestSipPlatform.ServerId);
    }

    [Fact]
    public async Task Keepalive_StoppedFault_NoneUntilResumed()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync(options => options.HeartbeatInterval = TimeSpan.FromMilliseconds(100));
        await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Count >= 1, Wait);

        device.SetFault(GbFault.KeepalivesStopped);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var before = platform.Messages("Keepalive").Count;
        await Task.Delay(600, TestContext.Current.CancellationToken);
        var during = platform.Messages("Keepalive").Count;
        device.SetFault(GbFault.KeepalivesStopped, active: false);
        var resumed = await platform.WaitUntilAsync(_ => platform.Messages("Keepalive").Count > during, Wait);

        during.ShouldBe(before);
        resumed.ShouldBeTrue();
        device.IsRegistered.ShouldBeTrue();
    }

    [Fact]
    public async Task Keepalive_Unanswered_DeviceRegistersAgain()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync(options =>
        {
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            options.RetransmitInterval = TimeSpan.FromMilliseconds(10);
            options.HeartbeatTimeoutCount = 2;
        });
        platform.Unanswered.Add("MESSAGE");

        var registeredAgain = await platform.WaitUntilAsync(_ => platform.Requests("REGISTER").Count >= 3, Wait);

        registeredAgain.ShouldBeTrue();
    }
}
