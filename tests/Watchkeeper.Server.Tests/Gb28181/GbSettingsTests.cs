using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Gb28181;

// Rejected changes and reads share one server, because starting one costs seconds and they change no setting.
public sealed class GbSettingsTests(SharedGbHarness shared) : IClassFixture<SharedGbHarness>
{
    private const string Camera = "34020000001320000301";
    private const string Route = "/api/v1/gb28181/settings";

    [Theory]
    [InlineData("serverId", "34020000001320000001", "gb28181.settings.server_id")]
    [InlineData("serverId", "3402000000200000001", "gb28181.settings.server_id")]
    [InlineData("domain", "34020000", "gb28181.settings.domain")]
    [InlineData("domain", "340200000A", "gb28181.settings.domain")]
    [InlineData("listenAddress", "gb.example", "gb28181.settings.listen_address")]
    [InlineData("sipPort", 0, "gb28181.settings.sip_port")]
    [InlineData("sipPort", 65536, "gb28181.settings.sip_port")]
    [InlineData("heartbeatIntervalSeconds", 4, "gb28181.settings.heartbeat_interval")]
    [InlineData("heartbeatIntervalSeconds", 3601, "gb28181.settings.heartbeat_interval")]
    [InlineData("heartbeatCount", 0, "gb28181.settings.heartbeat_count")]
    [InlineData("catalogRefreshMinutes", -1, "gb28181.settings.catalog_refresh")]
    [InlineData("unknownDevices", "Maybe", "gb28181.settings.policy")]
    public async Task Put_InvalidValue_ReturnsBilingualProblem(string field, object value, string code)
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PutAsJsonAsync(Route, new Dictionary<string, object> { [field] = value });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(" / ");
        (await harness.Client.GetFromJsonAsync<JsonElement>(Route)).GetProperty("storedSettings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Put_BothTransportsOff_IsRejected()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PutAsJsonAsync(Route, new { enableUdp = false, enableTcp = false });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("gb28181.settings.transport");
        harness.App.Services.GetRequiredService<GbSipServer>().IsListening.ShouldBeTrue();
    }

    [Fact]
    public async Task Get_Listening_ShowsPortsAndHidesPassword()
    {
        var harness = await shared.GetAsync();

        var settings = await harness.Client.GetFromJsonAsync<JsonElement>(Route);

        settings.GetProperty("serverId").GetString().ShouldBe(GbHarness.ServerId);
        settings.GetProperty("passwordSet").GetBoolean().ShouldBeTrue();
        settings.TryGetProperty("password", out _).ShouldBeFalse();
        settings.GetProperty("listening").GetBoolean().ShouldBeTrue();
        settings.GetProperty("udpPort").GetInt32().ShouldBe(harness.SipPort);
        settings.GetProperty("startFailure").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Put_PasswordAndServerId_OverrideConfigurationAfterRestart(DatabaseProvider provider)
    {
        const string serverId = "34020000002000000099";
        const string password = "Console-pass-9";
        await using var harness = await GbHarness.StartAsync(provider);

        var response = await harness.Client.PutAsJsonAsync(Route, new { serverId, password });
        response.EnsureSuccessStatusCode();
        await harness.RestartServerAsync();

        var settings = await harness.Client.GetFromJsonAsync<JsonElement>(Route);
        settings.GetProperty("serverId").GetString().ShouldBe(serverId);
        settings.GetProperty("storedSettings").EnumerateArray().Select(e => e.GetString()).ShouldBe(["password", "serverId"]);
        await using (var db = harness.App.CreateDbContext())
        {
            var stored = await db.PlatformSettings.SingleAsync(s => s.Key == "Gb28181:Password");
            stored.Value.ShouldNotContain(password);
        }

        var oldPassword = await harness.StartDeviceAsync(Camera, o => o.ServerId = serverId, waitRegistered: false);
        (await oldPassword.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
        await oldPassword.StopAsync();
        await harness.StartDeviceAsync("34020000001320000302", o =>
        {
            o.ServerId = serverId;
            o.Password = password;
        });
    }

    [Fact]
    public async Task Put_ClearPassword_ConfigurationPasswordAppliesAgain()
    {
        await using var harness = await GbHarness.StartAsync();
        (await harness.Client.PutAsJsonAsync(Route, new { password = "Console-pass-9" })).EnsureSuccessStatusCode();

        var response = await harness.Client.PutAsJsonAsync(Route, new { clearPassword = true });

        response.EnsureSuccessStatusCode();
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("storedSettings").GetArrayLength().ShouldBe(0);
        await harness.StartDeviceAsync(Camera);
    }

    [Fact]
    public async Task Put_NewSipPort_DeviceRegistersOnNewPort()
    {
        await using var harness = await GbHarness.StartAsync();
        var oldPort = harness.SipPort;
        var newPort = LoopbackPorts.FreeFourDigitPort();

        var response = await harness.Client.PutAsJsonAsync(Route, new { sipPort = newPort });

        response.EnsureSuccessStatusCode();
        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();
        settings.GetProperty("udpPort").GetInt32().ShouldBe(newPort);
        settings.GetProperty("tcpPort").GetInt32().ShouldBe(newPort);
        settings.GetProperty("listening").GetBoolean().ShouldBeTrue();
        await harness.StartDeviceAsync(Camera);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);
        var late = await harness.StartDeviceAsync("34020000001320000302", o => o.PlatformEndPoint = new IPEndPoint(IPAddress.Loopback, oldPort), waitRegistered: false);
        (await late.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
    }

    [Fact]
    public async Task Put_PortInUse_ShowsStartFailure()
    {
        await using var harness = await GbHarness.StartAsync();
        using var taken = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var takenPort = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;

        var response = await harness.Client.PutAsJsonAsync(Route, new { sipPort = takenPort, enableTcp = false });

        response.EnsureSuccessStatusCode();
        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();
        settings.GetProperty("listening").GetBoolean().ShouldBeFalse();
        settings.GetProperty("startFailure").GetString()!.ShouldContain(takenPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Put_RejectUnknownDevices_NewDeviceIsRejected()
    {
        await using var harness = await GbHarness.StartAsync();

        (await harness.Client.PutAsJsonAsync(Route, new { unknownDevices = "Reject" })).EnsureSuccessStatusCode();

        var device = await harness.StartDeviceAsync(Camera, waitRegistered: false);
        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
        await using var db = harness.App.CreateDbContext();
        (await db.Devices.AnyAsync(d => d.GbId == Camera)).ShouldBeFalse();
    }

    [Fact]
    public async Task Put_Heartbeat_AppliesToRegisteredSessions()
    {
        await using var harness = await GbHarness.StartAsync();
        await harness.StartDeviceAsync(Camera);

        (await harness.Client.PutAsJsonAsync(Route, new { heartbeatIntervalSeconds = 20, heartbeatCount = 4 })).EnsureSuccessStatusCode();

        var session = harness.App.Services.GetRequiredService<GbSessionBook>().Find(Camera)!;
        session.HeartbeatWindow.ShouldBe(TimeSpan.FromSeconds(80));
        var detail = await harness.GetDeviceAsync(Camera);
        detail.GetProperty("heartbeatIntervalSeconds").GetInt32().ShouldBe(20);
    }
}
