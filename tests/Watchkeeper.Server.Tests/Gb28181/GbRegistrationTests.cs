using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Simulator.Gb28181;
using GbTransport = Watchkeeper.Simulator.Gb28181.GbTransport;

namespace Watchkeeper.Server.Tests.Gb28181;

public sealed class GbRegistrationTests
{
    private const string Camera = "34020000001320000101";
    private const string Recorder = "34020000001180000201";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Register_UnknownCamera_IsEnrolledAndOnline(DatabaseProvider provider)
    {
        await using var harness = await GbHarness.StartAsync(provider);

        await harness.StartDeviceAsync(Camera);

        await harness.WaitForHealthAsync(Camera, HealthState.Online);
        var device = await harness.GetDeviceAsync(Camera);
        device.GetProperty("summary").GetProperty("liveness").GetString().ShouldBe(nameof(GbLiveness.Alive));
        await using var db = harness.App.CreateDbContext();
        var ledger = await db.Devices.SingleAsync(d => d.GbId == Camera);
        ledger.Kind.ShouldBe(DeviceKind.Camera);
        var organization = await db.Organizations.SingleAsync(o => o.Id == ledger.OrganizationId);
        organization.Name.ShouldBe(GbLedger.UnassignedOrganizationName);
    }

    [Fact]
    public async Task Register_WrongPassword_IsRejectedAndNotEnrolled()
    {
        await using var harness = await GbHarness.StartAsync();

        var device = await harness.StartDeviceAsync(Camera, o => o.Password = "wrong-password", waitRegistered: false);

        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
        await using var db = harness.App.CreateDbContext();
        (await db.Devices.AnyAsync(d => d.GbId == Camera)).ShouldBeFalse();
    }

    [Fact]
    public async Task Register_RejectPolicyUnknownDevice_IsRejected()
    {
        await using var harness = await GbHarness.StartAsync(settings: new Dictionary<string, string?> { ["Gb28181:UnknownDevices"] = "Reject" });

        var device = await harness.StartDeviceAsync(Camera, waitRegistered: false);

        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
        await using var db = harness.App.CreateDbContext();
        (await db.Devices.AnyAsync(d => d.GbId == Camera)).ShouldBeFalse();
    }

    [Fact]
    public async Task Register_OwnUserNameAndPassword_IsAccepted()
    {
        await using var harness = await GbHarness.StartAsync(settings: new Dictionary<string, string?> { ["Gb28181:UnknownDevices"] = "Reject" });
        var organization = (await (await harness.Client.PostAsJsonAsync("/api/v1/organizations", new { name = "东区" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await harness.Client.PostAsJsonAsync("/api/v1/devices", new { code = "EAST-IPC-1", name = "东门摄像机", kind = "Camera", organizationId = organization, gbId = Camera }))
            .EnsureSuccessStatusCode();
        (await harness.Client.PutAsJsonAsync($"/api/v1/gb28181/devices/{Camera}/settings", new { digestUserName = "east-gate", password = "Own-pass-7" }))
            .EnsureSuccessStatusCode();

        await harness.StartDeviceAsync(Camera, o =>
        {
            o.UserName = "east-gate";
            o.Password = "Own-pass-7";
        });

        await harness.WaitForHealthAsync(Camera, HealthState.Online);
    }

    [Fact]
    public async Task Register_DomainPasswordWhenOwnIsSet_IsRejected()
    {
        await using var harness = await GbHarness.StartAsync();
        var organization = (await (await harness.Client.PostAsJsonAsync("/api/v1/organizations", new { name = "东区" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await harness.Client.PostAsJsonAsync("/api/v1/devices", new { code = "EAST-IPC-1", name = "东门摄像机", kind = "Camera", organizationId = organization, gbId = Camera }))
            .EnsureSuccessStatusCode();
        (await harness.Client.PutAsJsonAsync($"/api/v1/gb28181/devices/{Camera}/settings", new { password = "Own-pass-7" })).EnsureSuccessStatusCode();

        var device = await harness.StartDeviceAsync(Camera, waitRegistered: false);

        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(3))).ShouldBeFalse();
    }

    [Theory]
    [InlineData(GbTransport.Udp)]
    [InlineData(GbTransport.Tcp)]
    public async Task Keepalives_Stop_DeviceGoesOfflineByTimer(GbTransport transport)
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Camera, o => o.Transport = transport);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);

        device.SetFault(GbFault.KeepalivesStopped);

        await harness.WaitForHealthAsync(Camera, HealthState.Offline, seconds: 15);
        (await harness.OfflineCauseOfAsync(Camera)).ShouldBe(OfflineCause.KeepaliveTimeout);

        device.SetFault(GbFault.KeepalivesStopped, active: false);
        await harness.WaitForHealthAsync(Camera, HealthState.Online, seconds: 10);
    }

    [Fact]
    public async Task Registration_NotRefreshed_GoesOfflineAsExpired()
    {
        await using var harness = await GbHarness.StartAsync(settings: new Dictionary<string, string?> { ["Gb28181:MinExpiresSeconds"] = "1" });
        var device = await harness.StartDeviceAsync(Camera, o => o.Expires = 2);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);

        device.SetFault(GbFault.RegistrationRefreshStopped | GbFault.KeepalivesStopped);

        await harness.WaitForHealthAsync(Camera, HealthState.Offline, seconds: 15);
        (await harness.OfflineCauseOfAsync(Camera)).ShouldBe(OfflineCause.RegistrationExpired);
    }

    [Fact]
    public async Task Stop_DeviceUnregisters_IsOfflineAsUnregistered()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Camera);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);

        await device.StopAsync();

        await harness.WaitForHealthAsync(Camera, HealthState.Offline, seconds: 10);
        (await harness.OfflineCauseOfAsync(Camera)).ShouldBe(OfflineCause.Unregistered);
    }

    [Fact]
    public async Task Restart_KeepalivesContinue_DeviceNeverGoesOffline()
    {
        await using var harness = await GbHarness.StartAsync(settings: new Dictionary<string, string?> { ["Gb28181:HeartbeatIntervalSeconds"] = "2" });
        var device = await harness.StartDeviceAsync(Camera, o => o.HeartbeatTimeoutCount = 1000);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);
        var registrations = device.Counters.Registrations;

        await harness.RestartServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));

        (await harness.HealthOfAsync(Camera)).ShouldBe(HealthState.Online);
        device.Counters.Registrations.ShouldBe(registrations);
        await using var db = harness.App.CreateDbContext();
        var id = await db.Devices.Where(d => d.GbId == Camera).Select(d => d.Id).SingleAsync();
        (await db.StateIntervals.CountAsync(i => i.DeviceId == id && i.State == HealthState.Offline)).ShouldBe(0);
    }

    [Fact]
    public async Task DeviceStatus_RecordOff_OpensRecordingStoppedAlarm()
    {
        await using var harness = await GbHarness.StartAsync();
        var device = await harness.StartDeviceAsync(Camera);
        await harness.WaitForHealthAsync(Camera, HealthState.Online);
        device.RecordEnabled = false;

        var response = await harness.Client.PostAsync($"/api/v1/gb28181/devices/{Camera}/status", null);

        response.EnsureSuccessStatusCode();
        await GbHarness.EventuallyAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            return await db.Alarms.AnyAsync(a => a.Type == AlarmType.RecordingStopped && a.State == AlarmState.Open);
        }, "a RecordingStopped alarm opens", describe: async () => (await harness.GetDeviceAsync(Camera)).ToString());
    }
}
