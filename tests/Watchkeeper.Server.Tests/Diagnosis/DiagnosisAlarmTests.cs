using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Diagnosis;

public sealed class DiagnosisAlarmTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task DarkPicture_OpensAlarm_CleanPictureResolvesIt(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider, monitoring: true);
        var camera = await harness.AddCameraAsync("CAM-1");
        await WaitForStateAsync(harness, camera, "Online");

        harness.Frames.Show(camera, StillPicture.Dark);
        await harness.RunAsync(camera);
        await DiagnosisHarness.WaitUntilAsync(async () => (await harness.AlarmsAsync(camera)).Count == 1, "the picture alarm");
        var alarm = (await harness.AlarmsAsync(camera)).ShouldHaveSingleItem();
        var degraded = await StateAsync(harness, camera);

        harness.Frames.Show(camera, StillPicture.Clean);
        await harness.RunAsync(camera);
        await DiagnosisHarness.WaitUntilAsync(async () => (await harness.AlarmsAsync(camera)).Count == 0, "the picture alarm to resolve");

        alarm.GetProperty("type").GetString().ShouldBe("VideoQualityFault");
        alarm.GetProperty("subject").GetString().ShouldBe("TooDark");
        alarm.GetProperty("sourceProbe").GetString().ShouldBe("Diagnosis");
        degraded.ShouldBe("Degraded");
        (await harness.AlarmsAsync(camera, "resolved")).ShouldHaveSingleItem();
        await WaitForStateAsync(harness, camera, "Online");
    }

    [Fact]
    public async Task NoFrame_OpensFrameUnavailable_NotAPictureFault()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, monitoring: true);
        var camera = await harness.AddCameraAsync("CAM-1");
        await WaitForStateAsync(harness, camera, "Online");
        harness.Frames.Show(camera, StillPicture.NoFrame);

        await harness.RunAsync(camera);
        await DiagnosisHarness.WaitUntilAsync(async () => (await harness.AlarmsAsync(camera)).Count > 0, "the frame alarm");

        var alarm = (await harness.AlarmsAsync(camera)).ShouldHaveSingleItem();
        alarm.GetProperty("type").GetString().ShouldBe("FrameUnavailable");
        alarm.GetProperty("detail").GetString()!.ShouldContain("timed out");
    }

    [Fact]
    public async Task DefaultProbeSet_IncludesDiagnosis()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, monitoring: true);
        var camera = await harness.AddCameraAsync("CAM-1");

        await harness.RunAsync(camera);

        await DiagnosisHarness.WaitUntilAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            return db.LatestProbeResults.Any(r => r.DeviceId == camera && r.Kind == Core.Monitoring.ProbeKind.Diagnosis
                && r.Status == Core.Monitoring.ProbeStatus.Reachable);
        }, "a Diagnosis probe result");
    }

    [Fact]
    public async Task OfflineParent_AttributesPictureAlarmToIt()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, monitoring: true);
        var (network, listener) = await harness.AddSwitchAsync("SW-1");
        var camera = await harness.AddCameraAsync("CAM-1", parentId: network);
        await WaitForStateAsync(harness, network, "Online");
        await WaitForStateAsync(harness, camera, "Online");

        listener.Stop();
        var monitoring = harness.App.Services.GetRequiredService<IMonitoringControl>();
        await DiagnosisHarness.WaitUntilAsync(async () =>
        {
            monitoring.ProbeNow(network);
            await Task.Delay(300, Token);
            return await StateAsync(harness, network) == "Offline";
        }, "the switch to go offline");
        harness.Frames.Show(camera, StillPicture.Dark);
        await harness.RunAsync(camera);
        await DiagnosisHarness.WaitUntilAsync(async () => (await harness.AlarmsAsync(camera)).Count == 1, "the picture alarm");

        var alarm = (await harness.AlarmsAsync(camera)).ShouldHaveSingleItem();
        alarm.GetProperty("type").GetString().ShouldBe("VideoQualityFault");
        alarm.GetProperty("causedByDeviceId").GetInt64().ShouldBe(network);
    }

    private static async Task<string> StateAsync(DiagnosisHarness harness, long deviceId) =>
        (await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{deviceId}", Token)).GetProperty("state").GetString()!;

    private static Task WaitForStateAsync(DiagnosisHarness harness, long deviceId, string state) =>
        DiagnosisHarness.WaitUntilAsync(async () => await StateAsync(harness, deviceId) == state, $"device {deviceId} to be {state}");
}
