using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Diagnosis;

public sealed class ReferenceImageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FirstCleanRound_BecomesTheReference(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);
        var camera = await harness.AddCameraAsync("CAM-1");

        await harness.RunAsync(camera);
        var second = await harness.RunAsync(camera);

        var reference = (await ReferencesAsync(harness, camera)).ShouldHaveSingleItem();
        reference.GetProperty("isCurrent").GetBoolean().ShouldBeTrue();
        reference.GetProperty("takenBy").GetString().ShouldBe("system");
        second.GetProperty("referenceImageId").GetInt64().ShouldBe(reference.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task RoundAfterReference_ComparesWithIt()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        var first = await harness.RunAsync(camera);

        var second = await harness.RunAsync(camera);

        first.GetProperty("findings").EnumerateArray().ShouldNotContain(f => f.GetProperty("kind").GetString() == "SceneChange");
        AnalyzeApiTests.Finding(second.GetProperty("findings"), "SceneChange").GetProperty("detected").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task DarkFirstRound_TakesNoReference()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        harness.Frames.Show(camera, StillPicture.Dark);

        await harness.RunAsync(camera);

        (await ReferencesAsync(harness, camera)).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Upload_RetiresThePreviousReference(DatabaseProvider provider)
    {
        await using var harness = await DiagnosisHarness.StartAsync(provider);
        var camera = await harness.AddCameraAsync("CAM-1");
        await harness.RunAsync(camera);
        var form = AnalyzeApiTests.Form(("image", "view.jpg", StreetFrames.Clean));
        form.Add(new StringContent("镜头调整后重新拍摄"), "reason");
        form.Add(new StringContent("3"), "presetNumber");

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/references", form, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        var history = await ReferencesAsync(harness, camera);
        history.Count.ShouldBe(2);
        history[0].GetProperty("isCurrent").GetBoolean().ShouldBeTrue();
        history[0].GetProperty("presetNumber").GetInt32().ShouldBe(3);
        history[0].GetProperty("reason").GetString().ShouldBe("镜头调整后重新拍摄");
        history[1].GetProperty("isCurrent").GetBoolean().ShouldBeFalse();
        history[1].GetProperty("retiredAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Upload_Garbage_IsRejected()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/references",
            AnalyzeApiTests.Form(("image", "view.jpg", "GIF89a"u8.ToArray())), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("image");
    }

    [Fact]
    public async Task FromLatest_WithoutCleanRound_IsConflict()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");

        var response = await harness.Client.PostAsJsonAsync($"/api/v1/diagnosis/cameras/{camera}/references/from-latest", new { reason = "test" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task FromLatest_AfterCleanRound_SetsReferenceAndServesIt()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        await harness.RunAsync(camera);

        var response = await harness.Client.PostAsJsonAsync($"/api/v1/diagnosis/cameras/{camera}/references/from-latest", new { reason = "维护后确认" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var reference = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        reference.GetProperty("width").GetInt32().ShouldBe(768);
        var image = await harness.Client.GetAsync(reference.GetProperty("imageUrl").GetString(), Token);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task Rebaseline_NextCleanFrameReplacesTheReference()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite);
        var camera = await harness.AddCameraAsync("CAM-1");
        await harness.RunAsync(camera);
        var before = (await ReferencesAsync(harness, camera)).ShouldHaveSingleItem().GetProperty("id").GetInt64();

        var response = await harness.Client.PostAsync($"/api/v1/diagnosis/cameras/{camera}/references/rebaseline", null, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await DiagnosisHarness.WaitUntilAsync(async () => (await ReferencesAsync(harness, camera)).Count == 2, "the new reference");

        var history = await ReferencesAsync(harness, camera);
        history[0].GetProperty("isCurrent").GetBoolean().ShouldBeTrue();
        history[1].GetProperty("id").GetInt64().ShouldBe(before);
        history[1].GetProperty("isCurrent").GetBoolean().ShouldBeFalse();
    }

    private static async Task<List<JsonElement>> ReferencesAsync(DiagnosisHarness harness, long camera) =>
        (await harness.Client.GetFromJsonAsync<JsonElement>($"/api/v1/diagnosis/cameras/{camera}/references", Token)).EnumerateArray().ToList();
}
