using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Api;
using Watchkeeper.Vision;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Diagnosis;

public static class DiagnosisEndpoints
{
    public static IEndpointRouteBuilder MapDiagnosisApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/diagnosis").WithTags("Diagnosis");
        var creators = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.Create);
        var viewers = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.View);

        creators.MapPost("/analyze", AnalyzeAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AnalyzeResponse>()
            .WithSummary("Run the analyzers on uploaded pictures (images parts in time order, optional reference part, optional sensitivity 1-10); stores nothing");

        creators.MapPost("/cameras/{id:long}/run", async (long id, DiagnosisCommands commands, CancellationToken cancellationToken) =>
            From(await commands.RunNowAsync(id, takeReference: false, cancellationToken), accepted => TypedResults.Accepted(accepted.Latest, accepted)))
            .WithSummary("Diagnose a camera now: queues a round and returns 202 with links to its result");
        viewers.MapGet("/cameras/{id:long}/latest", async (long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
            await queries.LatestAsync(id, cancellationToken) is { } result ? TypedResults.Ok(result) : ApiResults.Problem(DiagnosisErrors.ResultNotFound(id)))
            .WithSummary("The camera's latest diagnosis round");
        viewers.MapGet("/cameras/{id:long}/plan", async (long id, DiagnosisPlanService plans, CancellationToken cancellationToken) =>
            From(await plans.EffectiveAsync(id, cancellationToken), value => TypedResults.Ok(value)))
            .WithSummary("The diagnosis plan in force for a camera: its organization's, the nearest above, or the built-in default");
        creators.MapPost("/organizations/{id:long}/run", async (long id, DiagnosisCommands commands, CancellationToken cancellationToken) =>
            From(await commands.RunOrganizationAsync(id, cancellationToken), accepted => TypedResults.Accepted(accepted.Results, accepted)))
            .WithSummary("Diagnose every covered camera of an organization's subtree now (queued)");

        viewers.MapGet("/results", ListResultsAsync)
            .WithSummary("Diagnosis results, newest first; finding=Blur keeps rounds in which that check found a fault");
        viewers.MapGet("/results/{id:long}", async (long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
            await queries.GetAsync(id, cancellationToken) is { } result ? TypedResults.Ok(result) : ApiResults.Problem(DiagnosisErrors.ResultNotFound(id)))
            .WithSummary("One diagnosis round with every check's score and region");
        viewers.MapGet("/results/{id:long}/thumbnail", (long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
            ImageAsync(DiagnosisImageKind.Thumbnail, id, queries, cancellationToken)).WithSummary("The round's thumbnail (JPEG)");
        viewers.MapGet("/results/{id:long}/evidence", (long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
            ImageAsync(DiagnosisImageKind.Evidence, id, queries, cancellationToken)).WithSummary("The round's evidence with the findings outlined (JPEG)");

        MapReferences(group);
        MapPlans(group);
        return routes;
    }

    private static void MapReferences(RouteGroupBuilder group)
    {
        var viewers = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.Edit);

        viewers.MapGet("/cameras/{id:long}/references", async (long id, DiagnosisCommands commands, CancellationToken cancellationToken) =>
            From(await commands.ReferencesAsync(id, cancellationToken), value => TypedResults.Ok(value)))
            .WithSummary("The camera's reference images, current and retired, newest first");
        editors.MapPost("/cameras/{id:long}/references/from-latest", async (long id, ReferenceRequest? request, ClaimsPrincipal user,
                DiagnosisCommands commands, CancellationToken cancellationToken) =>
            From(await commands.ReferenceFromLatestAsync(id, request ?? new ReferenceRequest(null, null), AlarmEndpoints.UserNameOf(user), cancellationToken),
                reference => TypedResults.Created(reference.ImageUrl, reference)))
            .WithSummary("Make the camera's latest clean diagnosis frame its reference image");
        editors.MapPost("/cameras/{id:long}/references", UploadReferenceAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload a reference image (multipart: image part, optional reason and presetNumber fields)");
        editors.MapPost("/cameras/{id:long}/references/rebaseline", async (long id, DiagnosisCommands commands, CancellationToken cancellationToken) =>
            From(await commands.RebaselineAsync(id, cancellationToken), accepted => TypedResults.Accepted(accepted.Latest, accepted)))
            .WithSummary("Re-baseline after a planned change: the next clean frame becomes the reference");
        viewers.MapGet("/references/{id:long}/image", (long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
            ImageAsync(DiagnosisImageKind.Reference, id, queries, cancellationToken)).WithSummary("A reference image (JPEG)");
    }

    private static void MapPlans(RouteGroupBuilder group)
    {
        var viewers = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.View);
        var administrators = group.MapGroup("").RequirePermission(Capability.Diagnosis, PermissionAction.Administer);

        viewers.MapGet("/plans", async (DiagnosisPlanService plans, CancellationToken cancellationToken) =>
            TypedResults.Ok(await plans.ListAsync(cancellationToken))).WithSummary("Every organization's diagnosis plan");
        viewers.MapGet("/plans/{id:long}", async (long id, DiagnosisPlanService plans, CancellationToken cancellationToken) =>
            await plans.GetAsync(id, cancellationToken) is { } plan ? TypedResults.Ok(plan) : ApiResults.Problem(DiagnosisErrors.PlanNotFound(id)))
            .WithSummary("One diagnosis plan");
        administrators.MapPost("/plans", async (DiagnosisPlanInput input, ClaimsPrincipal user, DiagnosisPlanService plans, CancellationToken cancellationToken) =>
            From(await plans.CreateAsync(input, AlarmEndpoints.UserNameOf(user), cancellationToken), plan => TypedResults.Created($"/api/v1/diagnosis/plans/{plan.Id}", plan)))
            .WithSummary("Create an organization's diagnosis plan; it applies to the subtree unless a lower organization has its own");
        administrators.MapPut("/plans/{id:long}", async (long id, DiagnosisPlanInput input, ClaimsPrincipal user, DiagnosisPlanService plans, CancellationToken cancellationToken) =>
            From(await plans.UpdateAsync(id, input, AlarmEndpoints.UserNameOf(user), cancellationToken), value => TypedResults.Ok(value)))
            .WithSummary("Change a diagnosis plan; fields left out stay as they are");
        administrators.MapDelete("/plans/{id:long}", async (long id, DiagnosisPlanService plans, CancellationToken cancellationToken) =>
        {
            var result = await plans.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).WithSummary("Delete a diagnosis plan; its organizations fall back to the plan above or the built-in default");
    }

    private static async Task<IResult> AnalyzeAsync(HttpRequest request, DiagnosisEngine engine, IOptions<VideoDiagnosisOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = Math.Max(1024, options.Value.MaxImageBytes);
        var form = await AnalyzeRequestReader.ReadFormAsync(request, maxBytes, FrameSet.MaxFrames + 1, cancellationToken);
        if (!form.IsSuccess)
        {
            return ApiResults.Problem(form.Errors);
        }

        var parsed = await AnalyzeRequestReader.ParseAsync(form.Value, maxBytes, cancellationToken);
        if (!parsed.IsSuccess)
        {
            return ApiResults.Problem(parsed.Errors);
        }

        var input = parsed.Value;
        var decoded = FrameSet.Decode(input.Images, input.Reference, input.Interval, input.ParkedAtPreset);
        if (!decoded.IsSuccess)
        {
            return ApiResults.Problem(decoded.Errors);
        }

        using var frames = decoded.Value;
        var report = await engine.AnalyzeAsync(frames, input.Options, cancellationToken);
        var findings = report.Findings.Select(f => new FindingView(f.Kind, f.Detected, Math.Round(f.Score, 4), RegionView.From(f.Region), f.Detail)).ToList();
        return TypedResults.Ok(new AnalyzeResponse(findings, frames.Frames.Count, frames.Width, frames.Height, frames.Reference is not null,
            Math.Round(report.Elapsed.TotalMilliseconds, 2)));
    }

    private static async Task<IResult> UploadReferenceAsync(long id, HttpRequest request, ClaimsPrincipal user, DiagnosisCommands commands,
        IOptions<VideoDiagnosisOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = Math.Max(1024, options.Value.MaxImageBytes);
        var form = await AnalyzeRequestReader.ReadFormAsync(request, maxBytes, 1, cancellationToken);
        if (!form.IsSuccess)
        {
            return ApiResults.Problem(form.Errors);
        }

        var files = form.Value.Files;
        if (files.Count != 1 || files[0].Name != "image")
        {
            return ApiResults.Problem(Error.Validation("diagnosis.reference.image", Bilingual.Join(
                "请在名为 image 的部分中上传一张图片。", "Upload exactly one picture in a part named 'image'."), "image"));
        }

        var part = await AnalyzeRequestReader.ReadPartAsync(files[0], "image", maxBytes, cancellationToken);
        if (!part.IsSuccess)
        {
            return ApiResults.Problem(part.Errors);
        }

        int? preset = null;
        var presetText = form.Value["presetNumber"].ToString();
        if (!string.IsNullOrWhiteSpace(presetText))
        {
            if (!int.TryParse(presetText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return ApiResults.Problem(DiagnosisErrors.PresetNumber());
            }

            preset = number;
        }

        var reference = new ReferenceRequest(form.Value["reason"].ToString(), preset);
        return From(await commands.UploadReferenceAsync(id, "image", part.Value.Bytes, reference, AlarmEndpoints.UserNameOf(user), cancellationToken),
            view => TypedResults.Created(view.ImageUrl, view));
    }

    private static async Task<IResult> ListResultsAsync(DiagnosisQueries queries, CancellationToken cancellationToken, long? cameraId = null,
        long? organizationId = null, string? finding = null, string? status = null, bool? faultsOnly = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null, int page = 1, int pageSize = 50)
    {
        DiagnosisKind? kind = null;
        if (!string.IsNullOrEmpty(finding))
        {
            if (!Enum.TryParse<DiagnosisKind>(finding, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(finding, out _))
            {
                return ApiResults.Problem(Error.Validation("diagnosis.filter.finding", Bilingual.Join(
                    $"检查项“{finding}”无效，可选：{string.Join(", ", Enum.GetNames<DiagnosisKind>())}。",
                    $"Finding '{finding}' is invalid; use one of: {string.Join(", ", Enum.GetNames<DiagnosisKind>())}."), "finding"));
            }

            kind = parsed;
        }

        DiagnosisStatus? parsedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DiagnosisStatus>(status, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(status, out _))
            {
                return ApiResults.Problem(Error.Validation("diagnosis.filter.status", Bilingual.Join(
                    $"状态“{status}”无效，可选 Analyzed、NoFrame。", $"Status '{status}' is invalid; use Analyzed or NoFrame."), "status"));
            }

            parsedStatus = value;
        }

        if (page < 1 || pageSize < 1 || pageSize > DiagnosisQueries.MaxPageSize)
        {
            return ApiResults.Problem(Error.Validation("diagnosis.filter.paging", Bilingual.Join(
                $"page 须 ≥ 1，pageSize 须在 1–{DiagnosisQueries.MaxPageSize} 之间。", $"page must be at least 1 and pageSize 1-{DiagnosisQueries.MaxPageSize}."), "pageSize"));
        }

        var filter = new DiagnosisResultFilter(cameraId, organizationId, kind, parsedStatus, faultsOnly, from?.ToUniversalTime(), to?.ToUniversalTime());
        return TypedResults.Ok(await queries.ListAsync(filter, page, pageSize, cancellationToken));
    }

    private static async Task<IResult> ImageAsync(DiagnosisImageKind kind, long id, DiagnosisQueries queries, CancellationToken cancellationToken) =>
        await queries.ImagePathAsync(kind, id, cancellationToken) is { } path
            ? TypedResults.PhysicalFile(path, "image/jpeg")
            : ApiResults.Problem(DiagnosisErrors.ImageNotFound());

    private static IResult From<T>(Result<T> result, Func<T, IResult> onSuccess) => ApiResults.From(result, onSuccess);
}
