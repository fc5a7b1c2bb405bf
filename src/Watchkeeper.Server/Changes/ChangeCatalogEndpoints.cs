using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>Routes of standard-change templates, freeze periods, the change calendar and change attachments.</summary>
public static class ChangeCatalogEndpoints
{
    public static IEndpointRouteBuilder MapChangeCatalogApi(this IEndpointRouteBuilder routes)
    {
        var templates = routes.MapGroup("/api/v1/change-templates").WithTags("Changes");
        templates.MapGet("/", async (bool? active, ChangeTemplates service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.ListAsync(active ?? false, cancellationToken)))
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("The standard-change templates by category and name; active=true lists only those new Standard changes may use");
        templates.MapPost("/", (ChangeTemplateInput input, ClaimsPrincipal user, UserAccessService access, ChangeTemplates service,
                CancellationToken cancellationToken) =>
                TemplateResultAsync(user, access, caller => service.CreateAsync(input, caller, cancellationToken), created: true, cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Administer)
            .WithSummary("Add a standard-change template: name, description, category, steps, rollbackPlan, risk, allowedDeviceKinds, requiresNotice, " +
                "approvedBy, approvedAt");
        templates.MapPut("/{id:long}", (long id, ChangeTemplateInput input, ClaimsPrincipal user, UserAccessService access, ChangeTemplates service,
                CancellationToken cancellationToken) =>
                TemplateResultAsync(user, access, caller => service.UpdateAsync(id, input, caller, cancellationToken), created: false, cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Administer).WithSummary("Replace a standard-change template's fields");
        templates.MapPost("/{id:long}/activate", (long id, ClaimsPrincipal user, UserAccessService access, ChangeTemplates service,
                CancellationToken cancellationToken) =>
                TemplateResultAsync(user, access, caller => service.SetActiveAsync(id, true, caller, cancellationToken), created: false, cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Administer).WithSummary("Let new Standard changes use the template again");
        templates.MapPost("/{id:long}/deactivate", (long id, ClaimsPrincipal user, UserAccessService access, ChangeTemplates service,
                CancellationToken cancellationToken) =>
                TemplateResultAsync(user, access, caller => service.SetActiveAsync(id, false, caller, cancellationToken), created: false, cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Administer)
            .WithSummary("Stop new Standard changes from using the template; changes already raised from it keep it");

        var freezes = routes.MapGroup("/api/v1/change-freeze-periods").WithTags("Changes");
        freezes.MapGet("/", async (ChangeFreezes service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.ListAsync(null, null, cancellationToken)))
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("The freeze periods for every organization or for organizations in your scope, earliest first");
        freezes.MapPost("/", async (ChangeFreezeInput input, ClaimsPrincipal user, UserAccessService access, ChangeFreezes service,
                CancellationToken cancellationToken) =>
            {
                var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
                var created = await service.CreateAsync(input, caller, cancellationToken);
                return created.IsSuccess
                    ? TypedResults.Created($"/api/v1/change-freeze-periods/{created.Value.Id}", created.Value)
                    : ApiResults.Problem(created.Errors);
            }).RequirePermission(Capability.Changes, PermissionAction.Administer)
            .WithSummary("Add a freeze period: name, startAt, endAt, organizationIds (empty for every organization), reason");
        freezes.MapDelete("/{id:long}", async (long id, ClaimsPrincipal user, UserAccessService access, ChangeFreezes service,
                CancellationToken cancellationToken) =>
            {
                var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
                var deleted = await service.DeleteAsync(id, caller, cancellationToken);
                return deleted.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(deleted.Errors);
            }).RequirePermission(Capability.Changes, PermissionAction.Administer).WithSummary("Delete a freeze period");

        var changes = routes.MapGroup("/api/v1/changes").WithTags("Changes");
        changes.MapGet("/calendar", async (string? from, string? to, ChangeCalendar calendar, CancellationToken cancellationToken) =>
            {
                if (Instant(from) is not { } start || Instant(to) is not { } end || end <= start || (end - start).TotalDays > ChangeCalendar.MaxRangeDays)
                {
                    return ApiResults.Problem(ChangeCatalogErrors.CalendarRangeInvalid(ChangeCalendar.MaxRangeDays));
                }

                return TypedResults.Ok(await calendar.GetAsync(start, end, cancellationToken));
            }).RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("The change calendar from/to (ISO 8601, at most 62 days): windows, freeze periods, and conflicts (overlapping windows " +
                "on shared devices, changes in a freeze period)");

        // Browsers do not send bearer tokens on their own, and the sign-in cookie is SameSite=Lax, so a cross-site
        // form cannot post here with the user's rights. Scripts therefore need no antiforgery token.
        changes.MapPost("/{id:long}/attachments", UploadAsync)
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces<IReadOnlyList<ChangeAttachmentView>>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequirePermission(Capability.Changes, PermissionAction.Edit)
            .WithSummary("Attach release notes, patch files, firmware images or plan documents (multipart: files, and kind ReleaseNotes, Patch, " +
                "Plan or Other); each is checked, its SHA-256 computed, and the upload recorded on the change's activity log");
        changes.MapGet("/{id:long}/attachments", async (long id, ChangeAttachmentService service, CancellationToken cancellationToken) =>
                await service.ListAsync(id, cancellationToken) is { } attachments
                    ? TypedResults.Ok(attachments)
                    : ApiResults.Problem(ChangeApiErrors.NotFound(id)))
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("A change's attachments, oldest first: kind, file name, content type, size, SHA-256, firmware image or not, uploader and time");
        changes.MapGet("/{id:long}/attachments/{attachmentId:long}", DownloadAsync)
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("Download one attachment with its stored content type, as a file (Content-Disposition: attachment)");
        return routes;
    }

    private static async Task<IResult> TemplateResultAsync(ClaimsPrincipal user, UserAccessService access,
        Func<UserAccess, Task<Result<ChangeTemplate>>> act, bool created, CancellationToken cancellationToken)
    {
        var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
        var result = await act(caller);
        if (!result.IsSuccess)
        {
            return ApiResults.Problem(result.Errors);
        }

        return created ? TypedResults.Created($"/api/v1/change-templates/{result.Value.Id}", result.Value) : TypedResults.Ok(result.Value);
    }

    private static async Task<IResult> UploadAsync(long id, HttpContext context, ClaimsPrincipal user, UserAccessService access,
        ChangeAttachmentService service, IOptions<ChangeAttachmentOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var files = await AttachmentForms.ReadFilesAsync(context, Math.Min(limits.MaxChangeBytes, limits.MaxFileBytes * limits.MaxFilesPerUpload),
            ChangeCatalogErrors.Upload, cancellationToken);
        if (!files.IsSuccess)
        {
            return ApiResults.Problem(files.Errors);
        }

        var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
        var kind = context.Request.Form["kind"].ToString();
        var stored = await service.UploadAsync(id, kind, files.Value, caller, cancellationToken);
        return stored.IsSuccess ? TypedResults.Created($"/api/v1/changes/{id}/attachments", stored.Value) : ApiResults.Problem(stored.Errors);
    }

    private static async Task<IResult> DownloadAsync(long id, long attachmentId, HttpContext context, ChangeAttachmentService service,
        CancellationToken cancellationToken)
    {
        var opened = await service.OpenAsync(id, attachmentId, cancellationToken);
        if (!opened.IsSuccess)
        {
            return ApiResults.Problem(opened.Errors);
        }

        var (attachment, content) = opened.Value;

        // The stored type was checked against the content (firmware images by extension only), and nosniff keeps browsers from guessing another one.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, attachment.ContentType, attachment.StoredName, enableRangeProcessing: true);
    }

    private static DateTimeOffset? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;
}
