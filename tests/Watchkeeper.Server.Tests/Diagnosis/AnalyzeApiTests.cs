using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Diagnosis;

// The tests share one server, because starting one costs seconds and analyzing frames stores nothing. Only the
// part size cap, which needs another setting, starts its own.
public sealed class AnalyzeApiTests(SharedDiagnosisHarness shared) : IClassFixture<SharedDiagnosisHarness>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Analyze_DarkFrame_DetectsTooDarkWithRegion()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", Form(("images", "dark.jpg", StreetFrames.Dark)), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Token));
        var findings = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("findings");
        DetectedKinds(findings).ShouldBe(["TooDark"]);
        var finding = Finding(findings, "TooDark");
        finding.GetProperty("score").GetDouble().ShouldBeGreaterThan(0.5);
        finding.GetProperty("region").GetProperty("width").GetInt32().ShouldBe(768);
    }

    [Fact]
    public async Task Analyze_LiveFrames_DetectNothing()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze",
            Form(("images", "a.jpg", StreetFrames.Live[0]), ("images", "b.jpg", StreetFrames.Live[1])), Token);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var findings = body.GetProperty("findings");
        DetectedKinds(findings).ShouldBeEmpty();
        findings.EnumerateArray().ShouldAllBe(finding => finding.GetProperty("region").ValueKind == JsonValueKind.Null);
        Finding(findings, "FrozenPicture").GetProperty("score").GetDouble().ShouldBeLessThan(0.5);
        body.GetProperty("frameCount").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Analyze_RepeatedFrame_DetectsFrozenPicture()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze",
            Form(("images", "a.jpg", StreetFrames.Clean), ("images", "b.jpg", StreetFrames.Clean)), Token);

        var findings = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("findings");
        DetectedKinds(findings).ShouldBe(["FrozenPicture"]);
    }

    [Fact]
    public async Task Analyze_Sensitivity_MovesTheDecision()
    {
        var harness = await shared.GetAsync();
        var dim = Dim(StreetFrames.Clean);

        var relaxed = await AnalyzeAsync(harness, dim, "1");
        var strict = await AnalyzeAsync(harness, dim, "10");

        relaxed.GetProperty("detected").GetBoolean().ShouldBeFalse();
        strict.GetProperty("detected").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Analyze_GarbageSecondPart_NamesThePart()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze",
            Form(("images", "a.jpg", StreetFrames.Clean), ("images", "b.jpg", "not a picture"u8.ToArray())), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("images[1]");
    }

    [Fact]
    public async Task Analyze_NoImagesPart_IsRejected()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", Form(("reference", "r.jpg", StreetFrames.Clean)), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("images");
    }

    [Fact]
    public async Task Analyze_UnknownPart_IsRejected()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze",
            Form(("images", "a.jpg", StreetFrames.Clean), ("picture", "p.jpg", StreetFrames.Clean)), Token);

        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("picture");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("high")]
    public async Task Analyze_InvalidSensitivity_IsRejected(string sensitivity)
    {
        var harness = await shared.GetAsync();
        var form = Form(("images", "a.jpg", StreetFrames.Clean));
        form.Add(new StringContent(sensitivity), "sensitivity");

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", form, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldBe("sensitivity");
    }

    [Fact]
    public async Task Analyze_PartAboveTheCap_IsRejected()
    {
        await using var harness = await DiagnosisHarness.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Diagnosis:MaxImageBytes"] = "10000",
        });

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", Form(("images", "a.jpg", StreetFrames.Clean)), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("field").GetString().ShouldStartWith("images");
    }

    [Fact]
    public async Task Analyze_TooManyParts_IsRejected()
    {
        var harness = await shared.GetAsync();
        var parts = Enumerable.Range(0, 17).Select(i => ("images", $"{i}.jpg", StreetFrames.Clean)).ToArray();

        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", Form(parts), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Analyze_JsonBody_IsUnsupported()
    {
        var harness = await shared.GetAsync();

        var response = await harness.Client.PostAsJsonAsync("/api/v1/diagnosis/analyze", new { images = "x" }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Analyze_StoresNothing()
    {
        var harness = await shared.GetAsync();

        await harness.Client.PostAsync("/api/v1/diagnosis/analyze", Form(("images", "dark.jpg", StreetFrames.Dark)), Token);

        await using var db = harness.App.CreateDbContext();
        (await db.DiagnosisResults.CountAsync(Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Analyze_WithoutToken_IsUnauthorized()
    {
        var harness = await shared.GetAsync();
        using var anonymous = harness.App.CreateClient();

        var response = await anonymous.PostAsync("/api/v1/diagnosis/analyze", Form(("images", "a.jpg", StreetFrames.Clean)), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenApi_ListsDiagnosisAndIntactRate()
    {
        var harness = await shared.GetAsync();

        var paths = (await harness.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Token)).GetProperty("paths");

        paths.TryGetProperty("/api/v1/diagnosis/analyze", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/diagnosis/results", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/kpi/intact-rate", out _).ShouldBeTrue();
    }

    private static async Task<JsonElement> AnalyzeAsync(DiagnosisHarness harness, byte[] image, string sensitivity)
    {
        var form = Form(("images", "dim.jpg", image));
        form.Add(new StringContent(sensitivity), "sensitivity");
        var response = await harness.Client.PostAsync("/api/v1/diagnosis/analyze", form, Token);
        return Finding((await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("findings"), "TooDark");
    }

    /// <summary>The entry of one check among the entries of every check that ran.</summary>
    internal static JsonElement Finding(JsonElement findings, string kind) =>
        findings.EnumerateArray().Single(finding => finding.GetProperty("kind").GetString() == kind);

    internal static List<string?> DetectedKinds(JsonElement findings) => findings.EnumerateArray()
        .Where(finding => finding.GetProperty("detected").GetBoolean())
        .Select(finding => finding.GetProperty("kind").GetString())
        .ToList();

    /// <summary>The street frame at a brightness whose too-dark score sits between the thresholds of sensitivity 1 and 10.</summary>
    private static byte[] Dim(byte[] jpeg)
    {
        using var frame = OpenCvSharp.Cv2.ImDecode(jpeg, OpenCvSharp.ImreadModes.Color);
        using var grey = frame.CvtColor(OpenCvSharp.ColorConversionCodes.BGR2GRAY);
        var mean = OpenCvSharp.Cv2.Mean(grey).Val0;

        // Too dark scores 0 at a mean luma of 36 and 0.5 at 30, so a mean of 32 scores about 0.33: below 0.82 (sensitivity
        // 1), above 0.1 (sensitivity 10).
        using var dim = new OpenCvSharp.Mat();
        frame.ConvertTo(dim, -1, 32 / mean, 0);
        OpenCvSharp.Cv2.ImEncode(".png", dim, out var bytes);
        return bytes;
    }

    internal static MultipartFormDataContent Form(params (string Name, string FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, bytes) in parts)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, name, fileName);
        }

        return form;
    }
}
