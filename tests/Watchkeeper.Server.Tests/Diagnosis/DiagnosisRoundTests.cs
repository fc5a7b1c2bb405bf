using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Diagnosis;

public sealed class DiagnosisRoundTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Run_DarkCamera_StoresFindingThumbnailAndEvidence(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);
        var camera = await harness.AddCameraAsync("CAM-1");
        harness.Frames.Show(camera, StillPicture.Dark);

        var result = await harness.RunAsync(camera);

        result.GetProperty("status").GetString().ShouldBe("Analyzed");
        result.GetProperty("trigger").GetString().ShouldBe("Manual");
        result.GetProperty("source").GetString().ShouldBe("snapshot");
        result.GetProperty("detectedCount").GetInt32().ShouldBe(1);
        AnalyzeApiTests.DetectedKinds(result.GetProperty("findings")).ShouldBe(["TooDark"]);
        (await JpegAsync(harness, result.GetProperty("thumbnailUrl").GetString()!)).Width.ShouldBe(320);
        (await JpegAsync(harness, result.GetProperty("evidenceUrl").GetString()!)).Width.ShouldBe(768);
    }

    [Fact]
    public async Task Run_CleanCamera_HasNoEvidence()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");

        var result = await harness.RunAsync(camera);

        result.GetProperty("detectedCount").GetInt32().ShouldBe(0);
        AnalyzeApiTests.Finding(result.GetProperty("findings"), "FrozenPicture").GetProperty("detected").GetBoolean().ShouldBeFalse();
        result.GetProperty("evidenceUrl").ValueKind.ShouldBe(JsonValueKind.Null);
        result.GetProperty("thumbnailUrl").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task Run_CameraWithoutFrame_IsNoFrameWithReason()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        harness.Frames.Show(camera, StillPicture.NoFrame);

        var result = await harness.RunAsync(camera);

        result.GetProperty("status").GetString().ShouldBe("NoFrame");
        result.GetProperty("failureReason").GetString()!.ShouldContain("timed out");
        result.GetProperty("findings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Run_WhileSchedulerSyncs_IsAccepted()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var scheduler = harness.App.Services.GetRequiredService<Server.Diagnosis.DiagnosisScheduler>();

        // The sync gives each new camera its due time while "diagnose now" queues a round of it, and neither may fail.
        for (var i = 0; i < 20; i++)
        {
            var camera = await harness.AddCameraAsync($"CAM-{i}");
            scheduler.RequestSync();

            var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/run", null, Token);

            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, $"camera {i}: {await response.Content.ReadAsStringAsync(Token)}");
        }
    }

    [Fact]
    public async Task Run_Response_Is202WithLinks()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/run", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/diagnosis/cameras/{camera}/latest");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        body.GetProperty("results").GetString().ShouldBe($"/api/v1/diagnosis/results?cameraId={camera}");
    }

    [Fact]
    public async Task Run_Switch_IsRejected()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var (network, _) = await harness.AddSwitchAsync("SW-1");

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{network}/run", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Run_UnknownCamera_IsNotFound()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/cameras/999999/run", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RunOrganization_QueuesEveryCoveredCamera()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var branch = await harness.AddOrganizationAsync("城区分局", harness.OrganizationId);
        var first = await harness.AddCameraAsync("CAM-1", branch);
        var second = await harness.AddCameraAsync("CAM-2", branch);
        await harness.AddCameraAsync("CAM-3");

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/organizations/{branch}/run", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("cameraCount").GetInt32().ShouldBe(2);
        await DiagnosisHarness.WaitUntilAsync(async () => (await ResultsAsync(harness, $"organizationId={branch}")).GetProperty("totalCount").GetInt32() == 2,
            "both cameras of the branch to be diagnosed");
        var items = (await ResultsAsync(harness, $"organizationId={branch}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("deviceId").GetInt64());
        items.ShouldBe([first, second], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Results_FindingFilter_KeepsRoundsWithThatFault(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);
        var dark = await harness.AddCameraAsync("CAM-DARK");
        var clean = await harness.AddCameraAsync("CAM-CLEAN");
        harness.Frames.Show(dark, StillPicture.Dark);
        await harness.RunAsync(dark);
        await harness.RunAsync(clean);

        var page = await ResultsAsync(harness, "finding=TooDark");

        page.GetProperty("totalCount").GetInt32().ShouldBe(1);
        page.GetProperty("items")[0].GetProperty("deviceId").GetInt64().ShouldBe(dark);
    }

    [Fact]
    public async Task Results_UnknownFinding_IsRejected()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);

        var response = await harness.Client.GetAsync("/api/v1/diagnosis/results?finding=Fog", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Scheduler_NewCamera_GetsADueTime()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Diagnosis:SyncSeconds"] = "1" });
        var camera = await harness.AddCameraAsync("CAM-1");

        await DiagnosisHarness.WaitUntilAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            return await db.DiagnosisDue.AnyAsync(d => d.DeviceId == camera, Token);
        }, "the camera's due time");
    }

    [Fact]
    public async Task Scheduler_OverdueCamera_IsDiagnosedWithoutARequest()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        await using (var db = harness.App.CreateDbContext())
        {
            // A due time stored before a restart: the loop finds it in the database.
            db.DiagnosisDue.Add(new Server.Diagnosis.DiagnosisDue { DeviceId = camera, DueAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
            await db.SaveChangesAsync(Token);
        }

        await DiagnosisHarness.WaitUntilAsync(async () => (await ResultsAsync(harness, $"cameraId={camera}")).GetProperty("totalCount").GetInt32() == 1,
            "the scheduled round");

        var result = (await ResultsAsync(harness, $"cameraId={camera}")).GetProperty("items")[0];
        result.GetProperty("trigger").GetString().ShouldBe("Scheduled");

        // The scheduler stores the result first and then replaces the claim's 10-minute lease with the next due time.
        await DiagnosisHarness.WaitUntilAsync(async () =>
        {
            await using var check = harness.App.CreateDbContext();
            return (await check.DiagnosisDue.SingleAsync(d => d.DeviceId == camera, Token)).DueAt > DateTimeOffset.UtcNow.AddMinutes(50);
        }, "the next due time after the round");
    }

    [Fact]
    public async Task Retention_OldRound_LosesPicturesThenRow()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Diagnosis:ImageRetentionDays"] = "30",
            ["Diagnosis:ResultRetentionDays"] = "90",
        });
        var camera = await harness.AddCameraAsync("CAM-1");
        harness.Frames.Show(camera, StillPicture.Dark);
        var result = await harness.RunAsync(camera);
        var id = result.GetProperty("id").GetInt64();
        await AgeAsync(harness, id, days: 40);
        var retention = harness.App.Services.GetService(typeof(Server.Diagnosis.DiagnosisRetention)) as Server.Diagnosis.DiagnosisRetention;

        var first = await retention!.PruneAsync(Token);
        var thumbnail = await harness.Client.GetAsync($"/api/v1/diagnosis/results/{id}/thumbnail", Token);
        await AgeAsync(harness, id, days: 100);
        var second = await retention.PruneAsync(Token);

        first.ShouldBe((2, 0));
        thumbnail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        second.ShouldBe((0, 1));
    }

    internal static async Task<JsonElement> ResultsAsync(DiagnosisHarness harness, string query) =>
        await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/diagnosis/results?{query}", Token);

    private static async Task AgeAsync(DiagnosisHarness harness, long resultId, int days)
    {
        await using var db = harness.App.CreateDbContext();
        var row = await db.DiagnosisResults.SingleAsync(r => r.Id == resultId, Token);
        row.CompletedAt = DateTimeOffset.UtcNow.AddDays(-days);
        await db.SaveChangesAsync(Token);
    }

    private static async Task<OpenCvSharp.Mat> JpegAsync(DiagnosisHarness harness, string url)
    {
        var response = await harness.Client.GetAsync(url, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        return OpenCvSharp.Cv2.ImDecode(await response.Content.ReadAsByteArrayAsync(Token), OpenCvSharp.ImreadModes.Color);
    }
}
