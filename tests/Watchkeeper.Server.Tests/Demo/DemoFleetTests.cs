using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Demo;

public sealed class DemoFleetTests
{
    // Addresses and ports of their own, so that a demo running on this machine does not collide with the test.
    private static readonly Dictionary<string, string?> DemoSettings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Fleet:CameraAddressBase"] = "127.0.60",
        ["Demo:Fleet:RecorderAddressBase"] = "127.0.61",
        ["Demo:Fleet:SwitchAddressBase"] = "127.0.62",
        ["Demo:Fleet:RtspPort"] = "20554",
        ["Demo:Fleet:HttpPort"] = "20080",
        ["Demo:Fleet:SnmpPort"] = "20161",
        ["Monitoring:Enabled"] = "true",
    };

    [Fact]
    public async Task DemoEnabled_FleetIsInLedgerUnderDemoOrganization()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, DemoSettings);
        using var client = await app.CreateAdminClientAsync();

        var cameras = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?kind=Camera&pageSize=1", TestContext.Current.CancellationToken);
        var recorders = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?kind=Recorder&pageSize=1", TestContext.Current.CancellationToken);
        var switches = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?kind=Switch&pageSize=1", TestContext.Current.CancellationToken);
        var tree = await client.GetFromJsonAsync<JsonElement>("/api/v1/organizations", TestContext.Current.CancellationToken);

        cameras.GetProperty("totalCount").GetInt32().ShouldBe(50);
        recorders.GetProperty("totalCount").GetInt32().ShouldBe(2);
        switches.GetProperty("totalCount").GetInt32().ShouldBe(2);
        tree.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ShouldContain("演示城市 Demo City");
        cameras.GetProperty("items")[0].GetProperty("parentId").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task DemoEnabled_ScriptedFaultsOpenAlarmsWithinAMinute()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, DemoSettings);
        using var client = await app.CreateAdminClientAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        HashSet<string> seen = [];
        var onlineCount = 0;
        while (DateTime.UtcNow < deadline && !(seen.Contains("DEMO-CAM-007 AuthenticationFailed") && seen.Contains("DEMO-CAM-012 ClockSkew") && onlineCount > 40))
        {
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            var alarms = await client.GetFromJsonAsync<JsonElement>("/api/v1/alarms?state=open&pageSize=200", TestContext.Current.CancellationToken);
            seen = alarms.GetProperty("items").EnumerateArray()
                .Select(a => $"{a.GetProperty("deviceCode").GetString()} {a.GetProperty("type").GetString()}")
                .ToHashSet();
            var online = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices?state=Online&pageSize=1", TestContext.Current.CancellationToken);
            onlineCount = online.GetProperty("totalCount").GetInt32();
        }

        seen.ShouldContain("DEMO-CAM-007 AuthenticationFailed");
        seen.ShouldContain("DEMO-CAM-012 ClockSkew");
        onlineCount.ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task DemoWithGb28181_DevicesRegisterAndReportChannels()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(DemoSettings)
        {
            ["Gb28181:Enabled"] = "true",
            ["Gb28181:SipPort"] = "0",
            ["Demo:GbFleet:AddressBase"] = "127.0.63",
            ["Demo:GbFleet:LocalPort"] = "0",
        };
        await using var app = new WatchkeeperApp(database, settings);
        using var client = await app.CreateAdminClientAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var registered = 0;
        var channels = 0;
        while (DateTime.UtcNow < deadline && (registered < 6 || channels < 16))
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            var devices = await client.GetFromJsonAsync<JsonElement>("/api/v1/gb28181/devices", TestContext.Current.CancellationToken);
            var items = devices.GetProperty("items").EnumerateArray().ToList();
            registered = items.Count(d => d.GetProperty("liveness").GetString() == "Alive");
            channels = items.Sum(d => d.GetProperty("channelCount").GetInt32());
        }

        registered.ShouldBe(6);
        channels.ShouldBeGreaterThanOrEqualTo(16);
        var tree = await client.GetFromJsonAsync<JsonElement>("/api/v1/organizations", TestContext.Current.CancellationToken);
        tree.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ShouldNotContain("未分配设备 Unassigned");
    }
}
