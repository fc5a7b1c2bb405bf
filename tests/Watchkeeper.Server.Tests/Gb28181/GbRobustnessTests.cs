using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Server.Tests.Gb28181;

public sealed class GbRobustnessTests
{
    private const string Camera = "34020000001320000101";
    private const string Recorder = "34020000001180000201";

    [Fact]
    public async Task HostileDatagrams_ServerKeepsServingDevices()
    {
        await using var harness = await GbHarness.StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new IPEndPoint(IPAddress.Loopback, harness.SipPort);
        byte[][] hostile =
        [
            [],
            Encoding.ASCII.GetBytes("REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP"),
            Encoding.ASCII.GetBytes("MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\nContent-Length: 99999\r\n\r\n<Notify>"),
            RandomNumberBytes(60_000),
            Encoding.ASCII.GetBytes($"MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\nFrom: <sip:{Camera}@3402000000>;tag=1\r\nTo: <sip:34020000002000000001@3402000000>\r\nCall-ID: 1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 20\r\n\r\n<Notify><CmdType>Kee"),
        ];

        foreach (var datagram in hostile)
        {
            await client.SendAsync(datagram, server);
        }

        await harness.StartDeviceAsync(Camera);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);
    }

    [Fact]
    public async Task Catalog_OddParentAndGroupItems_CreateNoPhantomDevices()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        var book = harness.App.Services.GetRequiredService<GbSessionBook>();
        var ledger = harness.App.Services.GetRequiredService<GbLedger>();
        var session = book.Find(Recorder)!;
        GbCatalogEntry[] entries =
        [
            new("34020000001310009999", "南门 1", null, null, null, null, "99999999999999999999", "ON", null),
            new("34020000002150000001", "业务分组", null, null, null, null, Recorder, null, null),
            new("34020000001340009999", "门磁", null, null, null, null, "34020000002160000777", "ON", null),
        ];

        await ledger.ApplyCatalogAsync(session, book, entries, reportedAt: null, TestContext.Current.CancellationToken);

        await using var db = harness.App.CreateDbContext();
        var recorderId = await db.Devices.Where(d => d.GbId == Recorder).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);
        (await db.Devices.AnyAsync(d => d.GbId == "99999999999999999999", TestContext.Current.CancellationToken)).ShouldBeFalse();
        (await db.Devices.AnyAsync(d => d.GbId == "34020000002160000777", TestContext.Current.CancellationToken)).ShouldBeFalse();
        (await db.Devices.AnyAsync(d => d.GbId == "34020000002150000001", TestContext.Current.CancellationToken)).ShouldBeFalse();
        (await db.Devices.SingleAsync(d => d.GbId == "34020000001310009999", TestContext.Current.CancellationToken)).ParentId.ShouldBe(recorderId);
        (await db.Devices.SingleAsync(d => d.GbId == "34020000001340009999", TestContext.Current.CancellationToken)).Kind.ShouldBe(Core.Devices.DeviceKind.AlarmInput);
        (await db.GbChannels.AnyAsync(c => c.ChannelGbId == "34020000002150000001", TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task Catalog_StaleQueryAfterEvent_KeepsTheEventState()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Recorder, o => o.ChannelCount = 1);
        var book = harness.App.Services.GetRequiredService<GbSessionBook>();
        var ledger = harness.App.Services.GetRequiredService<GbLedger>();
        var session = book.Find(Recorder)!;
        const string channel = "34020000001310009998";
        var queryStartedAt = DateTimeOffset.UtcNow;
        await Task.Delay(20, TestContext.Current.CancellationToken);

        await ledger.ApplyCatalogAsync(session, book, [new(channel, "西门", null, null, null, null, Recorder, null, "VLOST")], reportedAt: null, TestContext.Current.CancellationToken);
        await ledger.ApplyCatalogAsync(session, book, [new(channel, "西门", null, null, null, null, Recorder, "ON", null)], queryStartedAt, TestContext.Current.CancellationToken);

        await using var db = harness.App.CreateDbContext();
        (await db.GbChannels.SingleAsync(c => c.ChannelGbId == channel, TestContext.Current.CancellationToken)).Status.ShouldBe("VLOST");
        session.Channels[channel].Status.ShouldBe("VLOST");
    }

    [Fact]
    public async Task DeviceHeartbeat_OverrideShortensWindow()
    {
        await using var harness = await GbHarness.StartAsync(settings: new Dictionary<string, string?> { ["Gb28181:HeartbeatIntervalSeconds"] = "60" });
        var device = await harness.StartDeviceAsync(Camera);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);

        (await harness.Client.PutAsJsonAsync($"/api/v1/gb28181/devices/{Camera}/settings", new { heartbeatIntervalSeconds = 5, heartbeatCount = 1 }, TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode();
        device.SetFault(Simulator.Gb28181.GbFault.KeepalivesStopped);

        await harness.WaitForHealthAsync(Camera, HealthState.Offline, seconds: 15);
        var detail = await harness.GetDeviceAsync(Camera);
        detail.GetProperty("heartbeatIntervalSeconds").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task DeviceSettings_InvalidHeartbeat_IsRejected()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Camera);

        var response = await harness.Client.PutAsJsonAsync($"/api/v1/gb28181/devices/{Camera}/settings", new { heartbeatIntervalSeconds = 1 }, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("gb28181.settings.heartbeat");
    }

    [Fact]
    public async Task UnknownGbId_IsNotFound()
    {
        await using var harness = await GbHarness.StartAsync();

        var response = await harness.Client.GetAsync("/api/v1/gb28181/devices/34020000001320009999", TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(404);
    }

    [Fact]
    public async Task Metrics_RegisteredDevice_CountsAliveSession()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Camera);
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        var metrics = await harness.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        metrics.ShouldContain("watchkeeper_gb28181_sessions{liveness=\"Alive\"} 1");
    }

    private static byte[] RandomNumberBytes(int length)
    {
        var bytes = new byte[length];
        new Random(28181).NextBytes(bytes);
        return bytes;
    }
}
