using System.Text;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>The device over TCP: one connection both ways, framed by Content-Length.</summary>
public sealed class GbTcpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Register_Tcp_RegistersOverOneConnection()
    {
        await using var platform = TestSipPlatform.Start(GbTransport.Tcp);

        await using var device = await platform.StartDeviceAsync();

        var registers = platform.Requests("REGISTER");
        registers.Count.ShouldBe(2);
        registers.ShouldAllBe(message => message.Header("Via").StartsWith("SIP/2.0/TCP ", StringComparison.Ordinal));
        registers[0].Header("Contact").ShouldContain("transport=tcp");
        platform.DigestResults.ShouldBe([true]);
    }

    [Fact]
    public async Task Catalog_Tcp_EveryPartFramed()
    {
        await using var platform = TestSipPlatform.Start(GbTransport.Tcp);
        await using var device = await platform.StartDeviceAsync(options => options.ChannelCount = 16, "34020000001180000003");
        device.SetFault(GbFault.CatalogConcurrentOutOfOrder);

        await platform.QueryAsync("Catalog", device.DeviceId, sn: 3);
        var complete = await platform.WaitUntilAsync(_ => platform.Messages("Catalog").Count >= 16, Wait);

        complete.ShouldBeTrue();
        platform.Messages("Catalog").ShouldAllBe(message => message.Element("SumNum") == "16");
    }

    [Fact]
    public async Task Keepalive_Tcp_NoRetransmission()
    {
        await using var platform = TestSipPlatform.Start(GbTransport.Tcp);
        await using var device = await platform.StartDeviceAsync(options =>
        {
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            options.RetransmitInterval = TimeSpan.FromMilliseconds(50);
        });
        platform.Unanswered.Add("MESSAGE");

        await Task.Delay(1000, TestContext.Current.CancellationToken);

        var keepalives = platform.Messages("Keepalive");
        keepalives.Select(message => message.Branch).Distinct().Count().ShouldBe(keepalives.Count);
        device.Retransmissions.ShouldBe(0);
    }

    [Fact]
    public void Framer_SplitAndJoinedMessages_CutByContentLength()
    {
        var first = Encoding.UTF8.GetBytes("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 5\r\n\r\nhello");
        var second = Encoding.UTF8.GetBytes("\r\n\r\nSIP/2.0 200 OK\r\nl: 0\r\n\r\n");
        byte[] stream = [.. first, .. second];
        var framer = new SipTcpFramer();
        var messages = new List<SipMessage>();

        foreach (var chunk in stream.Chunk(7))
        {
            framer.Append(chunk);
            while (framer.TryTake(out var message, out _))
            {
                messages.Add(message!);
            }
        }

        messages.Count.ShouldBe(2);
        Encoding.UTF8.GetString(messages[0].Body).ShouldBe("hello");
        messages[1].StatusCode.ShouldBe(200);
    }

    [Fact]
    public void Framer_OversizedContentLength_Error()
    {
        var framer = new SipTcpFramer();
        framer.Append(Encoding.UTF8.GetBytes("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 999999999\r\n\r\n"));

        framer.TryTake(out var message, out var error).ShouldBeFalse();

        message.ShouldBeNull();
        error.ShouldNotBeNull();
    }

    [Fact]
    public void Framer_EndlessHeader_ErrorAtCap()
    {
        var framer = new SipTcpFramer();
        framer.Append(Encoding.UTF8.GetBytes("MESSAGE sip:a@b SIP/2.0\r\n" + new string('X', SipParser.MaxHeaderBytes + 10)));

        framer.TryTake(out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
    }
}
